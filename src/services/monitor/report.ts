/**
 * Report computation over stored rows: per metric min / average / p95 / max, time spent above each
 * threshold, alert periods with the processes seen then, and downsampled series for charts.
 */
import { columnsFromRows, type FsUsage, type HistoryColumns, type RowLike } from './columns.js';
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
  return sorted[nearestRank(sorted.length, p)];
}

/** Index of the nearest-rank p-th percentile among n sorted values. */
function nearestRank(n: number, p: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

/**
 * The k-th smallest value (0-based), found by partitioning `a` in place (Hoare's quickselect with a
 * median-of-three pivot): the same value a full sort would put at index k, in linear time.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot keeps sorted and reversed inputs linear.
    let x = a[lo];
    let y = a[mid];
    let z = a[hi];
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

function summarise(metric: string, unit: Unit, values: Float64Array, spans: Float64Array, thresholds?: Thresholds[ThresholdMetric], target?: string): MetricSummary {
  let sum = 0;
  let weight = 0;
  let min = Infinity;
  let max = -Infinity;
  const above = { careful: 0, warning: 0, critical: 0 };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v * spans[i];
    weight += spans[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (thresholds) {
      if (v >= thresholds.careful) above.careful += spans[i];
      if (v >= thresholds.warning) above.warning += spans[i];
      if (v >= thresholds.critical) above.critical += spans[i];
    }
  }
  const n = values.length;
  return {
    metric,
    ...(target ? { target } : {}),
    unit,
    min: r2(n ? min : 0),
    avg: r2(weight > 0 ? sum / weight : 0),
    // A copy: selection reorders the values.
    p95: r2(n ? kthSmallest(Float64Array.from(values), nearestRank(n, 95)) : 0),
    max: r2(n ? max : 0),
    ...(thresholds ? { seconds_above: { careful: Math.round(above.careful / 1000), warning: Math.round(above.warning / 1000), critical: Math.round(above.critical / 1000) } } : {}),
  };
}

function asColumns(data: readonly RowLike[] | HistoryColumns): HistoryColumns {
  return Array.isArray(data) ? columnsFromRows(data) : (data as HistoryColumns);
}

/** Computes the report for rows (oldest first) covering [from, to). */
export function computeReport(data: readonly RowLike[] | HistoryColumns, thresholds: Thresholds, range: { from: number; to: number; days: number }): Report {
  const c = asColumns(data);
  const n = c.length;
  const spans = c.span_ms;
  const hasSwap = c.swap_total.some((v) => v > 0);
  const metrics: MetricSummary[] = [
    summarise('cpu', '%', c.cpu, spans, thresholds.cpu),
    summarise('load_per_core', 'load', c.load_per_core, spans, thresholds.load),
    summarise('memory', '%', c.mem_pct, spans, thresholds.memory),
  ];
  if (hasSwap) metrics.push(summarise('swap', '%', c.swap_pct, spans, thresholds.swap));
  // Each mount's values and spans over the rows that recorded it, in row order.
  const perMount = new Map<string, { v: number[]; s: number[] }>();
  for (let i = 0; i < n; i++) {
    const fs = c.fsLayouts[c.fsRef[i]];
    for (const mount in fs) {
      let e = perMount.get(mount);
      if (!e) perMount.set(mount, (e = { v: [], s: [] }));
      e.v.push(fs[mount]);
      e.s.push(spans[i]);
    }
  }
  for (const [mount, e] of perMount) metrics.push(summarise('filesystem', '%', Float64Array.from(e.v), Float64Array.from(e.s), thresholds.filesystem, mount));
  metrics.push(
    summarise('disk_read', 'B/s', c.disk_read, spans),
    summarise('disk_write', 'B/s', c.disk_write, spans),
    summarise('net_rx', 'B/s', c.net_rx, spans),
    summarise('net_tx', 'B/s', c.net_tx, spans),
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
    alert_periods: alertPeriods(c, thresholds),
  };
}

/** Mount points seen in the rows, in order of first appearance. */
export function mounts(data: readonly RowLike[] | HistoryColumns): string[] {
  const seen = new Set<string>();
  for (const fs of asColumns(data).fsLayouts) for (const k in fs) seen.add(k);
  return [...seen];
}

/** True when any metric of row i reaches its warning level (the cheap test run on every row). */
function rowAlerting(c: HistoryColumns, i: number, fs: FsUsage, t: Thresholds): boolean {
  if (c.cpu[i] >= t.cpu.warning || c.load_per_core[i] >= t.load.warning || c.mem_pct[i] >= t.memory.warning) return true;
  if (c.swap_total[i] > 0 && c.swap_pct[i] >= t.swap.warning) return true;
  for (const k in fs) if (fs[k] >= t.filesystem.warning) return true;
  return false;
}

/** The metrics of row i at warning or above, judged with the report's thresholds. */
function rowAlerts(c: HistoryColumns, i: number, t: Thresholds): AlertPeriod['peaks'] {
  const out: AlertPeriod['peaks'] = [];
  const fs = c.fsLayouts[c.fsRef[i]];
  if (!rowAlerting(c, i, fs, t)) return out;
  const check = (metric: ThresholdMetric, value: number, target?: string) => {
    const level = levelOf(t, metric, value);
    if (level === 'warning' || level === 'critical') out.push({ metric, ...(target ? { target } : {}), level, value: r2(value) });
  };
  check('cpu', c.cpu[i]);
  check('load', c.load_per_core[i]);
  check('memory', c.mem_pct[i]);
  if (c.swap_total[i] > 0) check('swap', c.swap_pct[i]);
  for (const [mount, v] of Object.entries(fs)) check('filesystem', v, mount);
  return out;
}

/** Consecutive rows at warning or above, merged across short gaps, with their peaks and top processes. */
export function alertPeriods(data: readonly RowLike[] | HistoryColumns, thresholds: Thresholds): AlertPeriod[] {
  const c = asColumns(data);
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
  for (let i = 0; i < c.length; i++) {
    const ts = c.ts[i];
    const span = c.span_ms[i];
    const peaks = rowAlerts(c, i, thresholds);
    if (!peaks.length) {
      if (cur && ts > cur.end) close();
      continue;
    }
    // A row within two intervals of the period's end continues it (one quiet sample does not split an incident).
    if (cur && ts > cur.end + 2 * span) close();
    cur ??= { start: ts, end: ts, peaks: new Map(), procs: new Map() };
    cur.end = Math.max(cur.end, ts + span);
    for (const p of peaks) {
      const key = `${p.metric}/${p.target ?? ''}`;
      const prev = cur.peaks.get(key);
      if (!prev || p.value > prev.value) cur.peaks.set(key, p);
    }
    for (const p of c.procs(i)) {
      const key = `${p.pid}/${p.name}`;
      const prev = cur.procs.get(key);
      if (!prev || p.cpu > prev.cpu) cur.procs.set(key, p);
    }
  }
  close();
  return periods;
}

/** Averages rows into at most `points` time buckets for charts (CPU also keeps each bucket's maximum). */
export function chartSeries(data: readonly RowLike[] | HistoryColumns, from: number, to: number, points = 1000): ChartSeries {
  const c = asColumns(data);
  const span = Math.max(1, to - from);
  const bucketMs = Math.max(1000, Math.ceil(span / points));
  const count = Math.max(1, Math.ceil(span / bucketMs));
  const fsNames = mounts(c);
  const keys = ['cpu', 'memory', 'swap', 'net_rx', 'net_tx', 'disk_read', 'disk_write'] as const;
  const source: Record<(typeof keys)[number], Float64Array> = {
    cpu: c.cpu,
    memory: c.mem_pct,
    swap: c.swap_pct,
    net_rx: c.net_rx,
    net_tx: c.net_tx,
    disk_read: c.disk_read,
    disk_write: c.disk_write,
  };
  const n = new Uint32Array(count);
  const bucketOf = new Uint32Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const b = Math.min(count - 1, Math.max(0, Math.floor((c.ts[i] - from) / bucketMs)));
    bucketOf[i] = b;
    n[b]++;
  }
  // Column by column: each sum adds the same values in the same (row) order as a row-by-row pass.
  const sums = {} as Record<(typeof keys)[number], Float64Array>;
  for (const k of keys) {
    const s = new Float64Array(count);
    const v = source[k];
    for (let i = 0; i < c.length; i++) s[bucketOf[i]] += v[i];
    sums[k] = s;
  }
  const cpuMax = new Float64Array(count);
  for (let i = 0; i < c.length; i++) if (c.cpu[i] > cpuMax[bucketOf[i]]) cpuMax[bucketOf[i]] = c.cpu[i];
  const fsSums = Object.fromEntries(fsNames.map((k) => [k, new Float64Array(count)]));
  const fsN = Object.fromEntries(fsNames.map((k) => [k, new Uint32Array(count)]));
  for (let i = 0; i < c.length; i++) {
    const fs = c.fsLayouts[c.fsRef[i]];
    const b = bucketOf[i];
    for (const mount in fs) {
      fsSums[mount][b] += fs[mount];
      fsN[mount][b]++;
    }
  }
  const avg = (a: Float64Array, cnt: Uint32Array) => Array.from(a, (v, i) => (cnt[i] ? Math.round((v / cnt[i]) * 10) / 10 : null));
  return {
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
}
