import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, CaseType } from '../../../../../common/case-workflow';
import { api, ApiError } from '../../../../lib/api';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { LangToggle } from '../../../components/LangToggle';
import { MobileMessage } from '../../../components/MobileMessage';
import { CaseTimeline, type TimelineEntry } from '../components/CaseTimeline';
import { StarRating } from '../components/StarRating';
import { StatusBadge } from '../components/StatusBadge';
import { useApiGet } from '../hooks/useApiGet';
import { caseErrorText } from '../lib/caseErrorText';
import '../cases.css';

/** `GET /api/public/cases/{token}` (ZPublicCase): no staff names or phones. */
interface PublicCase {
  reference: string;
  categoryName: string;
  type: CaseType;
  status: CaseStatus;
  title: string;
  description: string;
  areaName: string;
  createdAt: string;
  closedAt: string | null;
  rating: number | null;
  canRate: boolean;
  canConfirmReceipt: boolean;
  timeline: TimelineEntry[];
}

/** `/track/{token}`: the resident follows their report, confirms an errand was done, and rates it once closed. */
export function TrackPage({ token }: { token: string }) {
  const { t, i18n } = useTranslation('mobileCases');
  const { t: tc } = useTranslation('common');
  const path = `/api/public/cases/${encodeURIComponent(token)}`;
  const state = useApiGet<PublicCase>(path);
  const [stars, setStars] = useState(0);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [justConfirmed, setJustConfirmed] = useState(false);
  const data = state.status === 'ready' ? state.data : null;

  useEffect(() => {
    document.title = data ? `${t('track.documentTitle')} · ${data.reference}` : t('track.documentTitle');
  }, [data, t]);

  if (state.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (state.status === 'error') {
    const notFound = state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400);
    return (
      <MobileMessage
        text={notFound ? t('notFound') : `${t('loadFailed')}: ${caseErrorText(t, tc, state.error)}`}
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
  const c = state.data;

  /** Sends the rating or the receipt, then shows the case as the server now has it. */
  const act = (suffix: 'rate' | 'confirm', body: unknown) => {
    setSending(true);
    setFailure(null);
    api
      .post<PublicCase | undefined>(`${path}/${suffix}`, body)
      .then((answer) => {
        if (suffix === 'confirm') setJustConfirmed(true);
        if (answer && typeof answer === 'object' && 'status' in answer) state.replace(answer);
        else state.reload();
      })
      .catch((error: unknown) => setFailure(`${t('track.actionFailed')}: ${caseErrorText(t, tc, error)}`))
      .finally(() => setSending(false));
  };

  return (
    <main className="case-page" data-testid="case-track">
      <header className="grid-card__band">
        <span className="grid-card__heading">{t('track.heading')}</span>
        <LangToggle />
      </header>
      <div className="case-body">
        <section className="case-card">
          <div className="case-card__top">
            <StatusBadge status={c.status} errand={c.type === 'errand'} />
            <span className="case-card__ref">{t('track.reference', { reference: c.reference })}</span>
          </div>
          <h1 className="case-h1">{c.title || c.categoryName}</h1>
          <p className="case-card__meta">
            {c.categoryName} · {c.areaName}
          </p>
          {c.description && c.description !== c.title && <p className="case-card__desc">{c.description}</p>}
          <p className="case-card__meta">
            {t('track.submittedAt', { time: formatDateTime(c.createdAt, i18n.language) })}
            {c.closedAt && ` · ${t('track.closedAt', { time: formatDateTime(c.closedAt, i18n.language) })}`}
          </p>
        </section>

        {c.canConfirmReceipt && (
          <section className="case-card case-card--action" data-testid="case-confirm-box">
            <h2 className="case-h2">{t('track.confirmTitle')}</h2>
            <p>{t('track.confirmText')}</p>
            <button type="button" className="big-button" disabled={sending} onClick={() => act('confirm', {})} data-testid="case-confirm">
              {t('track.confirm')}
            </button>
          </section>
        )}
        {justConfirmed && !c.canConfirmReceipt && (
          <p className="case-note" role="status">
            ✓ {t('track.confirmed')}
          </p>
        )}

        {c.rating !== null ? (
          <section className="case-card" data-testid="case-rated">
            <StarRating value={c.rating} onChange={() => undefined} disabled />
            <p>{t('track.rated', { rating: c.rating })}</p>
          </section>
        ) : (
          c.canRate && (
            <section className="case-card case-card--action" data-testid="case-rate-box">
              <h2 className="case-h2">{t('track.rateTitle')}</h2>
              <StarRating value={stars} onChange={setStars} disabled={sending} />
              <label className="case-field__label" htmlFor="case-rate-note">
                {t('track.rateNote')}
              </label>
              <textarea id="case-rate-note" className="case-input" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
              <button
                type="button"
                className="big-button"
                disabled={sending || stars === 0}
                onClick={() => act('rate', { rating: stars, note: note.trim() || undefined })}
                data-testid="case-rate-submit"
              >
                {t('track.rateSubmit')}
              </button>
            </section>
          )
        )}
        {failure && (
          <p className="case-failure" role="alert">
            {failure}
          </p>
        )}

        <section>
          <h2 className="case-h2">{t('track.timeline')}</h2>
          <CaseTimeline entries={c.timeline} />
        </section>
        <button type="button" className="case-button case-button--ghost" onClick={state.reload}>
          {t('track.refresh')}
        </button>
      </div>
    </main>
  );
}
