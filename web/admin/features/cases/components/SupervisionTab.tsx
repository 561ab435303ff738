import { Alert, Breadcrumb, Button, Card, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OPEN_CASE_STATUSES } from '../../../../../common/case-workflow';
import { describeError } from '../../../../lib/i18n/describeError';
import { useCaseSummary, type CaseSummary } from '../hooks/useCaseSummary';
import { useCases } from '../hooks/useCases';
import { CaseTable } from './CaseTable';

type Row = CaseSummary['rows'][number];
const PAGE_SIZE = 10;

/**
 * 督查视图: escalated and overdue cases, then counts per status for each child area of the chosen
 * area; a name drills down one level, a count opens the list filtered to that area and status.
 */
export function SupervisionTab() {
  const { t } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const navigate = useNavigate();
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const area = trail.at(-1)?.id;
  const summary = useCaseSummary(area);
  const [escPage, setEscPage] = useState(1);
  const [overPage, setOverPage] = useState(1);
  const escalated = useCases({ area, escalated: '1', page: escPage, pageSize: PAGE_SIZE });
  const overdue = useCases({ area, overdue: '1', page: overPage, pageSize: PAGE_SIZE });

  const openList = (areaId: number, extra: Record<string, string>) => navigate(`/cases?${new URLSearchParams({ tab: 'all', area: String(areaId), ...extra })}`);
  const count = (areaId: number, n: number | undefined, extra: Record<string, string>, danger = false) =>
    n ? (
      <Button type="link" size="small" danger={danger} onClick={() => openList(areaId, extra)} style={{ padding: 0 }}>
        {n}
      </Button>
    ) : (
      <Typography.Text type="secondary">0</Typography.Text>
    );

  const statuses = [...OPEN_CASE_STATUSES, 'closed', 'rejected'] as const;
  const columns: TableProps<Row>['columns'] = [
    {
      key: 'area',
      title: t('supervision.area'),
      fixed: 'left',
      render: (_, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setTrail((prev) => [...prev, { id: r.areaId, name: r.areaName }])} data-testid="summary-drill" data-area-id={r.areaId}>
          {r.areaName}
        </Button>
      ),
    },
    ...statuses.map((s) => ({ key: s, title: t(`status.${s}`), align: 'right' as const, render: (_: unknown, r: Row) => count(r.areaId, r.counts[s], { status: s }) })),
    { key: 'overdue', title: t('supervision.overdueCount'), align: 'right', render: (_, r) => count(r.areaId, r.overdue, { overdue: '1' }, true) },
    { key: 'escalated', title: t('supervision.escalatedCount'), align: 'right', render: (_, r) => <span data-testid="summary-escalated">{r.escalated}</span> },
  ];
  const total = summary.data?.total;

  return (
    <>
      <Breadcrumb
        className="case-trail"
        items={[
          { title: <a onClick={() => setTrail([])}>{t('supervision.allAreas')}</a> },
          ...trail.map((a, i) => ({ title: i === trail.length - 1 ? a.name : <a onClick={() => setTrail(trail.slice(0, i + 1))}>{a.name}</a> })),
        ]}
      />
      <div className="case-supervision">
        <Card size="small" title={`${t('supervision.escalated')}（${escalated.data?.total ?? 0}）`}>
          <CaseTable items={escalated.data?.items} loading={escalated.isFetching} testId="case-table-escalated" pagination={{ current: escPage, pageSize: PAGE_SIZE, total: escalated.data?.total ?? 0, onChange: setEscPage, size: 'small', hideOnSinglePage: true }} />
        </Card>
        <Card size="small" title={`${t('supervision.overdue')}（${overdue.data?.total ?? 0}）`}>
          <CaseTable items={overdue.data?.items} loading={overdue.isFetching} testId="case-table-overdue" pagination={{ current: overPage, pageSize: PAGE_SIZE, total: overdue.data?.total ?? 0, onChange: setOverPage, size: 'small', hideOnSinglePage: true }} />
        </Card>
        <Card size="small" title={summary.data?.area ? `${t('supervision.byArea')} · ${summary.data.area.name}` : t('supervision.byArea')}>
          {summary.isError && <Alert type="error" showIcon title={describeError(tc, summary.error).title} />}
          <Table<Row>
            rowKey="areaId"
            size="small"
            columns={columns}
            dataSource={summary.data?.rows}
            loading={summary.isFetching}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="case-summary"
            summary={() =>
              total && (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('supervision.total')}</Typography.Text>
                  </Table.Summary.Cell>
                  {statuses.map((s, i) => (
                    <Table.Summary.Cell key={s} index={i + 1} align="right">
                      {total.counts[s] ?? 0}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={statuses.length + 1} align="right">
                    <Typography.Text type={total.overdue ? 'danger' : undefined}>{total.overdue}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={statuses.length + 2} align="right">
                    {total.escalated}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )
            }
          />
        </Card>
      </div>
    </>
  );
}
