import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../../../common/case-workflow';
import { formatDateTime } from '../../../../lib/formatDateTime';

export interface TimelineEntry {
  at: string;
  action: string;
  toStatus: string | null;
  note: string | null;
  /** Staff pages only; the resident's page never has names. */
  actorName?: string | null;
  attachments: { id: number; url: string; thumbUrl: string | null; name: string }[];
}

/** What happened to a case, oldest first, with each step's note and photos. */
export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, i18n } = useTranslation('mobileCases');
  const label = (entry: TimelineEntry) => {
    const action = t(`actions.${entry.action}`, { defaultValue: '' });
    const status = entry.toStatus ? t(`statuses.${entry.toStatus as CaseStatus}`, { defaultValue: entry.toStatus }) : '';
    if (action && status && entry.action !== 'report' && entry.action !== 'create') return `${action} → ${status}`;
    return action || status || entry.action;
  };
  return (
    <ol className="case-timeline" data-testid="case-timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`} className="case-timeline__item">
          <div className="case-timeline__head">
            <strong>{label(entry)}</strong>
            <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
          </div>
          {entry.actorName && <div className="case-timeline__who">{entry.actorName}</div>}
          {entry.note && <p className="case-timeline__note">{entry.note}</p>}
          {entry.attachments.length > 0 && (
            <div className="case-thumbs">
              {entry.attachments.map((a) => (
                <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                  <img src={a.thumbUrl ?? a.url} alt={a.name} loading="lazy" />
                </a>
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
