import { Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Approve, or send back with a note (the note is asked for in a small dialog). */
export function ReviewButtons({ busy, onReview }: { busy: boolean; onReview: (approve: boolean, note?: string) => void }) {
  const { t } = useTranslation('admin');
  const [mode, setMode] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const close = () => {
    setMode(null);
    setNote('');
  };
  return (
    <>
      <Button type="primary" loading={busy} onClick={() => setMode('approve')} data-testid="announcement-approve">
        {t('announcements.approve')}
      </Button>
      <Button danger loading={busy} onClick={() => setMode('reject')} data-testid="announcement-reject">
        {t('announcements.reject')}
      </Button>
      <Modal
        open={mode !== null}
        title={mode === 'approve' ? t('announcements.approve') : t('announcements.reject')}
        okText={mode === 'approve' ? t('announcements.approve') : t('announcements.reject')}
        okButtonProps={{ danger: mode === 'reject', disabled: mode === 'reject' && !note.trim(), 'data-testid': 'announcement-review-ok' }}
        cancelText={t('common.cancel')}
        onCancel={close}
        onOk={() => {
          onReview(mode === 'approve', note.trim() || undefined);
          close();
        }}
        destroyOnHidden
      >
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} placeholder={t('announcements.reviewNotePlaceholder')} aria-label={t('announcements.reviewNote')} data-testid="announcement-review-note" />
      </Modal>
    </>
  );
}
