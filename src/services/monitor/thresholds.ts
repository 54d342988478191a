/** Three-level thresholds (glances defaults) read from monitor.thresholds.* and applied to samples. */
import type { Alert, Level, Sample, ThresholdMetric, Thresholds } from './types.js';

export const THRESHOLD_METRICS: readonly ThresholdMetric[] = ['cpu', 'memory', 'swap', 'filesystem', 'load'];
export const LEVELS = ['careful', 'warning', 'critical'] as const;

export const DEFAULT_THRESHOLDS: Thresholds = {
  cpu: { careful: 50, warning: 70, critical: 90 },
  memory: { careful: 50, warning: 70, critical: 90 },
  swap: { careful: 50, warning: 70, critical: 90 },
  filesystem: { careful: 50, warning: 70, critical: 90 },
  load: { careful: 0.7, warning: 1.0, critical: 5.0 },
};

/** Reads thresholds through any getter of config keys (Config.get), falling back to the defaults. */
export function thresholdsFrom(get: (key: string) => unknown): Thresholds {
  const out = structuredClone(DEFAULT_THRESHOLDS);
  for (const metric of THRESHOLD_METRICS) {
    for (const level of LEVELS) {
      const v = get(`monitor.thresholds.${metric}.${level}`);
      if (typeof v === 'number' && Number.isFinite(v)) out[metric][level] = v;
    }
  }
  return out;
}

/** The level a value reaches for a metric. */
export function levelOf(thresholds: Thresholds, metric: ThresholdMetric, value: number): Level {
  const t = thresholds[metric];
  if (value >= t.critical) return 'critical';
  if (value >= t.warning) return 'warning';
  if (value >= t.careful) return 'careful';
  return 'ok';
}

const RANK: Record<Level, number> = { ok: 0, careful: 1, warning: 2, critical: 3 };

/** The worse of two levels. */
export function worst(a: Level, b: Level): Level {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `level` is at least `floor`. */
export function atLeast(level: Level, floor: Level): boolean {
  return RANK[level] >= RANK[floor];
}

/**
 * Alerts for a sample: every metric at warning or critical. Careful is a colour, not an alert,
 * so a machine sitting at 55 % memory does not raise a permanent alarm.
 */
export function alertsFor(sample: Omit<Sample, 'alerts'>, thresholds: Thresholds): Alert[] {
  const alerts: Alert[] = [];
  const check = (metric: ThresholdMetric, value: number, target?: string) => {
    const level = levelOf(thresholds, metric, value);
    if (level === 'warning' || level === 'critical') {
      alerts.push({ metric, ...(target ? { target } : {}), level, value: round(value, 2), threshold: thresholds[metric][level] });
    }
  };
  check('cpu', sample.cpu.usage);
  check('load', sample.load.per_core);
  check('memory', sample.memory.usage);
  if (sample.swap.total > 0) check('swap', sample.swap.usage);
  for (const fs of sample.filesystems) check('filesystem', fs.usage, fs.mount);
  return alerts;
}

/** Rounds to a number of decimals (for JSON that humans read). */
export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
