import { Alert, Drawer, Grid, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAssignment, TRosterGrid } from '../../../../../common/users';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useAssignmentHistory } from '../hooks/useAssignmentHistory';

/** Who held which role on a grid and when (GET /api/assignments?area=ID&history=1). */
export function AssignmentHistoryDrawer({ grid, onClose }: { grid: TRosterGrid | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const labels = useLabels();
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const history = useAssignmentHistory(grid?.areaId ?? null, page);

  const columns: TableProps<TAssignment>['columns'] = [
    { title: t('roster.user'), key: 'user', render: (_, a) => `${a.displayName}（${a.username}）` },
    { title: t('roster.role'), dataIndex: 'role', render: (role: string) => labels.role(role) },
    { title: t('roster.duties'), dataIndex: 'duties', render: (duties: string[]) => duties.map(labels.duty).join('、') || '—' },
    { title: t('roster.startedAt'), dataIndex: 'startedAt', render: (at: string) => formatDateTime(at, i18n.language) },
    {
      title: t('roster.endedAt'),
      dataIndex: 'endedAt',
      render: (at: string | null, a) => (a.active || !at ? <Tag color="green">{t('roster.current')}</Tag> : formatDateTime(at, i18n.language)),
    },
  ];

  return (
    <Drawer
      open={grid !== null}
      onClose={() => {
        setPage(1);
        onClose();
      }}
      title={grid ? t('roster.historyTitle', { name: grid.name }) : ''}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
    >
      <div data-testid="history-drawer">
        {history.isError ? (
          <Alert type="error" showIcon title={describeError(tc, history.error).title} />
        ) : (
          <Table<TAssignment>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={history.data?.items}
            loading={history.isFetching}
            scroll={{ x: 'max-content' }}
            rowClassName={(a) => (a.active ? '' : 'assignment-ended')}
            pagination={{ current: page, pageSize: 50, total: history.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          />
        )}
      </div>
    </Drawer>
  );
}
