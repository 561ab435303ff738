import { GridCardPage } from './features/grid-card/pages/GridCardPage';
import { MobileMessage } from './components/MobileMessage';
import { useTranslation } from 'react-i18next';

/** Reads the grid id from `/card/{id}`; a router would cost more bytes than this one path is worth. */
function gridIdFromPath(pathname: string): number | null {
  const match = /^\/card\/(\d+)\/?$/.exec(pathname);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function MobileApp() {
  const { t } = useTranslation('card');
  const gridId = gridIdFromPath(window.location.pathname);
  if (gridId === null) return <MobileMessage text={t('badLink')} />;
  return <GridCardPage gridId={gridId} />;
}
