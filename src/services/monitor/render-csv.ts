/** The report as CSV: one row per metric (summary statistics and time above each threshold). */
import type { Report } from './report.js';

function cell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders the per-metric summary as RFC 4180 CSV (header row first). */
export function renderCsv(report: Report): string {
  const header = ['metric', 'target', 'unit', 'min', 'avg', 'p95', 'max', 'seconds_above_careful', 'seconds_above_warning', 'seconds_above_critical', 'from', 'to', 'samples'];
  const rows = report.metrics.map((x) => [x.metric, x.target, x.unit, x.min, x.avg, x.p95, x.max, x.seconds_above?.careful, x.seconds_above?.warning, x.seconds_above?.critical, report.from, report.to, report.samples]);
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
