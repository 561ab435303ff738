import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { MobileMessage } from '../../../components/MobileMessage';
import { NoticeBadges } from '../components/NoticeBadges';
import { NoticeLoadError } from '../components/NoticeLoadError';
import { RefutedBanner } from '../components/RefutedBanner';
import { sortNotices } from '../hooks/sortNotices';
import { useScreenNotices } from '../hooks/useScreenNotices';

/** Seconds per notice; `?seconds=` lets an installer (or a test) change it, within reason. */
function rotationMs(): number {
  const seconds = Number(new URLSearchParams(window.location.search).get('seconds'));
  return Number.isFinite(seconds) && seconds >= 2 && seconds <= 600 ? seconds * 1000 : 10_000;
}

/** `/screen/{areaId}`: lift and lobby screens; one notice at a time in very large type, pinned and urgent first. */
export function ScreenPage({ areaId }: { areaId: number }) {
  const { t, i18n } = useTranslation('notices');
  const { list, offlineSince, error } = useScreenNotices(areaId);
  const [index, setIndex] = useState(0);
  const items = list ? sortNotices(list.items, true) : [];
  const count = items.length;

  useEffect(() => {
    if (count < 2) return;
    const timer = window.setInterval(() => setIndex((i) => i + 1), rotationMs());
    return () => window.clearInterval(timer);
  }, [count]);

  useEffect(() => {
    document.title = list ? t('documentTitle', { name: list.area.name }) : t('documentTitleFallback');
  }, [list, t]);

  if (!list) {
    if (error) return <NoticeLoadError error={error} notFoundText={t('areaNotFound')} onRetry={() => window.location.reload()} />;
    return <MobileMessage text={t('loading')} busy />;
  }

  const n = count > 0 ? items[index % count] : null;
  return (
    <main className="screen" data-testid="screen">
      <header className="screen__head">
        <span>{list.area.name}</span>
        {count > 1 && n && (
          <span className="screen__counter">
            {(index % count) + 1} / {count}
          </span>
        )}
      </header>
      {n ? (
        <article key={n.id} className={n.category === 'rumour_refuted' ? 'screen__notice screen__notice--refuted' : 'screen__notice'} data-testid="screen-notice" data-notice-id={n.id}>
          {n.category === 'rumour_refuted' && <RefutedBanner claim={n.refutes} />}
          <NoticeBadges notice={n} />
          <h1 className="screen__title">{n.title}</h1>
          {/* bodyHtml is the server's sanitised rendering of the Markdown. */}
          <div className="screen__body" dangerouslySetInnerHTML={{ __html: n.bodyHtml }} />
        </article>
      ) : (
        <p className="screen__empty">{t('screenEmpty')}</p>
      )}
      {offlineSince && (
        <p className="screen__offline" role="status" data-testid="screen-offline">
          {t('offlineSince', { time: formatDateTime(offlineSince, i18n.language) })}
        </p>
      )}
    </main>
  );
}
