import { PlusOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES, type FieldType } from '../../../../../common/form-definition';

/** 添加问题: a menu of the question types. */
export function AddFieldButton({ onAdd, disabled }: { onAdd: (type: FieldType) => void; disabled?: boolean }) {
  const { t } = useTranslation('forms');
  return (
    <Dropdown
      disabled={disabled}
      trigger={['click']}
      menu={{
        items: FIELD_TYPES.map((type) => ({ key: type, label: <span data-testid={`field-add-${type}`}>{t(`fieldType.${type}`)}</span> })),
        onClick: ({ key }) => onAdd(key as FieldType),
      }}
    >
      <Button type="dashed" block icon={<PlusOutlined />} data-testid="field-add">
        {t('designer.addField')}
      </Button>
    </Dropdown>
  );
}
