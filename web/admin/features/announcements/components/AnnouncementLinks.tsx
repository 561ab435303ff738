import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TAnnouncementDetail } from '../../../../../common/announcements';

/** Where the notice goes out: loudspeaker script, the resident page, its poster and the screen of its area. */
export function AnnouncementLinks({ announcement: a }: { announcement: TAnnouncementDetail }) {
  const { t } = useTranslation('admin');
  return (
    <Space wrap size="large" data-testid="announcement-links">
      <Typography.Link href={`/api/announcements/${a.id}/broadcast.txt`} target="_blank" data-testid="announcement-broadcast">
        {t('announcements.broadcast')}
      </Typography.Link>
      <Typography.Link href={`/n/${a.areaId}/${a.id}`} target="_blank" data-testid="announcement-resident-link">
        {t('announcements.residentPage')}
      </Typography.Link>
      <Typography.Link href={`/n/${a.areaId}/${a.id}/poster`} target="_blank" data-testid="announcement-poster-link">
        {t('announcements.poster')}
      </Typography.Link>
      <Typography.Link href={`/screen/${a.areaId}`} target="_blank" data-testid="announcement-screen-link">
        {t('announcements.screenMode')}
      </Typography.Link>
      {a.status === 'published' && (
        <Space wrap>
          <Button size="small" icon={<DownloadOutlined />} href={`/api/announcements/${a.id}/poster?format=pdf`} target="_blank" data-testid="announcement-poster-pdf">
            {t('webhooks.posterPdf')}
          </Button>
          <Button size="small" icon={<DownloadOutlined />} href={`/api/announcements/${a.id}/poster?format=png`} target="_blank" data-testid="announcement-poster-png">
            {t('webhooks.posterPng')}
          </Button>
        </Space>
      )}
    </Space>
  );
}
