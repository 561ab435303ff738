import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OPEN_CASE_STATUSES } from '../../../../../common/case-workflow';
import type { TCase } from '../../../../../common/cases';
import { MobileMessage } from '../../../components/MobileMessage';
import { CaseListItem } from '../components/CaseListItem';
import { StaffGate } from '../components/StaffGate';
import { StaffHeader } from '../components/StaffHeader';
import { useApiGet } from '../hooks/useApiGet';
import { caseErrorText } from '../lib/caseErrorText';
import '../cases.css';

type Tab = 'todo' | 'dueSoon' | 'overdue';
const TABS: Tab[] = ['todo', 'dueSoon', 'overdue'];

function inTab(item: TCase, tab: Tab): boolean {
  if (tab === 'overdue') return item.overdue;
  if (tab === 'dueSoon') return item.dueSoon && !item.overdue;
  return true;
}

/** `/m/cases`: the grid worker's work list on the phone — everything waiting for them, due soon, overdue. */
export function MyCasesPage() {
  return <StaffGate permission="case.read">{() => <MyCasesList />}</StaffGate>;
}

function MyCasesList() {
  const { t } = useTranslation('mobileCases');
  const { t: tc } = useTranslation('common');
  const list = useApiGet<{ items: TCase[]; total: number }>('/api/cases?mine=1&pageSize=200');
  const [tab, setTab] = useState<Tab>(() => (new URLSearchParams(window.location.search).get('tab') as Tab | null) ?? 'todo');

  useEffect(() => {
    document.title = t('staff.myCases');
  }, [t]);

  const choose = (next: Tab) => {
    setTab(next);
    window.history.replaceState(null, '', next === 'todo' ? '/m/cases' : `/m/cases?tab=${next}`);
  };

  if (list.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (list.status === 'error')
    return (
      <MobileMessage
        text={`${t('loadFailed')}: ${caseErrorText(t, tc, list.error)}`}
        action={
          <button type="button" className="big-button" onClick={list.reload}>
            {t('retry')}
          </button>
        }
      />
    );

  const open = list.data.items.filter((c) => OPEN_CASE_STATUSES.includes(c.status));
  // Most pressing first: overdue, then due soon, then by due time.
  const sorted = [...open].sort((a, b) => Number(b.overdue) - Number(a.overdue) || Number(b.dueSoon) - Number(a.dueSoon) || (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'));
  const shown = sorted.filter((c) => inTab(c, tab));

  return (
    <main className="case-page" data-testid="case-my-list">
      <StaffHeader title={t('staff.myCases')} />
      <nav className="case-tabs" aria-label={t('staff.myCases')}>
        {TABS.map((key) => (
          <button key={key} type="button" className={key === tab ? 'case-tab is-active' : 'case-tab'} aria-pressed={key === tab} onClick={() => choose(key)} data-testid={`case-tab-${key}`}>
            {t(`staff.tabs.${key}`)}
            <span className="case-tab__count">{open.filter((c) => inTab(c, key)).length}</span>
          </button>
        ))}
      </nav>
      <div className="case-body">
        {shown.length === 0 ? (
          <p className="case-empty">{t('staff.empty')}</p>
        ) : (
          <ul className="case-list">
            {shown.map((item) => (
              <CaseListItem key={item.id} item={item} />
            ))}
          </ul>
        )}
        <button type="button" className="case-button case-button--ghost" onClick={list.reload}>
          {t('track.refresh')}
        </button>
      </div>
      <a className="case-fab" href="/m/cases/new" data-testid="case-new">
        + {t('staff.newCase')}
      </a>
    </main>
  );
}
