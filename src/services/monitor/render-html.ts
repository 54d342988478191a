/**
 * The report as one self-contained HTML file: uPlot's script and stylesheet are inlined from
 * node_modules (no network at view time), series are downsampled so a month at 10 s stays small,
 * and a print stylesheet resizes charts to the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineMessages, getLang } from '../../core/i18n.js';
import { formatDuration } from './format.js';
import { metricLabel } from './labels.js';
import { formatValue } from './render-text.js';
import type { ChartSeries, Report } from './report.js';

const m = defineMessages({
  en: {
    title: 'Cloudya monitoring report',
    range: '{from} to {to} UTC · {samples} samples · {covered} recorded · generated {generated} UTC',
    rangeOne: '{from} to {to} UTC · {samples} sample · {covered} recorded · generated {generated} UTC',
    summary: 'Summary',
    metric: 'Metric',
    above: 'Time at or above',
    careful: 'careful',
    warning: 'warning',
    critical: 'critical',
    periods: 'Alert periods',
    noPeriods: 'No alert period: every metric stayed below its warning threshold.',
    start: 'Start',
    duration: 'Duration',
    peaks: 'Peaks',
    processes: 'Top processes then',
    charts: 'Charts',
    cpu: 'CPU (%) - average and maximum per point',
    memory: 'Memory used (%)',
    swap: 'Swap used (%)',
    filesystems: 'Filesystems used (%)',
    network: 'Network (bytes/s)',
    disk: 'Disk IO (bytes/s)',
    average: 'average',
    maximum: 'maximum',
    received: 'in',
    sent: 'out',
    read: 'read',
    written: 'write',
    used: 'used',
    noscript: 'The charts need JavaScript; the tables above hold every figure.',
    morePeriods: '{count} more periods in the JSON report.',
  },
  fr: {
    title: 'Rapport de supervision Cloudya',
    range: "Du {from} au {to} UTC · {samples} mesures · {covered} d'enregistrement · généré le {generated} UTC",
    rangeOne: "Du {from} au {to} UTC · {samples} mesure · {covered} d'enregistrement · généré le {generated} UTC",
    summary: 'Résumé',
    metric: 'Mesure',
    above: 'Temps au-dessus de',
    careful: 'attention',
    warning: 'avertissement',
    critical: 'critique',
    periods: "Périodes d'alerte",
    noPeriods: "Aucune période d'alerte : chaque mesure est restée sous son seuil d'avertissement.",
    start: 'Début',
    duration: 'Durée',
    peaks: 'Pics',
    processes: 'Processus les plus actifs alors',
    charts: 'Graphiques',
    cpu: 'CPU (%) - moyenne et maximum par point',
    memory: 'Mémoire utilisée (%)',
    swap: 'Swap utilisé (%)',
    filesystems: 'Systèmes de fichiers utilisés (%)',
    network: 'Réseau (octets/s)',
    disk: 'E/S disque (octets/s)',
    average: 'moyenne',
    maximum: 'maximum',
    received: 'entrant',
    sent: 'sortant',
    read: 'lecture',
    written: 'écriture',
    used: 'utilisé',
    noscript: 'Les graphiques demandent JavaScript ; les tableaux ci-dessus contiennent tous les chiffres.',
    morePeriods: '{count} autres périodes dans le rapport JSON.',
  },
});

let assets: { js: string; css: string; license: string } | undefined;

/** uPlot's minified script and stylesheet, read once from the installed package. */
function uplotAssets(): { js: string; css: string; license: string } {
  if (!assets) {
    const require = createRequire(import.meta.url);
    const js = require.resolve('uplot/dist/uPlot.iife.min.js');
    let license = 'uPlot - MIT License - https://github.com/leeoniya/uPlot';
    try {
      // The MIT licence asks for its notice to travel with the code we inline.
      license = readFileSync(path.join(path.dirname(js), '..', 'LICENSE'), 'utf8');
    } catch {
      // keep the one-line notice
    }
    assets = { js: readFileSync(js, 'utf8'), css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'), license };
  }
  return assets;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element. */
function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function stamp(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

const STYLE = `
:root { --fg:#1d232a; --muted:#5b6572; --line:#d9dee4; --ok:#2e7d32; --careful:#1f77b4; --warning:#d98200; --critical:#c62828; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.range { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
.lvl-careful { color: var(--careful); } .lvl-warning { color: var(--warning); font-weight: 600; } .lvl-critical { color: var(--critical); font-weight: 700; }
.chart { margin: 12px 0 22px; break-inside: avoid; page-break-inside: avoid; }
.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.legend-note { color: var(--muted); font-size: 12px; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; }
  .chart canvas { max-width: 100%; height: auto; }
  .u-legend { font-size: 9pt; }
}
`;

/** The browser-side code: draws one uPlot chart per figure from the embedded data. */
const CLIENT = `
(function () {
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  function bytes(v) { if (v == null) return ''; var u = ['B/s','KiB/s','MiB/s','GiB/s','TiB/s'], i = 0; while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; } return (i ? v.toFixed(1) : v.toFixed(0)) + ' ' + u[i]; }
  function pct(v) { return v == null ? '' : v.toFixed(1) + '%'; }
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
  function thresholdLines(levels) {
    return function (u) {
      if (!levels) return;
      var ctx = u.ctx, colors = { careful: '#1f77b4', warning: '#d98200', critical: '#c62828' };
      ctx.save(); ctx.setLineDash([6, 4]); ctx.lineWidth = 1;
      Object.keys(colors).forEach(function (k) {
        var y = Math.round(u.valToPos(levels[k], 'y', true));
        if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
        ctx.strokeStyle = colors[k]; ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
      });
      ctx.restore();
    };
  }
  function width(el) { return Math.max(320, Math.floor(el.clientWidth || 900)); }
  function draw(id, series, data, opts) {
    var el = document.getElementById(id);
    if (!el) return;
    var s = [{}].concat(series.map(function (x, i) {
      return { label: x.label, stroke: x.color || PALETTE[i % PALETTE.length], width: x.width || 1.5, dash: x.dash, fill: x.fill, value: function (u, v) { return opts.fmt(v); }, spanGaps: false };
    }));
    var chart = new uPlot({
      width: width(el), height: 220, series: s,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      scales: { x: { time: true }, y: opts.percent ? { range: [0, 100] } : { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } } },
      axes: [{}, { size: 84, values: function (u, vals) { return vals.map(opts.fmt); } }],
      hooks: { draw: [thresholdLines(opts.levels)] },
      cursor: { drag: { x: true, y: false } }
    }, [D.series.t].concat(data), el);
    el.setAttribute('data-drawn', 'true');
    charts.push({ chart: chart, el: el });
  }
  var L = D.labels, S = D.series, T = D.thresholds;
  draw('chart-cpu', [{ label: L.average, color: '#1f77b4', fill: 'rgba(31,119,180,0.12)' }, { label: L.maximum, color: '#9467bd', width: 1 }], [S.cpu, S.cpu_max], { fmt: pct, percent: true, levels: T.cpu });
  draw('chart-memory', [{ label: L.used, color: '#2ca02c', fill: 'rgba(44,160,44,0.12)' }], [S.memory], { fmt: pct, percent: true, levels: T.memory });
  if (D.hasSwap) draw('chart-swap', [{ label: L.used, color: '#8c564b', fill: 'rgba(140,86,75,0.12)' }], [S.swap], { fmt: pct, percent: true, levels: T.swap });
  var mounts = Object.keys(S.filesystems);
  if (mounts.length) draw('chart-filesystems', mounts.map(function (k) { return { label: k }; }), mounts.map(function (k) { return S.filesystems[k]; }), { fmt: pct, percent: true, levels: T.filesystem });
  draw('chart-network', [{ label: L.received, color: '#1f77b4' }, { label: L.sent, color: '#d62728' }], [S.net_rx, S.net_tx], { fmt: bytes });
  draw('chart-disk', [{ label: L.read, color: '#2ca02c' }, { label: L.written, color: '#d98200' }], [S.disk_read, S.disk_write], { fmt: bytes });
  function resize() { charts.forEach(function (c) { c.chart.setSize({ width: width(c.el), height: 220 }); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.chart.setSize({ width: 680, height: 200 }); }); });
  window.addEventListener('afterprint', resize);
})();
`;

/** Renders the report and its chart series as a self-contained HTML document. */
export function renderHtml(report: Report, series: ChartSeries): string {
  const { js, css, license } = uplotAssets();
  const lvl = (x: { seconds_above?: Record<string, number> }, k: 'careful' | 'warning' | 'critical') =>
    x.seconds_above ? `<td class="${x.seconds_above[k] > 0 ? `lvl-${k}` : ''}">${formatDuration(x.seconds_above[k])}</td>` : '<td></td>';
  const metricRows = report.metrics
    .map((x) => `<tr><td>${esc(metricLabel(x))}</td><td>${esc(formatValue(x.unit, x.min))}</td><td>${esc(formatValue(x.unit, x.avg))}</td><td>${esc(formatValue(x.unit, x.p95))}</td><td>${esc(formatValue(x.unit, x.max))}</td>${lvl(x, 'careful')}${lvl(x, 'warning')}${lvl(x, 'critical')}</tr>`)
    .join('\n');
  const periods = [...report.alert_periods].sort((a, b) => b.duration_seconds - a.duration_seconds).slice(0, 100).sort((a, b) => a.start.localeCompare(b.start));
  const periodRows = periods
    .map((p) => {
      const peaks = p.peaks.map((k) => `<span class="lvl-${k.level}">${esc(`${k.metric}${k.target ? ` ${k.target}` : ''} ${k.metric === 'load' ? k.value.toFixed(2) : `${k.value.toFixed(0)}%`}`)}</span>`).join(', ');
      const procs = p.top_processes.map((x) => esc(`${x.name} (${x.pid}) ${x.cpu.toFixed(0)}% cpu ${x.memory.toFixed(1)}% mem`)).join('<br>');
      return `<tr><td>${esc(stamp(p.start))}</td><td>${formatDuration(p.duration_seconds)}</td><td class="text">${peaks}</td><td class="text">${procs}</td></tr>`;
    })
    .join('\n');
  const figure = (id: string, caption: string) => `<figure class="chart"><figcaption>${esc(caption)}</figcaption><div id="${id}"></div></figure>`;
  const data = {
    series,
    hasSwap: report.has_swap,
    thresholds: report.thresholds,
    labels: { average: m('average'), maximum: m('maximum'), received: m('received'), sent: m('sent'), read: m('read'), written: m('written'), used: m('used') },
  };
  return `<!doctype html>
<html lang="${getLang()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m('title'))} - ${esc(stamp(report.from))} / ${esc(stamp(report.to))}</title>
<style>${css}</style>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(m('title'))}</h1>
<p class="range">${esc(m(report.samples === 1 ? 'rangeOne' : 'range', { from: stamp(report.from), to: stamp(report.to), samples: report.samples, covered: formatDuration(report.covered_seconds), generated: stamp(report.generated_at) }))}</p>
</header>
<section>
<h2>${esc(m('summary'))}</h2>
<table id="summary">
<thead><tr><th>${esc(m('metric'))}</th><th>min</th><th>avg</th><th>p95</th><th>max</th><th colspan="3">${esc(m('above'))} ${esc(m('careful'))} / ${esc(m('warning'))} / ${esc(m('critical'))}</th></tr></thead>
<tbody>
${metricRows}
</tbody>
</table>
</section>
<section>
<h2>${esc(m('periods'))} (${report.alert_periods.length})</h2>
${
  periods.length
    ? `<table id="alerts"><thead><tr><th>${esc(m('start'))}</th><th>${esc(m('duration'))}</th><th class="text">${esc(m('peaks'))}</th><th class="text">${esc(m('processes'))}</th></tr></thead><tbody>\n${periodRows}\n</tbody></table>${report.alert_periods.length > periods.length ? `<p class="legend-note">${esc(m('morePeriods', { count: report.alert_periods.length - periods.length }))}</p>` : ''}`
    : `<p>${esc(m('noPeriods'))}</p>`
}
</section>
<section>
<h2>${esc(m('charts'))}</h2>
<noscript><p>${esc(m('noscript'))}</p></noscript>
${figure('chart-cpu', m('cpu'))}
${figure('chart-memory', m('memory'))}
${report.has_swap ? figure('chart-swap', m('swap')) : ''}
${Object.keys(series.filesystems).length ? figure('chart-filesystems', m('filesystems')) : ''}
${figure('chart-network', m('network'))}
${figure('chart-disk', m('disk'))}
</section>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<!-- Charts drawn with uPlot, inlined so the file works offline.
${license.replace(/--/g, '- -')}
-->
<script>${js}</script>
<script>${CLIENT}</script>
</body>
</html>
`;
}
