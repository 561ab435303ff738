import { Tag } from 'antd';
import type { ResidentStatus } from '../../../../../common/registry';
import { useRegistryLabels } from '../hooks/useRegistryLabels';

const COLORS: Record<ResidentStatus, string> = { present: 'green', moved_out: 'default', deceased: 'default' };

/** 在册 / 已迁出 / 已故. */
export function ResidentStatusTag({ status }: { status: string }) {
  const labels = useRegistryLabels();
  return (
    <Tag color={COLORS[status as ResidentStatus] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="resident-status">
      {labels.status(status)}
    </Tag>
  );
}
