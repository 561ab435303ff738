import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPublicAnnouncement } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { LangToggle } from '../../../components/LangToggle';
import { MobileMessage } from '../../../components/MobileMessage';
import { NoticeBadges } from '../components/NoticeBadges';
import { NoticeLoadError } from '../components/NoticeLoadError';
import { RefutedBanner } from '../components/RefutedBanner';
import { isAcknowledged, rememberAcknowledged } from '../hooks/ackStorage';
import { usePublicFetch } from '../hooks/usePublicFetch';

/** `/n/{areaId}/{id}`: one notice by its shareable link, with a big 已读 button. */
export function NoticePage({ areaId, id }: { areaId: number; id: number }) {
  const { t, i18n } = useTranslation('notices');
  const state = usePublicFetch<TPublicAnnouncement>(`/api/public/announcements/${id}`);
  const notice = state.status === 'ready' ? state.data : null;
  const [acked, setAcked] = useState(() => isAcknowledged(id));
  const [ack, setAck] = useState<'idle' | 'sending' | 'failed'>('idle');

  useEffect(() => {
    document.title = notice ? notice.title : t('documentTitleFallback');
  }, [notice, t]);

  if (state.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (state.status === 'error') return <NoticeLoadError error={state.error} notFoundText={t('notFound')} onRetry={state.reload} />;

  const n = state.data;
  const acknowledge = () => {
    setAck('sending');
    api
      .post<{ recorded: boolean; at: string }>(`/api/public/announcements/${id}/ack`, {})
      .then((result) => {
        rememberAcknowledged(id, result.at);
        setAcked(true);
        setAck('idle');
      })
      .catch(() => setAck('failed'));
  };

  return (
    <main className={n.category === 'rumour_refuted' ? 'notice notice--refuted' : 'notice'} data-testid="notice" data-notice-id={n.id}>
      <header className="grid-card__band">
        <a className="notice__back" href={`/n/${areaId}`}>
          ‹ {t('back')}
        </a>
        <LangToggle />
      </header>
      {n.category === 'rumour_refuted' && <RefutedBanner claim={n.refutes} />}
      <article className="notice__article">
        <NoticeBadges notice={n} />
        <h1 className="notice__title" data-testid="notice-title">
          {n.title}
        </h1>
        <p className="notice__meta">
          {n.area.name} · {t('publishedAt', { time: formatDateTime(n.publishedAt, i18n.language) })}
          {n.expiresAt && ` · ${t('expiresAt', { time: formatDateTime(n.expiresAt, i18n.language) })}`}
        </p>
        {/* bodyHtml is the server's sanitised rendering of the Markdown (server/announcements/render-markdown.ts). */}
        <div className="notice__body" data-testid="notice-body" dangerouslySetInnerHTML={{ __html: n.bodyHtml }} />
      </article>
      <div className="notice__actions no-print">
        <button type="button" className={acked ? 'big-button big-button--done' : 'big-button'} disabled={acked || ack === 'sending'} aria-pressed={acked} onClick={acknowledge} data-testid="notice-ack">
          {acked ? `✓ ${t('acked')}` : t('ack')}
        </button>
        {ack === 'failed' && (
          <p className="notice__error" role="alert">
            {t('ackFailed')}
          </p>
        )}
        <a className="notice__poster-link" href={`/n/${areaId}/${id}/poster`} data-testid="notice-poster-link">
          {t('poster')}
        </a>
      </div>
    </main>
  );
}
