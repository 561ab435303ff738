import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPublicAnnouncement } from '../../../../../common/announcements';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { MobileMessage } from '../../../components/MobileMessage';
import { NoticeLoadError } from '../components/NoticeLoadError';
import { RefutedBanner } from '../components/RefutedBanner';
import { usePublicFetch } from '../hooks/usePublicFetch';

/**
 * `/n/{areaId}/{id}/poster`: an A4 poster for the bulletin board with a large QR code to the notice.
 * The server offers no QR image for notices, so the code is drawn here; this page is loaded lazily so
 * the `qrcode` library never reaches residents who only read.
 */
export function NoticePosterPage({ areaId, id }: { areaId: number; id: number }) {
  const { t, i18n } = useTranslation('notices');
  const state = usePublicFetch<TPublicAnnouncement>(`/api/public/announcements/${id}`);
  const [qr, setQr] = useState<string | null>(null);
  const link = `${window.location.origin}/n/${areaId}/${id}`;

  useEffect(() => {
    let live = true;
    toDataURL(link, { errorCorrectionLevel: 'M', margin: 1, width: 480 })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(null));
    return () => {
      live = false;
    };
  }, [link]);

  if (state.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (state.status === 'error') return <NoticeLoadError error={state.error} notFoundText={t('notFound')} onRetry={state.reload} />;

  const n = state.data;
  return (
    <main className="poster" data-testid="notice-poster">
      <header className="grid-card__band poster__band">
        <span className="grid-card__heading">{t('heading')}</span>
      </header>
      {n.category === 'rumour_refuted' && <RefutedBanner claim={n.refutes} />}
      <h1 className="poster__title">{n.title}</h1>
      <p className="notice__meta">
        {n.area.name} · {t('publishedAt', { time: formatDateTime(n.publishedAt, i18n.language) })}
      </p>
      <div className="notice__body poster__body" dangerouslySetInnerHTML={{ __html: n.bodyHtml }} />
      <section className="poster__qr">
        {qr && <img src={qr} alt={t('qrAlt')} width={240} height={240} data-testid="notice-poster-qr" />}
        <p className="grid-card__qr-hint">{t('qrHint')}</p>
      </section>
      <div className="grid-card__actions no-print">
        <button type="button" className="big-button" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
    </main>
  );
}
