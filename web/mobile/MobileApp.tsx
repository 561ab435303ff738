import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { MobileMessage } from './components/MobileMessage';
import { GridCardPage } from './features/grid-card/pages/GridCardPage';
import { NoticeListPage } from './features/notices/pages/NoticeListPage';
import { NoticePage } from './features/notices/pages/NoticePage';
import { ScreenPage } from './features/notices/pages/ScreenPage';

// The poster draws its QR code with `qrcode`; loaded only when a poster is opened.
const NoticePosterPage = lazy(() => import('./features/notices/pages/NoticePosterPage').then((m) => ({ default: m.NoticePosterPage })));

type MobileRoute =
  | { page: 'card'; gridId: number }
  | { page: 'notices'; areaId: number }
  | { page: 'notice'; areaId: number; id: number }
  | { page: 'poster'; areaId: number; id: number }
  | { page: 'screen'; areaId: number };

function positiveId(text: string | undefined): number | null {
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Reads the few paths of this entry by hand; a router would cost more bytes than they are worth. */
export function mobileRoute(pathname: string): MobileRoute | null {
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
  }
}
