import { Alert, App, Badge, Button, Popconfirm, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AlertActionModal } from '../components/AlertActionModal';
import { AlertStatusTag } from '../components/AlertStatusTag';
import { useAlertAction } from '../hooks/useAlertAction';
import { useFormAlerts, type AlertStatus, type FormAlert } from '../hooks/useFormAlerts';
import { useFormOptions } from '../hooks/useFormOptions';
import { withParams } from '../utils/dayRange';
import '../formStats.css';

const PAGE_SIZE = 50;
// As in common/forms.ts ALERT_STATUSES; spelt out so this page does not pull zod into its chunk.
const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'following', 'closed'];

/**
 * `/form-alerts?status&form&area&page`: submissions flagged by a form's alert rules, across the forms
 * in scope, newest first; asked again every 10 s so a grid worker sees a new one at once. With
 * form.alert: follow up (note, hand to someone), close with a note, reopen.
 */
export function FormAlertsPage() {
  const { t, i18n } = useTranslation('formStats');
  const { t: ta } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const { data: me } = useMe();
  const canAct = hasPermission(me, 'form.alert');
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = (ALERT_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as AlertStatus) : undefined;
  const form = Number(params.get('form')) || undefined;
  const area = Number(params.get('area')) || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useFormAlerts({ status, form, area, page, pageSize: PAGE_SIZE });
  const openCount = useFormAlerts({ status: 'open', form, area, page: 1, pageSize: 1 });
  const forms = useFormOptions();
  const reopen = useAlertAction();
  const [acting, setActing] = useState<{ alert: FormAlert; action: 'follow_up' | 'close' } | null>(null);

  const update = (changes: Record<string, string | undefined>) => setParams(withParams(params, { page: undefined, ...changes }), { replace: true });
  const done = (action: 'follow_up' | 'close' | 'reopen') => void message.success(t(`alerts.done.${action}`));

  const columns: TableColumnsType<FormAlert> = [
    { title: t('alerts.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span className="registry-nowrap">{formatDateTime(v, i18n.language)}</span> },
    {
      title: t('alerts.form'),
      dataIndex: 'formTitle',
      render: (v: string, row) => (
        <Link to={`/forms/${row.formId}/stats`} onClick={(e) => e.stopPropagation()}>
          {v}
        </Link>
      ),
    },
    { title: t('alerts.area'), dataIndex: 'areaName' },
    { title: t('alerts.rule'), dataIndex: 'rule', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('alerts.detail'), dataIndex: 'detail', render: (v: string) => <span className="form-stats-alerts">{v}</span> },
    {
      title: t('alerts.reporter'),
      key: 'reporter',
      render: (_, row) => (
        <span className="registry-nowrap">
          {row.reporterName} <span className="registry-number registry-muted">{row.reporterPhone}</span>
        </span>
      ),
    },
    { title: t('alerts.statusColumn'), dataIndex: 'status', render: (v: AlertStatus) => <AlertStatusTag status={v} /> },
    {
      title: t('alerts.assignee'),
      key: 'assignee',
      render: (_, row) => (
        <span data-testid="alert-follow-up">
          {row.assigneeName && <span className="registry-nowrap">{row.assigneeName}</span>}
          {row.note && <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 260 }} ellipsis={{ rows: 2, tooltip: row.note }}>{row.note}</Typography.Paragraph>}
        </span>
      ),
    },
    {
      title: t('alerts.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => (
        <Space size={0} wrap={false}>
          <Link to={`/forms/${row.formId}/submissions?sid=${encodeURIComponent(row.submissionId)}`}>
            <Button size="small" type="link" data-testid="alert-view-submission">
              {t('alerts.viewSubmission')}
            </Button>
          </Link>
          {canAct && row.status !== 'closed' && (
            <Button size="small" type="link" onClick={() => setActing({ alert: row, action: 'follow_up' })} data-testid="alert-follow-up-button">
              {t('alerts.followUp')}
            </Button>
          )}
          {canAct && row.status !== 'closed' && (
            <Button size="small" type="link" onClick={() => setActing({ alert: row, action: 'close' })} data-testid="alert-close-button">
              {t('alerts.close')}
            </Button>
          )}
          {canAct && row.status === 'closed' && (
            <Popconfirm
              title={t('alerts.reopenConfirm')}
              okText={t('alerts.reopen')}
              cancelText={ta('common.cancel')}
              onConfirm={() => reopen.mutateAsync({ id: row.id, action: 'reopen' }).then(() => done('reopen'), handleError)}
            >
              <Button size="small" type="link" data-testid="alert-reopen-button">
                {t('alerts.reopen')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('alerts.title')}
        extra={
          openCount.data ? (
            <Badge count={openCount.data.total} overflowCount={999} showZero color={openCount.data.total ? 'red' : 'green'} data-testid="alerts-open-count" data-count={openCount.data.total}>
              <Button size="small" type={status === 'open' ? 'primary' : 'default'} onClick={() => update({ status: status === 'open' ? undefined : 'open' })}>
                {t('alerts.status.open')}
              </Button>
            </Badge>
          ) : null
        }
      />
      <div className="registry-filters">
        <Select
          allowClear
          style={{ width: 140 }}
          value={status}
          onChange={(v?: AlertStatus) => update({ status: v })}
          placeholder={t('alerts.statusAll')}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`alerts.status.${s}`) }))}
          data-testid="alerts-status"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 220 }}
          value={form}
          onChange={(v?: number) => update({ form: v ? String(v) : undefined })}
          placeholder={t('alerts.formAll')}
          loading={forms.isFetching}
          options={(forms.data?.items ?? []).map((f) => ({ value: f.id, label: f.title }))}
          data-testid="alerts-form"
        />
        <AreaTreeSelect className="registry-filters__area" value={area ?? null} onChange={(id) => update({ area: id ? String(id) : undefined })} placeholder={t('alerts.areaAll')} data-testid="alerts-area" />
        {list.data && <Typography.Text type="secondary">{ta('common.total', { count: list.data.total })}</Typography.Text>}
      </div>
      {list.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, list.error).title} description={describeError(tc, list.error).detail} />}
      <div data-testid="alerts-table">
        <Table<FormAlert>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('alerts.empty') }}
          onRow={(row) => ({ 'data-testid': 'alert-row', 'data-alert-id': row.id, 'data-status': row.status, 'data-form-id': row.formId }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => setParams(withParams(params, { page: String(p) }), { replace: true }), size: 'small' }}
        />
      </div>
      <AlertActionModal
        alert={acting?.alert ?? null}
        action={acting?.action ?? 'follow_up'}
        onCancel={() => setActing(null)}
        onDone={() => {
          if (acting) done(acting.action);
          setActing(null);
        }}
      />
    </>
  );
}
