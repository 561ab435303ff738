import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { LangToggle } from '../../../components/LangToggle';
import { MobileMessage } from '../../../components/MobileMessage';
import { GridCardPerson } from '../components/GridCardPerson';
import { useGridCard } from '../hooks/useGridCard';

/** The public grid card a resident sees after scanning the QR code on the notice board; printable on one A4 page. */
export function GridCardPage({ gridId }: { gridId: number }) {
  const { t } = useTranslation('card');
  const { t: tc } = useTranslation('common');
  const { t: tcases } = useTranslation('mobileCases');
  const state = useGridCard(gridId);
  const card = state.status === 'ready' ? state.card : null;

  useEffect(() => {
    document.title = card ? t('documentTitle', { name: card.area.name }) : t('documentTitleFallback');
  }, [card, t]);

  if (state.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (state.status === 'error') {
    // A malformed id (400) means a broken link just as much as an unknown one (404).
    const notFound = state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400);
    const { title } = describeError(tc, state.error);
    return (
      <MobileMessage
        text={notFound ? t('notFound') : `${t('loadFailed')}: ${title}`}
        action={
          notFound ? undefined : (
            <button type="button" className="big-button" onClick={state.reload}>
              {t('retry')}
            </button>
          )
        }
      />
    );
  }

  const { area, ancestors, people } = state.card;
  const qrSrc = `/api/public/grids/${area.id}/qr.svg`;
  return (
    <main className="grid-card" data-testid="grid-card" data-area-id={area.id}>
      <header className="grid-card__band">
        <span className="grid-card__heading">{t('heading')}</span>
        <LangToggle />
      </header>
      <section className="grid-card__title">
        {ancestors.length > 0 && <p className="grid-card__ancestors">{ancestors.map((a) => a.name).join(' · ')}</p>}
        <h1 className="grid-card__name" data-testid="grid-card-name">
          {area.name}
        </h1>
        <p className="grid-card__code">{t('code', { code: area.code })}</p>
      </section>
      <section className="grid-card__people" aria-labelledby="people-heading">
        <h2 id="people-heading" className="grid-card__section-title">
          {t('people')}
        </h2>
        {people.length === 0 ? (
          <p className="grid-card__empty">{t('noPeople')}</p>
        ) : (
          <ul className="people">
            {people.map((person, index) => (
              <GridCardPerson key={`${person.role}-${person.name}-${index}`} person={person} />
            ))}
          </ul>
        )}
      </section>
      <div className="grid-card__actions no-print">
        <a className="big-button grid-card__report" href={`/report/${area.id}`} data-testid="grid-card-report">
          {tcases('report.cardLink')}
        </a>
      </div>
      <section className="grid-card__qr">
        <img src={qrSrc} alt={t('qrAlt', { name: area.name })} className="grid-card__qr-img" width={240} height={240} />
        <p className="grid-card__qr-hint">{t('qrHint')}</p>
      </section>
      <div className="grid-card__actions no-print">
        <button type="button" className="big-button" onClick={() => window.print()} data-testid="grid-card-print">
          {t('print')}
        </button>
      </div>
    </main>
  );
}
