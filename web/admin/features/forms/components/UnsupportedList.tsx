import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface UnsupportedItem {
  row: number;
  sheet: string;
  message: string;
}

/** What an XLSForm import could not carry over, row by row, so the designer can add it by hand. */
export function UnsupportedList({ items, title, onClose }: { items: UnsupportedItem[]; title?: string; onClose?: () => void }) {
  const { t } = useTranslation('forms');
  if (items.length === 0) return <Alert type="success" showIcon title={t('importModal.allSupported')} data-testid="xlsform-unsupported-none" />;
  return (
    <Alert
      type="warning"
      showIcon
      closable={!!onClose}
      onClose={onClose}
      title={title ?? t('importModal.unsupportedTitle', { count: items.length })}
      data-testid="xlsform-unsupported"
      description={
        <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
          {items.map((u, i) => (
            <li key={i} data-testid="xlsform-unsupported-item">
              <Typography.Text strong>{t('importModal.row', { sheet: u.sheet, row: u.row })}</Typography.Text>：{u.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
