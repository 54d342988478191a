/**
 * Report computation over stored rows: per metric min / average / p95 / max, time spent above each
 * threshold, alert periods with the processes seen then, and downsampled series for charts.
 */
import type { HistoryRow } from './store.js';
import { levelOf } from './thresholds.js';
import type { Level, ProcessInfo, ThresholdMetric, Thresholds } from './types.js';

export type Unit = '%' | 'load' | 'B/s';

export interface MetricSummary {
  metric: string;
  /** Mount point for filesystem metrics. */
  target?: string;
  unit: Unit;
  min: number;
  avg: number;
  p95: number;
  max: number;
  /** Seconds at or above each level; only for metrics with thresholds. */
  seconds_above?: { careful: number; warning: number; critical: number };
}

export interface AlertPeriod {
  start: string;
  end: string;
  duration_seconds: number;
  /** The worst value each alerting metric reached in the period. */
  peaks: { metric: ThresholdMetric; target?: string; level: Level; value: number }[];
  top_processes: Pick<ProcessInfo, 'pid' | 'name' | 'cpu' | 'memory'>[];
}

export interface ChartSeries {
  /** Bucket start times, seconds since the epoch (uPlot's x axis). */
  t: number[];
  cpu: (number | null)[];
  cpu_max: (number | null)[];
  memory: (number | null)[];
  swap: (number | null)[];
  net_rx: (number | null)[];
  net_tx: (number | null)[];
  disk_read: (number | null)[];
  disk_write: (number | null)[];
  filesystems: Record<string, (number | null)[]>;
}

export interface Report {
  generated_at: string;
  from: string;
  to: string;
  days: number;
  samples: number;
  covered_seconds: number;
  has_swap: boolean;
  thresholds: Thresholds;
  metrics: MetricSummary[];
  alert_periods: AlertPeriod[];
}

/** Percentile by nearest rank over a sorted array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

function summarise(metric: string, unit: Unit, values: Float64Array, spans: Float64Array, thresholds?: Thresholds[ThresholdMetric], target?: string): MetricSummary {
  let sum = 0;
  let weight = 0;
  const above = { careful: 0, warning: 0, critical: 0 };
  for (let i = 0; i < values.length; i++) {
    sum += values[i] * spans[i];
    weight += spans[i];
    if (thresholds) {
      if (values[i] >= thresholds.careful) above.careful += spans[i];
      if (values[i] >= thresholds.warning) above.warning += spans[i];
      if (values[i] >= thresholds.critical) above.critical += spans[i];
    }
  }
  const sorted = Float64Array.from(values).sort();
  return {
    metric,
    ...(target ? { target } : {}),
    unit,
    min: r2(sorted[0] ?? 0),
    avg: r2(weight > 0 ? sum / weight : 0),
    p95: r2(percentile(sorted, 95)),
    max: r2(sorted[sorted.length - 1] ?? 0),
    ...(thresholds ? { seconds_above: { careful: Math.round(above.careful / 1000), warning: Math.round(above.warning / 1000), critical: Math.round(above.critical / 1000) } } : {}),
  };
}

/** Computes the report for rows (oldest first) covering [from, to). */
export function computeReport(rows: HistoryRow[], thresholds: Thresholds, range: { from: number; to: number; days: number }): Report {
  const n = rows.length;
  const spans = new Float64Array(n);
  const col = (pick: (r: HistoryRow) => number) => {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = pick(rows[i]);
    return a;
  };
  for (let i = 0; i < n; i++) spans[i] = rows[i].span_ms;
  const hasSwap = rows.some((r) => r.swap_total > 0);
  const metrics: MetricSummary[] = [
    summarise('cpu', '%', col((r) => r.cpu), spans, thresholds.cpu),
    summarise('load_per_core', 'load', col((r) => r.load_per_core), spans, thresholds.load),
    summarise('memory', '%', col((r) => r.mem_pct), spans, thresholds.memory),
  ];
  if (hasSwap) metrics.push(summarise('swap', '%', col((r) => r.swap_pct), spans, thresholds.swap));
  const perMount = new Map<string, { v: number[]; s: number[] }>();
  for (let i = 0; i < n; i++) {
    const fs = rows[i].fs;
    for (const mount in fs) {
      let e = perMount.get(mount);
      if (!e) perMount.set(mount, (e = { v: [], s: [] }));
      e.v.push(fs[mount]);
      e.s.push(spans[i]);
    }
  }
  for (const [mount, e] of perMount) metrics.push(summarise('filesystem', '%', Float64Array.from(e.v), Float64Array.from(e.s), thresholds.filesystem, mount));
  metrics.push(
    summarise('disk_read', 'B/s', col((r) => r.disk_read), spans),
    summarise('disk_write', 'B/s', col((r) => r.disk_write), spans),
    summarise('net_rx', 'B/s', col((r) => r.net_rx), spans),
    summarise('net_tx', 'B/s', col((r) => r.net_tx), spans),
  );
  return {
    generated_at: new Date().toISOString(),
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    days: range.days,
    samples: n,
    covered_seconds: Math.round(spans.reduce((a, b) => a + b, 0) / 1000),
    has_swap: hasSwap,
    thresholds,
    metrics,
    alert_periods: alertPeriods(rows, thresholds),
  };
}

/** Mount points seen in the rows, in order of first appearance. */
export function mounts(rows: HistoryRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k in r.fs) seen.add(k);
  return [...seen];
}

/** True when any metric of the row reaches its warning level (the cheap test run on every row). */
function rowAlerting(r: HistoryRow, t: Thresholds): boolean {
  if (r.cpu >= t.cpu.warning || r.load_per_core >= t.load.warning || r.mem_pct >= t.memory.warning) return true;
  if (r.swap_total > 0 && r.swap_pct >= t.swap.warning) return true;
  for (const k in r.fs) if (r.fs[k] >= t.filesystem.warning) return true;
  return false;
}

/** The metrics of a row at warning or above, judged with the report's thresholds. */
function rowAlerts(r: HistoryRow, t: Thresholds): AlertPeriod['peaks'] {
  const out: AlertPeriod['peaks'] = [];
  if (!rowAlerting(r, t)) return out;
  const check = (metric: ThresholdMetric, value: number, target?: string) => {
    const level = levelOf(t, metric, value);
    if (level === 'warning' || level === 'critical') out.push({ metric, ...(target ? { target } : {}), level, value: r2(value) });
  };
  check('cpu', r.cpu);
  check('load', r.load_per_core);
  check('memory', r.mem_pct);
  if (r.swap_total > 0) check('swap', r.swap_pct);
  for (const [mount, v] of Object.entries(r.fs)) check('filesystem', v, mount);
  return out;
}

/** Consecutive rows at warning or above, merged across short gaps, with their peaks and top processes. */
export function alertPeriods(rows: HistoryRow[], thresholds: Thresholds): AlertPeriod[] {
  const periods: AlertPeriod[] = [];
  let cur: { start: number; end: number; peaks: Map<string, AlertPeriod['peaks'][number]>; procs: Map<string, ProcessInfo> } | undefined;
  const close = () => {
    if (!cur) return;
    periods.push({
      start: new Date(cur.start).toISOString(),
      end: new Date(cur.end).toISOString(),
      duration_seconds: Math.round((cur.end - cur.start) / 1000),
      peaks: [...cur.peaks.values()],
      top_processes: [...cur.procs.values()].sort((a, b) => b.cpu - a.cpu).slice(0, 5).map((p) => ({ pid: p.pid, name: p.name, cpu: p.cpu, memory: p.memory })),
    });
    cur = undefined;
  };
  for (const r of rows) {
    const peaks = rowAlerts(r, thresholds);
    if (!peaks.length) {
      if (cur && r.ts > cur.end) close();
      continue;
    }
    // A row within two intervals of the period's end continues it (one quiet sample does not split an incident).
    if (cur && r.ts > cur.end + 2 * r.span_ms) close();
    cur ??= { start: r.ts, end: r.ts, peaks: new Map(), procs: new Map() };
    cur.end = Math.max(cur.end, r.ts + r.span_ms);
    for (const p of peaks) {
      const key = `${p.metric}/${p.target ?? ''}`;
      const prev = cur.peaks.get(key);
      if (!prev || p.value > prev.value) cur.peaks.set(key, p);
    }
    for (const p of r.procs) {
      const key = `${p.pid}/${p.name}`;
      const prev = cur.procs.get(key);
      if (!prev || p.cpu > prev.cpu) cur.procs.set(key, p);
    }
  }
  close();
  return periods;
}

/** Averages rows into at most `points` time buckets for charts (CPU also keeps each bucket's maximum). */
export function chartSeries(rows: HistoryRow[], from: number, to: number, points = 1000): ChartSeries {
  const span = Math.max(1, to - from);
  const bucketMs = Math.max(1000, Math.ceil(span / points));
  const count = Math.max(1, Math.ceil(span / bucketMs));
  const fsNames = mounts(rows);
  const keys = ['cpu', 'memory', 'swap', 'net_rx', 'net_tx', 'disk_read', 'disk_write'] as const;
  const pick: Record<(typeof keys)[number], (r: HistoryRow) => number> = {
    cpu: (r) => r.cpu,
    memory: (r) => r.mem_pct,
    swap: (r) => r.swap_pct,
    net_rx: (r) => r.net_rx,
    net_tx: (r) => r.net_tx,
    disk_read: (r) => r.disk_read,
    disk_write: (r) => r.disk_write,
  };
  const sums = Object.fromEntries(keys.map((k) => [k, new Float64Array(count)])) as Record<(typeof keys)[number], Float64Array>;
  const cpuMax = new Float64Array(count);
  const n = new Uint32Array(count);
  const fsSums = Object.fromEntries(fsNames.map((k) => [k, new Float64Array(count)]));
  const fsN = Object.fromEntries(fsNames.map((k) => [k, new Uint32Array(count)]));
  for (const r of rows) {
    const b = Math.min(count - 1, Math.max(0, Math.floor((r.ts - from) / bucketMs)));
    n[b]++;
    for (const k of keys) sums[k][b] += pick[k](r);
    if (r.cpu > cpuMax[b]) cpuMax[b] = r.cpu;
    for (const mount in r.fs) {
      fsSums[mount][b] += r.fs[mount];
      fsN[mount][b]++;
    }
  }
  const avg = (a: Float64Array, c: Uint32Array) => Array.from(a, (v, i) => (c[i] ? Math.round((v / c[i]) * 10) / 10 : null));
  const out: ChartSeries = {
    t: Array.from({ length: count }, (_, i) => Math.round((from + i * bucketMs) / 1000)),
    cpu: avg(sums.cpu, n),
    cpu_max: Array.from(cpuMax, (v, i) => (n[i] ? Math.round(v * 10) / 10 : null)),
    memory: avg(sums.memory, n),
    swap: avg(sums.swap, n),
    net_rx: avg(sums.net_rx, n),
    net_tx: avg(sums.net_tx, n),
    disk_read: avg(sums.disk_read, n),
    disk_write: avg(sums.disk_write, n),
    filesystems: Object.fromEntries(fsNames.map((k) => [k, avg(fsSums[k], fsN[k])])),
  };
  return out;
}
