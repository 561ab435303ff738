import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_REQUIRED, type CaseAction } from '../../../../../common/case-workflow';
import { PhotoPicker, type TPublicPhoto } from './PhotoPicker';

/** Actions that need words (and maybe photos) before they are sent. */
export const NEEDS_PANEL: ReadonlySet<CaseAction> = new Set(['resolve', 'comment', 'return', 'reject']);
const WITH_PHOTOS: ReadonlySet<CaseAction> = new Set(['resolve', 'comment', 'return']);

/** The note (and photos) of resolve, comment, return or reject, opened under the buttons. */
export function ActionPanel({ action, sending, onSend, onCancel }: { action: CaseAction; sending: boolean; onSend: (note: string, attachmentIds: number[]) => void; onCancel: () => void }) {
  const { t } = useTranslation('mobileCases');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<TPublicPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = NOTE_REQUIRED.has(action) || action === 'comment';

  const send = () => {
    if (required && !note.trim()) {
      setError(t('staff.noteRequired'));
      document.getElementById('case-action-note')?.focus();
      return;
    }
    setError(null);
    onSend(note.trim(), photos.map((p) => p.id));
  };

  return (
    <section className="case-card case-card--action" data-testid="case-action-panel" data-action={action}>
      <h2 className="case-h2">{t(`actions.${action}`)}</h2>
      <div className={error ? 'case-field has-error' : 'case-field'}>
        <label className="case-field__label" htmlFor="case-action-note">
          {t('staff.note')}
        </label>
        <textarea
          id="case-action-note"
          className="case-input"
          rows={3}
          maxLength={2000}
          value={note}
          placeholder={action === 'resolve' ? t('staff.resolveNoteHint') : t('staff.commentHint')}
          aria-invalid={Boolean(error)}
          onChange={(e) => setNote(e.target.value)}
          data-testid="case-action-note"
        />
        {error && (
          <p className="case-field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      {WITH_PHOTOS.has(action) && <PhotoPicker uploadPath="/api/case-attachments" photos={photos} onChange={(fn) => setPhotos(fn)} onBusyChange={setUploading} camera label={t('staff.addPhotos')} />}
      <div className="case-actions">
        <button type="button" className="big-button" disabled={sending || uploading} onClick={send} data-testid="case-action-send">
          {t('staff.send')}
        </button>
        <button type="button" className="case-button case-button--ghost" onClick={onCancel}>
          {t('staff.cancel')}
        </button>
      </div>
    </section>
  );
}
