import { Breadcrumb } from 'antd';
import { useAreaDetail } from '../../areas/hooks/useAreaDetail';

/**
 * The drill-down path from where the page started (`topId`, the form's area) to the area shown; the
 * crumbs from `openableFromId` down (the user's own area and below) go back up. Above the start the
 * path is not shown: those areas are not the form's.
 */
export function AreaDrillBreadcrumb({ areaId, topId, openableFromId, onOpen }: { areaId: number; topId: number; openableFromId: number; onOpen: (id: number) => void }) {
  const detail = useAreaDetail(areaId);
  const chain = detail.data?.ancestors ?? [];
  if (!detail.data || chain.length === 0) return null;
  // ancestors is top first and ends with the area itself.
  const withSelf = chain[chain.length - 1]?.id === detail.data.id ? chain : [...chain, detail.data];
  const start = Math.max(0, withSelf.findIndex((a) => a.id === topId));
  const openableFrom = withSelf.findIndex((a) => a.id === openableFromId);
  const shown = withSelf.slice(start);
  return (
    <Breadcrumb
      className="registry-breadcrumb"
      data-testid="stats-breadcrumb"
      items={shown.map((a, i) => {
        const last = i === shown.length - 1;
        const openable = !last && openableFrom >= 0 && start + i >= openableFrom;
        return {
          key: a.id,
          title: last ? (
            <strong data-testid="stats-crumb-current">{a.name}</strong>
          ) : openable ? (
            <a onClick={() => onOpen(a.id)} data-testid="stats-crumb" data-area-id={a.id}>
              {a.name}
            </a>
          ) : (
            <span className="registry-muted">{a.name}</span>
          ),
        };
      })}
    />
  );
}
