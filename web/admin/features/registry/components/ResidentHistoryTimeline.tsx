import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TResidentDetail } from '../../../../../common/registry';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { useRegistryLabels } from '../hooks/useRegistryLabels';

const COLORS: Record<string, string> = { move: 'blue', move_out: 'gray', merge: 'green', merged: 'gray' };

/** Moves, move-outs and merges of a resident, newest first. */
export function ResidentHistoryTimeline({ history }: { history: TResidentDetail['history'] }) {
  const { t, i18n } = useTranslation('admin');
  const labels = useRegistryLabels();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.drawer.noHistory')} />;
  return (
    <Timeline
      data-testid="resident-history"
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: COLORS[h.kind] ?? 'blue',
        title: <span className="registry-muted">{formatDateTime(h.at, i18n.language)}</span>,
        content: (
          <div>
            <Typography.Text strong>{labels.historyKind(h.kind)}</Typography.Text>
            {(h.fromAddress || h.toAddress) && (
              <div>
                {h.fromAddress ?? '—'}
                {h.toAddress ? ` → ${h.toAddress}` : ''}
              </div>
            )}
            {h.note && <div className="registry-muted">{h.note}</div>}
            {h.by && <div className="registry-muted">{t('registry.drawer.historyBy', { name: h.by })}</div>}
          </div>
        ),
      }))}
    />
  );
}
