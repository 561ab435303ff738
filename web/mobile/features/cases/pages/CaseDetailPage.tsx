import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseAction } from '../../../../../common/case-workflow';
import type { TCaseDetail } from '../../../../../common/cases';
import { api, ApiError } from '../../../../lib/api';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { MobileMessage } from '../../../components/MobileMessage';
import { ActionPanel, NEEDS_PANEL } from '../components/ActionPanel';
import { CaseTimeline } from '../components/CaseTimeline';
import { PinIcon } from '../components/PinIcon';
import { StaffGate } from '../components/StaffGate';
import { StaffHeader } from '../components/StaffHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useApiGet } from '../hooks/useApiGet';
import { caseErrorText } from '../lib/caseErrorText';
import '../cases.css';

/** What the phone offers, in this order; assigning needs a person picker and stays on the desktop. */
const PHONE_ACTIONS: CaseAction[] = ['claim', 'start', 'resolve', 'accept', 'verify', 'return', 'reject', 'comment'];
/** Buttons that do the main thing (red); the rest are outlined. */
const PRIMARY: ReadonlySet<CaseAction> = new Set(['claim', 'start', 'resolve', 'accept', 'verify']);

/** `/m/cases/{id}`: one case with its photos and history, and the buttons the server says this person may press. */
export function CaseDetailPage({ id }: { id: number }) {
  return <StaffGate permission="case.read">{() => <CaseDetail id={id} />}</StaffGate>;
}

function CaseDetail({ id }: { id: number }) {
  const { t, i18n } = useTranslation('mobileCases');
  const { t: tc } = useTranslation('common');
  const state = useApiGet<TCaseDetail>(`/api/cases/${id}`);
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const c = state.status === 'ready' ? state.data : null;

  useEffect(() => {
    document.title = c ? `${c.reference} · ${c.title}` : t('staff.detail');
  }, [c, t]);

  if (state.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (state.status === 'error') {
    const notFound = state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400);
    return (
      <MobileMessage
        text={notFound ? t('notFound') : `${t('loadFailed')}: ${caseErrorText(t, tc, state.error)}`}
        action={
          notFound ? (
            <a className="big-button case-link-big" href="/m/cases">
              {t('staff.myCases')}
            </a>
          ) : (
            <button type="button" className="big-button" onClick={state.reload}>
              {t('retry')}
            </button>
          )
        }
      />
    );
  }
  const detail = state.data;

  const run = (action: CaseAction, note?: string, attachmentIds?: number[]) => {
    setSending(true);
    setMessage(null);
    api
      .post<TCaseDetail>(`/api/cases/${id}/transitions`, { action, version: detail.version, note: note || undefined, attachmentIds: attachmentIds?.length ? attachmentIds : undefined })
      .then((next) => {
        state.replace(next);
        setOpen(null);
        setMessage({ kind: 'ok', text: t('staff.done', { action: t(`actions.${action}`) }) });
      })
      .catch((error: unknown) => {
        const stale = error instanceof ApiError && (error.code === 'CASE_CONFLICT' || error.code === 'CASE_ILLEGAL_TRANSITION');
        if (stale) {
          state.reload();
          setOpen(null);
        }
        setMessage({ kind: 'error', text: stale ? t('staff.conflict') : `${t('staff.actionFailed')}: ${caseErrorText(t, tc, error)}` });
      })
      .finally(() => setSending(false));
  };

  const actions = PHONE_ACTIONS.filter((a) => detail.allowedActions.includes(a));
  const press = (action: CaseAction) => {
    if (NEEDS_PANEL.has(action)) setOpen(action);
    else run(action);
  };

  return (
    <main className="case-page" data-testid="case-detail" data-case-id={detail.id} data-status={detail.status}>
      <StaffHeader title={t('staff.detail')} back="/m/cases" />
      <div className="case-body">
        <section className="case-card">
          <div className="case-card__top">
            <StatusBadge status={detail.status} />
            {detail.overdue && <span className="case-flag case-flag--overdue">{t('staff.overdue')}</span>}
            {!detail.overdue && detail.dueSoon && <span className="case-flag case-flag--soon">{t('staff.dueSoon')}</span>}
          {detail.escalationLevel > 0 && <span className="case-flag case-flag--overdue">{t('staff.escalated', { level: detail.escalationLevel })}</span>}
            <span className="case-card__ref">{detail.reference}</span>
          </div>
          <h1 className="case-h1" data-testid="case-title">
            {detail.title}
          </h1>
          <p className="case-card__meta">
            {detail.categoryName} · {t(`types.${detail.type}`)} · {detail.areaName}
          </p>
          {detail.description && detail.description !== detail.title && <p className="case-card__desc">{detail.description}</p>}
          <dl className="case-facts">
            {detail.type === 'errand' && detail.neededBy && (
              <>
                <dt>{t('report.neededBy')}</dt>
                <dd>{formatDateTime(detail.neededBy, i18n.language)}</dd>
              </>
            )}
            {detail.dueAt && (
              <>
                <dt>{t('staff.dueLabel')}</dt>
                <dd>{formatDateTime(detail.dueAt, i18n.language)}</dd>
              </>
            )}
            {detail.householdAddress && (
              <>
                <dt>{t('staff.householdAddress')}</dt>
                <dd>{detail.householdAddress}</dd>
              </>
            )}
            {detail.address && (
              <>
                <dt>{t('staff.address')}</dt>
                <dd>{detail.address}</dd>
              </>
            )}
            {detail.location && (
              <>
                <dt>{t('staff.location')}</dt>
                <dd>
                  <a href={`geo:${detail.location.lat},${detail.location.lng}`}>
                    <PinIcon /> {detail.location.lat.toFixed(5)}, {detail.location.lng.toFixed(5)}
                  </a>
                </dd>
              </>
            )}
            {detail.reporterName && (
              <>
                <dt>{t('staff.reporter')}</dt>
                <dd>
                  {detail.reporterName}
                  {detail.reporterPhone ? ` · ${detail.reporterPhone}` : ''}
                </dd>
              </>
            )}
            {(detail.assigneeName || detail.assigneeAreaName) && (
              <>
                <dt>{t('staff.assignee')}</dt>
                <dd data-testid="case-assignee">{detail.assigneeName ?? detail.assigneeAreaName}</dd>
              </>
            )}
          </dl>
          {detail.attachments.length > 0 && (
            <div className="case-thumbs" aria-label={t('staff.attachments')}>
              {detail.attachments.map((a) => (
                <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                  <img src={a.thumbUrl ?? a.url} alt={a.name} loading="lazy" />
                </a>
              ))}
            </div>
          )}
        </section>

        {message && (
          <p className={message.kind === 'ok' ? 'case-note' : 'case-failure'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="case-message">
            {message.text}
          </p>
        )}

        {open ? (
          <ActionPanel key={open} action={open} sending={sending} onSend={(note, ids) => run(open, note, ids)} onCancel={() => setOpen(null)} />
        ) : actions.length > 0 ? (
          <div className="case-actions" data-testid="case-actions">
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                className={PRIMARY.has(action) ? 'big-button' : 'case-button case-button--ghost'}
                disabled={sending}
                onClick={() => press(action)}
                data-testid={`case-action-${action}`}
              >
                {t(`actions.${action}`)}
              </button>
            ))}
          </div>
        ) : (
          <p className="case-empty">{t('staff.nothingToDo')}</p>
        )}

        <section>
          <h2 className="case-h2">{t('staff.timeline')}</h2>
          <CaseTimeline entries={detail.timeline} />
        </section>
      </div>
    </main>
  );
}
