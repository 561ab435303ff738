import { Tag } from 'antd';
import type { AreaLevel } from '../../../../../common/areas';
import { useLabels } from '../../../../lib/i18n/useLabels';

const LEVEL_COLORS: Record<AreaLevel, string> = {
  province: 'magenta',
  city: 'red',
  district: 'volcano',
  subdistrict: 'orange',
  township: 'gold',
  community: 'green',
  village: 'lime',
  grid: 'blue',
  building: 'geekblue',
  unit: 'purple',
};

/** The translated level name (省, 网格, 楼栋 …) as a coloured tag. */
export function LevelTag({ level, className }: { level: string; className?: string }) {
  const labels = useLabels();
  return (
    <Tag color={LEVEL_COLORS[level as AreaLevel] ?? 'default'} className={className} variant="outlined">
      {labels.level(level)}
    </Tag>
  );
}
