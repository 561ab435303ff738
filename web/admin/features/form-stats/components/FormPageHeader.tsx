import { Badge, Space, Tabs, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TFormDetail } from '../../../../../common/forms';
import { PageHeader } from '../../../shared/components/PageHeader';

export type FormPageTab = 'stats' | 'submissions' | 'notReported';

/**
 * The title of a form's results pages (form title, mode, status) with tabs between statistics,
 * submissions and — for daily check-ins — who has not reported; the alerts tab carries the open count.
 */
export function FormPageHeader({ form, active, extra }: { form: TFormDetail | undefined; active: FormPageTab; extra?: ReactNode }) {
  const { t } = useTranslation('formStats');
  const navigate = useNavigate();
  const id = form?.id;
  const pageTitle = t(`tabs.${active}`);
  const items = [
    { key: 'stats', label: t('tabs.stats') },
    { key: 'submissions', label: t('tabs.submissions') },
    ...(form?.mode === 'daily' ? [{ key: 'notReported', label: t('tabs.notReported') }] : []),
    {
      key: 'alerts',
      label: (
        <span data-testid="form-alerts-tab">
          {t('tabs.alerts')} <Badge count={form?.openAlerts ?? 0} size="small" title={t('openAlerts')} data-testid="form-open-alerts" />
        </span>
      ),
    },
    { key: 'design', label: t('tabs.design') },
  ];
  const go = (key: string) => {
    if (!id) return;
    if (key === 'stats') navigate(`/forms/${id}/stats`);
    else if (key === 'submissions') navigate(`/forms/${id}/submissions`);
    else if (key === 'notReported') navigate(`/forms/${id}/not-reported`);
    else if (key === 'alerts') navigate(`/form-alerts?form=${id}`);
    else if (key === 'design') navigate(`/forms/${id}`);
  };
  return (
    <>
      <PageHeader
        title={form ? `${form.title} · ${pageTitle}` : pageTitle}
        extra={
          <Space wrap>
            {form && (
              <>
                <Tag color="blue">{t(`mode.${form.mode}`)}</Tag>
                <Tag color={form.status === 'published' ? 'green' : form.status === 'closed' ? 'default' : 'orange'}>{t(`status.${form.status}`)}</Tag>
              </>
            )}
            {extra}
          </Space>
        }
      />
      <Tabs className="form-stats-tabs" activeKey={active} items={items} onChange={go} data-testid="form-results-tabs" />
    </>
  );
}
