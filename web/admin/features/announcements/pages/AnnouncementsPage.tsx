import { PlusOutlined, RobotOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ANNOUNCEMENT_CATEGORIES, ANNOUNCEMENT_STATUSES, ANNOUNCEMENT_URGENCIES, type AnnouncementCategory, type AnnouncementStatus, type AnnouncementUrgency } from '../../../../../common/announcements';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AnnouncementTable } from '../components/AnnouncementTable';
import { useAnnouncements } from '../hooks/useAnnouncements';

const PAGE_SIZE = 50;

/**
 * `/announcements`: notices in scope, filtered by area and status on the server. Category and urgency
 * are filtered within the page shown, since the API takes only area and status.
 */
export function AnnouncementsPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'announcement.write');
  const area = Number(params.get('area')) || undefined;
  const status = (params.get('status') as AnnouncementStatus | null) ?? undefined;
  const [category, setCategory] = useState<AnnouncementCategory | undefined>();
  const [urgency, setUrgency] = useState<AnnouncementUrgency | undefined>();
  const [page, setPage] = useState(1);
  const list = useAnnouncements({ area, status, page, pageSize: PAGE_SIZE });
  const items = list.data?.items.filter((a) => (!category || a.category === category) && (!urgency || a.urgency === urgency));

  const setFilter = (key: 'area' | 'status', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title={t('announcements.title')}
        extra={
          canWrite && (
            <Space wrap>
              <Button icon={<RobotOutlined />} onClick={() => navigate(area ? `/announcements/webhooks?area=${area}` : '/announcements/webhooks')} data-testid="announcement-webhooks">
                {t('webhooks.manage')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/announcements/new')} data-testid="announcement-new">
                {t('announcements.new')}
              </Button>
            </Space>
          )
        }
      />
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={area} onChange={(id) => setFilter('area', id ? String(id) : undefined)} placeholder={t('announcements.areaAll')} data-testid="announcements-area" />
        <Select
          allowClear
          style={{ width: 140 }}
          value={status}
          onChange={(v?: AnnouncementStatus) => setFilter('status', v)}
          placeholder={t('announcements.statusAll')}
          options={ANNOUNCEMENT_STATUSES.map((s) => ({ value: s, label: t(`announcements.status.${s}`) }))}
          data-testid="announcements-status"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          value={category}
          onChange={setCategory}
          placeholder={t('announcements.categoryAll')}
          options={ANNOUNCEMENT_CATEGORIES.map((c) => ({ value: c, label: t(`announcements.category.${c}`) }))}
          data-testid="announcements-category"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          value={urgency}
          onChange={setUrgency}
          placeholder={t('announcements.urgencyAll')}
          options={ANNOUNCEMENT_URGENCIES.map((u) => ({ value: u, label: t(`announcements.urgency.${u}`) }))}
          data-testid="announcements-urgency"
        />
        {list.data && <Typography.Text type="secondary">{t('common.total', { count: list.data.total })}</Typography.Text>}
      </div>
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} description={describeError(tc, list.error).detail} style={{ marginBottom: 16 }} />}
      <AnnouncementTable
        items={items}
        loading={list.isFetching}
        onOpen={(a) => navigate(`/announcements/${a.id}`)}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
      />
    </>
  );
}
