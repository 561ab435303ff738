import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPublicAnnouncement } from '../../../../../common/announcements';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { LangToggle } from '../../../components/LangToggle';
import { MobileMessage } from '../../../components/MobileMessage';
import { NoticeBadges } from '../components/NoticeBadges';
import { NoticeLoadError } from '../components/NoticeLoadError';
import { RefutedBanner } from '../components/RefutedBanner';
import { isAcknowledged } from '../hooks/ackStorage';
import { sortNotices } from '../hooks/sortNotices';
import { usePublicFetch } from '../hooks/usePublicFetch';

interface NoticeList {
  area: { id: number; name: string; level: string };
  items: TPublicAnnouncement[];
}

/** `/n/{areaId}`: the live notices of an area and the areas above it, pinned and newest first. */
export function NoticeListPage({ areaId }: { areaId: number }) {
  const { t, i18n } = useTranslation('notices');
  const state = usePublicFetch<NoticeList>(`/api/public/areas/${areaId}/announcements`);
  const list = state.status === 'ready' ? state.data : null;

  useEffect(() => {
    document.title = list ? t('documentTitle', { name: list.area.name }) : t('documentTitleFallback');
  }, [list, t]);

  if (state.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (state.status === 'error') return <NoticeLoadError error={state.error} notFoundText={t('areaNotFound')} onRetry={state.reload} />;

  const items = sortNotices(state.data.items);
  return (
    <main className="notices" data-testid="notice-list">
      <header className="grid-card__band">
        <span className="grid-card__heading">{t('heading')}</span>
        <LangToggle />
      </header>
      <h1 className="notices__area">{state.data.area.name}</h1>
      {items.length === 0 ? (
        <p className="grid-card__empty">{t('empty')}</p>
      ) : (
        <ul className="notices__list">
          {items.map((n) => (
            <li key={n.id} className={n.category === 'rumour_refuted' ? 'notice-item notice-item--refuted' : 'notice-item'} data-testid="notice-item" data-notice-id={n.id}>
              <a className="notice-item__link" href={`/n/${areaId}/${n.id}`}>
                {n.category === 'rumour_refuted' && <RefutedBanner claim={n.refutes} />}
                <NoticeBadges notice={n} />
                <span className="notice-item__title">{n.title}</span>
                <span className="notice-item__meta">
                  {n.area.name} · {t('publishedAt', { time: formatDateTime(n.publishedAt, i18n.language) })}
                  {isAcknowledged(n.id) && ` · ${t('acked')}`}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
