/** The report as a terminal summary (what `monitor report` prints without a file). */
import { defineMessages } from '../../core/i18n.js';
import { formatDuration, formatRate } from './format.js';
import { levelName, metricLabel, thresholdMetricName } from './labels.js';
import type { MetricSummary, Report } from './report.js';

const m = defineMessages({
  en: {
    title: 'Monitoring report: {from} to {to} ({samples} samples, {covered} recorded)',
    titleOne: 'Monitoring report: {from} to {to} ({samples} sample, {covered} recorded)',
    metric: 'Metric',
    above: 'Time >= careful / warning / critical',
    periods: 'Alert periods (warning or worse): {count}',
    noPeriods: 'No alert period: every metric stayed below its warning threshold.',
    more: '... and {count} more (see --output report.html or --output report.json)',
    top: 'top:',
    avg: 'avg',
  },
  fr: {
    title: "Rapport de supervision : du {from} au {to} ({samples} mesures, {covered} d'enregistrement)",
    titleOne: "Rapport de supervision : du {from} au {to} ({samples} mesure, {covered} d'enregistrement)",
    metric: 'Mesure',
    above: 'Temps >= vigilance / avertissement / critique',
    periods: "Périodes d'alerte (avertissement ou pire) : {count}",
    noPeriods: "Aucune période d'alerte : chaque mesure est restée sous son seuil d'avertissement.",
    more: '... et {count} de plus (voir --output rapport.html ou --output rapport.json)',
    top: 'processus :',
    avg: 'moy',
  },
});

/** A metric value in its unit ("12.3%", "0.45", "1.2 MiB/s"). */
export function formatValue(unit: MetricSummary['unit'], v: number): string {
  if (unit === '%') return `${v.toFixed(1)}%`;
  if (unit === 'load') return v.toFixed(2);
  return formatRate(v);
}

function stamp(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** Renders the report as aligned text. */
export function renderText(report: Report, maxPeriods = 10): string {
  const rows = report.metrics.map((x) => [
    metricLabel(x),
    formatValue(x.unit, x.min),
    formatValue(x.unit, x.avg),
    formatValue(x.unit, x.p95),
    formatValue(x.unit, x.max),
    x.seconds_above ? `${formatDuration(x.seconds_above.careful)} / ${formatDuration(x.seconds_above.warning)} / ${formatDuration(x.seconds_above.critical)}` : '',
  ]);
  const header = [m('metric'), 'min', m('avg'), 'p95', 'max', m('above')];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [
    m(report.samples === 1 ? 'titleOne' : 'title', { from: stamp(report.from), to: stamp(report.to), samples: report.samples, covered: formatDuration(report.covered_seconds) }),
    '',
    line(header),
    ...rows.map(line),
    '',
  ];
  if (!report.alert_periods.length) out.push(m('noPeriods'));
  else {
    out.push(m('periods', { count: report.alert_periods.length }));
    const longest = [...report.alert_periods].sort((a, b) => b.duration_seconds - a.duration_seconds).slice(0, maxPeriods);
    for (const p of longest) {
      const peaks = p.peaks.map((k) => `${thresholdMetricName(k.metric)}${k.target ? ` ${k.target}` : ''} ${k.metric === 'load' ? k.value.toFixed(2) : `${k.value.toFixed(0)}%`} (${levelName(k.level)})`).join(', ');
      const procs = p.top_processes.slice(0, 3).map((x) => `${x.name}(${x.pid}) ${x.cpu.toFixed(0)}%`).join(', ');
      out.push(`  ${stamp(p.start)}  ${formatDuration(p.duration_seconds).padStart(7)}  ${peaks}${procs ? `  ${m('top')} ${procs}` : ''}`);
    }
    if (report.alert_periods.length > longest.length) out.push(m('more', { count: report.alert_periods.length - longest.length }));
  }
  return `${out.join('\n')}\n`;
}
