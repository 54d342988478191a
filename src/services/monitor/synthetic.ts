/**
 * A plausible synthetic history (daily cycles, a few incidents) for the benchmark and tests:
 * report generation must be measurable on a month of 10-second samples without waiting a month.
 */
import type { HistoryRow } from './store.js';

export interface SyntheticOptions {
  /** Timestamp of the last row (ms). */
  end: number;
  days: number;
  intervalSeconds: number;
  /** Incident windows where CPU and memory run hot: [startOffsetMs from the first row, durationMs]. */
  incidents?: [number, number][];
}

/** Deterministic pseudo-random numbers (so reports over synthetic data are reproducible). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Rows oldest first, one per interval. */
export function syntheticHistory(opts: SyntheticOptions): HistoryRow[] {
  const step = opts.intervalSeconds * 1000;
  const count = Math.floor((opts.days * 86_400_000) / step);
  const start = opts.end - (count - 1) * step;
  const random = rng(42);
  const total = 8 * 1024 ** 3;
  const rows: HistoryRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const ts = start + i * step;
    const hour = (ts / 3_600_000) % 24;
    const daily = (Math.sin(((hour - 6) / 24) * 2 * Math.PI) + 1) / 2;
    const hot = opts.incidents?.some(([off, dur]) => ts >= start + off && ts < start + off + dur) ?? false;
    const cpu = Math.min(100, hot ? 92 + random() * 8 : 10 + daily * 35 + random() * 10);
    const mem = hot ? 93 : 40 + daily * 15 + random() * 3;
    const fsRoot = 55 + (i / count) * 10;
    rows[i] = {
      ts,
      span_ms: step,
      resolution: 0,
      cpu,
      load1: (cpu / 100) * 2.2,
      load_per_core: (cpu / 100) * 1.1,
      mem_pct: mem,
      mem_used: (mem / 100) * total,
      mem_total: total,
      swap_pct: hot ? 30 : 2,
      swap_used: (hot ? 0.3 : 0.02) * 2 * 1024 ** 3,
      swap_total: 2 * 1024 ** 3,
      disk_read: random() * 2e6 * daily,
      disk_write: random() * 4e6 * daily,
      net_rx: random() * 8e6 * daily,
      net_tx: random() * 2e6 * daily,
      fs: { '/': Math.round(fsRoot * 100) / 100, '/var/lib/data': Math.round((30 + daily * 5) * 100) / 100 },
      alerts: hot ? [{ metric: 'cpu', level: 'critical', value: cpu, threshold: 90 }] : [],
      procs: hot ? [{ pid: 4242, name: 'runaway-job', user: 'app', cpu: 180, memory: 40, rss_bytes: 3.2 * 1024 ** 3, command: 'runaway-job --all' }] : [],
    };
  }
  return rows;
}
