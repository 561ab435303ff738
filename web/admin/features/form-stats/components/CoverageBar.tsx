import { Progress } from 'antd';

/** Green at 90 % and above, orange from 60 %, red below: who needs a reminder stands out. */
export function coverageColor(coverage: number): string {
  if (coverage >= 0.9) return '#52c41a';
  if (coverage >= 0.6) return '#faad14';
  return '#ff4d4f';
}

/** Coverage as a bar with its percentage; a dash when nobody is expected there. */
export function CoverageBar({ coverage }: { coverage: number | null }) {
  if (coverage === null) return <span className="registry-muted">—</span>;
  const percent = Math.round(coverage * 1000) / 10;
  return (
    <Progress
      className="form-stats-coverage"
      percent={Math.min(100, percent)}
      format={() => `${percent}%`}
      strokeColor={coverageColor(coverage)}
      size="small"
      status="normal"
      data-testid="coverage"
      data-coverage={coverage}
    />
  );
}
