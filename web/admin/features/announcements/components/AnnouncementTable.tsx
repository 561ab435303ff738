import { PushpinFilled } from '@ant-design/icons';
import { Table, Tag, type TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TAnnouncement } from '../../../../../common/announcements';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { AnnouncementStatusTag } from './AnnouncementStatusTag';

/** Notices with status, category, urgency, pin, target area and their publish and expiry times. */
export function AnnouncementTable({ items, loading, pagination, onOpen }: { items?: TAnnouncement[]; loading: boolean; pagination: TablePaginationConfig; onOpen: (a: TAnnouncement) => void }) {
  const { t, i18n } = useTranslation('admin');
  return (
    <Table<TAnnouncement>
      rowKey="id"
      size="middle"
      data-testid="announcement-table"
      loading={loading}
      dataSource={items}
      pagination={pagination}
      scroll={{ x: 1240 }}
      onRow={(a) => ({ 'data-testid': 'announcement-row', 'data-id': a.id } as React.HTMLAttributes<HTMLElement>)}
      columns={[
        {
          title: t('announcements.field.title'),
          dataIndex: 'title',
          width: 280,
          render: (title: string, a) => (
            <a onClick={() => onOpen(a)} data-testid="announcement-open">
              {a.pinned && <PushpinFilled style={{ color: '#b71c1c', marginRight: 6 }} aria-label={t('announcements.field.pinned')} />}
              {title}
            </a>
          ),
        },
        { title: t('announcements.field.status'), key: 'status', width: 150, render: (_: unknown, a) => <AnnouncementStatusTag status={a.status} expired={a.expired} /> },
        {
          title: t('announcements.field.category'),
          dataIndex: 'category',
          width: 110,
          render: (c: TAnnouncement['category']) => <Tag color={c === 'rumour_refuted' ? 'red' : undefined}>{t(`announcements.category.${c}`)}</Tag>,
        },
        { title: t('announcements.field.urgency'), dataIndex: 'urgency', width: 90, render: (u: TAnnouncement['urgency']) => (u === 'urgent' ? <Tag color="volcano">{t('announcements.urgency.urgent')}</Tag> : t('announcements.urgency.normal')) },
        { title: t('announcements.field.area'), dataIndex: 'areaName', width: 160 },
        { title: t('announcements.field.publishAt'), dataIndex: 'publishAt', width: 170, render: (v: string | null) => formatDateTime(v, i18n.language) },
        { title: t('announcements.field.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (v: string | null) => formatDateTime(v, i18n.language) },
        { title: t('announcements.field.author'), dataIndex: 'authorName', width: 110 },
      ]}
    />
  );
}
