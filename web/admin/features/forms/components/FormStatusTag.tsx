import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormStatus } from '../../../../../common/form-definition';

const COLORS: Record<FormStatus, string | undefined> = { draft: undefined, published: 'green', closed: 'default' };

/** 草稿 / 已发布 / 已关闭, with a note when the draft is ahead of what residents see. */
export function FormStatusTag({ status, hasDraftChanges }: { status: FormStatus; hasDraftChanges?: boolean }) {
  const { t } = useTranslation('forms');
  return (
    <span data-testid="form-status" data-status={status}>
      <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>
      {hasDraftChanges && status !== 'draft' && <Tag color="orange">{t('draftChanges')}</Tag>}
    </span>
  );
}
