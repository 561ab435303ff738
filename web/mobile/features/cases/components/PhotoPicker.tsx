import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../../../../lib/api';
import { shrinkImage } from '../lib/shrinkImage';

/** An uploaded photo as the form keeps it (the server's attachment id and, when known, its thumbnail). */
export interface TPublicPhoto {
  id: number;
  thumbUrl: string | null;
}

interface Pending {
  key: string;
  file: File;
  previewUrl: string;
  status: 'uploading' | 'failed';
}

interface Props {
  /** `/api/public/case-attachments` for residents, `/api/case-attachments` for staff. */
  uploadPath: string;
  photos: TPublicPhoto[];
  onChange: (update: (prev: TPublicPhoto[]) => TPublicPhoto[]) => void;
  /** Told whether an upload is still under way (submit waits for it). */
  onBusyChange?: (busy: boolean) => void;
  max?: number;
  /** Open the back camera directly (grid workers on patrol); residents may also pick from the gallery. */
  camera?: boolean;
  label: string;
  error?: string;
}

let counter = 0;

/** Photos taken or chosen on the phone, shrunk to ≤1600 px JPEG and uploaded at once; tap a failed one to retry. */
export function PhotoPicker({ uploadPath, photos, onChange, onBusyChange, max = 9, camera = false, label, error }: Props) {
  const { t } = useTranslation('mobileCases');
  const inputRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  // Local previews of photos uploaded in this visit (sharper and instant, unlike the server thumbnail).
  const [previews, setPreviews] = useState<Record<number, string>>({});
  // Thumbnails the page may not read (a resident's restored draft: the thumbnail is for staff) show a placeholder.
  const [unseen, setUnseen] = useState<ReadonlySet<number>>(new Set());
  const busy = pending.some((p) => p.status === 'uploading');

  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  const upload = async (item: Pending) => {
    setPending((list) => list.map((p) => (p.key === item.key ? { ...p, status: 'uploading' } : p)));
    try {
      const small = await shrinkImage(item.file);
      const saved = await uploadFile<{ id: number; thumbUrl?: string | null }>(uploadPath, small);
      setPreviews((map) => ({ ...map, [saved.id]: item.previewUrl }));
      setPending((list) => list.filter((p) => p.key !== item.key));
      onChange((prev) => [...prev, { id: saved.id, thumbUrl: saved.thumbUrl ?? null }]);
    } catch {
      setPending((list) => list.map((p) => (p.key === item.key ? { ...p, status: 'failed' } : p)));
    }
  };

  const onFiles = (files: FileList | null) => {
    if (!files) return;
    const room = max - photos.length - pending.length;
    const added = Array.from(files)
      .slice(0, Math.max(0, room))
      .map((file): Pending => ({ key: `p${++counter}`, file, previewUrl: URL.createObjectURL(file), status: 'uploading' }));
    setPending((list) => [...list, ...added]);
    for (const item of added) void upload(item);
    if (inputRef.current) inputRef.current.value = '';
  };

  const remove = (id: number) => onChange((prev) => prev.filter((p) => p.id !== id));
  const dropPending = (key: string) => setPending((list) => list.filter((p) => p.key !== key));
  const full = photos.length + pending.length >= max;

  return (
    <div className="case-field">
      <span className="case-field__label">
        {label} <span className="case-field__hint">{t('report.photoHint', { max })}</span>
      </span>
      <ul className="case-photos" aria-live="polite">
        {photos.map((photo) => (
          <li key={photo.id} className="case-photo" data-testid="case-photo" data-status="done">
            {unseen.has(photo.id) || !(previews[photo.id] ?? photo.thumbUrl) ? (
              <span className="case-photo__placeholder">{t('report.photoKept')}</span>
            ) : (
              <img src={previews[photo.id] ?? photo.thumbUrl ?? ''} alt="" onError={() => setUnseen((set) => new Set(set).add(photo.id))} />
            )}
            <button type="button" className="case-photo__remove" aria-label={t('report.removePhoto')} onClick={() => remove(photo.id)}>
              ×
            </button>
          </li>
        ))}
        {pending.map((item) => (
          <li key={item.key} className={`case-photo case-photo--${item.status}`} data-testid="case-photo" data-status={item.status}>
            <img src={item.previewUrl} alt="" />
            {item.status === 'uploading' ? (
              <span className="case-photo__state" role="status">
                {t('report.photoUploading')}
              </span>
            ) : (
              <button type="button" className="case-photo__state case-photo__retry" onClick={() => void upload(item)}>
                {t('report.photoFailed')}
              </button>
            )}
            <button type="button" className="case-photo__remove" aria-label={t('report.removePhoto')} onClick={() => dropPending(item.key)}>
              ×
            </button>
          </li>
        ))}
        {!full && (
          <li className="case-photo case-photo--add">
            <label className="case-photo__add">
              <span aria-hidden="true" className="case-photo__plus">
                +
              </span>
              <span>{t('report.addPhoto')}</span>
              <input
                ref={inputRef}
                type="file"
                accept="image/*"
                capture={camera ? 'environment' : undefined}
                multiple={!camera}
                className="visually-hidden"
                data-testid="case-photo-input"
                onChange={(e) => onFiles(e.target.files)}
              />
            </label>
          </li>
        )}
      </ul>
      {error && (
        <p className="case-field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
