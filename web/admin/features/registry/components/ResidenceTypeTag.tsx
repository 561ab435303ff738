import { Tag } from 'antd';
import type { ResidenceType } from '../../../../../common/registry';
import { useRegistryLabels } from '../hooks/useRegistryLabels';

const COLORS: Record<ResidenceType, string> = { registered: 'blue', resident: 'green', migrant: 'orange' };

/** 户籍 / 常住 / 流动 as a coloured tag. */
export function ResidenceTypeTag({ type }: { type: string }) {
  const labels = useRegistryLabels();
  return (
    <Tag color={COLORS[type as ResidenceType] ?? 'default'} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {labels.residenceType(type)}
    </Tag>
  );
}
