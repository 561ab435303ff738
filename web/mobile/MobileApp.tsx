import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { MobileMessage } from './components/MobileMessage';
import { GridCardPage } from './features/grid-card/pages/GridCardPage';
import { NoticeListPage } from './features/notices/pages/NoticeListPage';
import { NoticePage } from './features/notices/pages/NoticePage';
import { ScreenPage } from './features/notices/pages/ScreenPage';

// The poster draws its QR code with `qrcode`; loaded only when a poster is opened.
const NoticePosterPage = lazy(() => import('./features/notices/pages/NoticePosterPage').then((m) => ({ default: m.NoticePosterPage })));
// Cases (report, track, the grid worker's pages): their own chunk, so the grid card stays light.
const ReportPage = lazy(() => import('./features/cases/pages/ReportPage').then((m) => ({ default: m.ReportPage })));
const TrackPage = lazy(() => import('./features/cases/pages/TrackPage').then((m) => ({ default: m.TrackPage })));
const MyCasesPage = lazy(() => import('./features/cases/pages/MyCasesPage').then((m) => ({ default: m.MyCasesPage })));
const NewCasePage = lazy(() => import('./features/cases/pages/NewCasePage').then((m) => ({ default: m.NewCasePage })));
const CaseDetailPage = lazy(() => import('./features/cases/pages/CaseDetailPage').then((m) => ({ default: m.CaseDetailPage })));

type MobileRoute =
  | { page: 'card'; gridId: number }
  | { page: 'notices'; areaId: number }
  | { page: 'notice'; areaId: number; id: number }
  | { page: 'poster'; areaId: number; id: number }
  | { page: 'screen'; areaId: number }
  | { page: 'report'; areaId: number }
  | { page: 'track'; token: string }
  | { page: 'myCases' }
  | { page: 'newCase' }
  | { page: 'case'; id: number };

function positiveId(text: string | undefined): number | null {
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Reads the few paths of this entry by hand; a router would cost more bytes than they are worth. */
export function mobileRoute(pathname: string): MobileRoute | null {
  const cases = caseRoute(pathname);
  if (cases !== undefined) return cases;
  const m = /^\/(card|n|screen)\/(\d+)(?:\/(\d+)(\/poster)?)?\/?$/.exec(pathname);
  if (!m) return null;
  const first = positiveId(m[2]);
  if (first === null) return null;
  const second = m[3] === undefined ? undefined : positiveId(m[3]);
  if (second === null) return null;
  if (m[1] === 'card') return second === undefined ? { page: 'card', gridId: first } : null;
  if (m[1] === 'screen') return second === undefined ? { page: 'screen', areaId: first } : null;
  if (second === undefined) return { page: 'notices', areaId: first };
  return m[4] ? { page: 'poster', areaId: first, id: second } : { page: 'notice', areaId: first, id: second };
}

/** `/report/{areaId}`, `/track/{token}`, `/m/cases[/new|/{id}]`; undefined when the path is none of these. */
function caseRoute(pathname: string): MobileRoute | null | undefined {
  const report = /^\/report\/([^/]+)\/?$/.exec(pathname);
  if (report) {
    const areaId = positiveId(report[1]);
    return areaId === null ? null : { page: 'report', areaId };
  }
  const track = /^\/track\/([A-Za-z0-9_-]{8,200})\/?$/.exec(pathname);
  if (track) return { page: 'track', token: track[1] };
  if (pathname.startsWith('/track/') || pathname.startsWith('/report/')) return null;
  const staff = /^\/m\/cases(?:\/(new|\d+))?\/?$/.exec(pathname);
  if (staff) {
    if (staff[1] === undefined) return { page: 'myCases' };
    if (staff[1] === 'new') return { page: 'newCase' };
    const id = positiveId(staff[1]);
    return id === null ? null : { page: 'case', id };
  }
  return pathname.startsWith('/m/') ? null : undefined;
}

export function MobileApp() {
  const { t } = useTranslation('card');
  const route = mobileRoute(window.location.pathname);
  if (route === null) return <MobileMessage text={t('badLink')} />;
  switch (route.page) {
    case 'card':
      return <GridCardPage gridId={route.gridId} />;
    case 'notices':
      return <NoticeListPage areaId={route.areaId} />;
    case 'notice':
      return <NoticePage areaId={route.areaId} id={route.id} />;
    case 'poster':
      return (
        <Suspense fallback={<MobileMessage text={t('loading')} busy />}>
          <NoticePosterPage areaId={route.areaId} id={route.id} />
        </Suspense>
      );
    case 'screen':
      return <ScreenPage areaId={route.areaId} />;
    default:
      return <Suspense fallback={<MobileMessage text={t('loading')} busy />}>{casePage(route)}</Suspense>;
  }
}

function casePage(route: MobileRoute) {
  switch (route.page) {
    case 'report':
      return <ReportPage areaId={route.areaId} />;
    case 'track':
      return <TrackPage token={route.token} />;
    case 'myCases':
      return <MyCasesPage />;
    case 'newCase':
      return <NewCasePage />;
    case 'case':
      return <CaseDetailPage id={route.id} />;
    default:
      return null;
  }
}
