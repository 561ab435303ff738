import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TArea } from '../../../../../common/areas';
import { LevelTag } from './LevelTag';

/** One row of the area tree: name, level, and a mark when archived. */
export function AreaNodeTitle({ area }: { area: TArea }) {
  const { t } = useTranslation('admin');
  return (
    <span className={area.archived ? 'area-node area-node--archived' : 'area-node'} data-testid="area-node" data-area-id={area.id} title={`${area.name} · ${area.code}`}>
      <span className="area-node__name">{area.name}</span>
      <LevelTag level={area.level} className="area-node__level" />
      {area.archived && <Tag className="area-node__level">{t('areas.archived')}</Tag>}
    </span>
  );
}
