import type { TStats } from '../../../../../common/forms';

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The statistics table as CSV (with a BOM, so Excel reads the Chinese): the same columns as on
 * screen for the questions chosen, and the total as the last row.
 */
export function statsCsv(stats: TStats, columns: TStats['columns'], headers: { area: string; submissions: string; expected: string; coverage: string; alerts: string; total: string }): string {
  const head = [headers.area, headers.submissions, headers.expected, headers.coverage, headers.alerts, ...columns.flatMap((c) => c.options.map((o) => `${c.label} - ${o.label}`))];
  const line = (name: string, row: TStats['total']) => [
    name,
    row.submissions,
    row.expected,
    row.coverage === null ? '' : `${(row.coverage * 100).toFixed(1)}%`,
    row.alerts,
    ...columns.flatMap((c) => c.options.map((o) => row.options[c.field]?.[o.value] ?? 0)),
  ];
  const lines = [head, ...stats.rows.map((r) => line(r.areaName, r)), line(headers.total, stats.total)];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Hands a text file to the browser as a download. */
export function saveText(text: string, name: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
