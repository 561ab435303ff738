import { PhoneOutlined, HomeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, List, Progress, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TReachReport } from '../../../../../common/announcements';
import { describeError } from '../../../../lib/i18n/describeError';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useReach } from '../hooks/useReach';
import { useRecordReach } from '../hooks/useRecordReach';

type Grid = TReachReport['grids'][number];

/** Per grid: households reached out of all, and the doors still to knock on, each with a visit/call button. */
export function ReachPanel({ id, canRecord }: { id: number; canRecord: boolean }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [area, setArea] = useState<number | undefined>();
  const reach = useReach(id, area, true);
  const record = useRecordReach(id);
  const report = reach.data;

  const mark = (householdId: number, channel: 'door_visit' | 'phone') =>
    record.mutate({ householdId, channel }, { onSuccess: () => void message.success(t('announcements.reachRecorded')), onError: (e) => onError(e) });

  const notReached = (g: Grid) =>
    g.notReached.length === 0 ? (
      <Typography.Text type="success">{t('announcements.reachAllDone')}</Typography.Text>
    ) : (
      <List
        size="small"
        header={t('announcements.reachNotReached')}
        dataSource={g.notReached}
        pagination={g.notReached.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        renderItem={(h) => (
          <List.Item
            data-testid="reach-household"
            data-household-id={h.householdId}
            actions={
              canRecord
                ? [
                    <Button key="door" size="small" icon={<HomeOutlined />} onClick={() => mark(h.householdId, 'door_visit')} disabled={record.isPending} data-testid="reach-door">
                      {t('announcements.doorVisit')}
                    </Button>,
                    <Button key="phone" size="small" icon={<PhoneOutlined />} onClick={() => mark(h.householdId, 'phone')} disabled={record.isPending} data-testid="reach-phone">
                      {t('announcements.phoneCall')}
                    </Button>,
                  ]
                : []
            }
          >
            <span>{h.address}</span>
            {h.phone && <Typography.Text type="secondary" style={{ marginLeft: 12 }}>{h.phone}</Typography.Text>}
          </List.Item>
        )}
      />
    );

  return (
    <Card title={t('announcements.reach')} size="small" data-testid="reach-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <AreaTreeSelect value={area} onChange={(v) => setArea(v)} placeholder={t('announcements.reachArea')} style={{ width: 280 }} data-testid="reach-area" />
        {reach.isError && <Alert type="error" showIcon title={describeError(tc, reach.error).title} description={describeError(tc, reach.error).detail} />}
        {report && (
          <>
            <Typography.Text data-testid="reach-total">
              {t('announcements.reachTotal', { reached: report.total.reached, households: report.total.households, anonymous: report.anonymousReads })}
            </Typography.Text>
            {report.grids.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table<Grid>
                rowKey="areaId"
                size="small"
                pagination={false}
                dataSource={report.grids}
                data-testid="reach-grids"
                expandable={{ expandedRowRender: notReached, rowExpandable: () => true }}
                columns={[
                  { title: t('announcements.reachGrid'), dataIndex: 'name' },
                  { title: t('announcements.reachHouseholds'), dataIndex: 'households', width: 90 },
                  { title: t('announcements.reachReached'), dataIndex: 'reached', width: 90 },
                  { title: '', key: 'bar', width: 160, render: (_: unknown, g) => <Progress size="small" percent={g.households ? Math.round((g.reached / g.households) * 100) : 0} /> },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
