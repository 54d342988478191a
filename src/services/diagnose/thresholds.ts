/** Thresholds shared with the monitor (monitor.thresholds.<metric>.<level>), plus fixed disk limits. */
import type { Config } from '../../core/config.js';

export interface Levels {
  careful: number;
  warning: number;
  critical: number;
}

export type Metric = 'cpu' | 'memory' | 'swap' | 'filesystem' | 'load';

/** The monitor's levels for one metric, from the configuration. */
export function levels(config: Config, metric: Metric): Levels {
  const get = (level: keyof Levels) => Number(config.get(`monitor.thresholds.${metric}.${level}`));
  return { careful: get('careful'), warning: get('warning'), critical: get('critical') };
}

/**
 * Disk space and inode levels: 90 % / 98 % by default (a full disk is an outage, so the bar differs
 * from the monitor's 70 % / 90 % "filesystem" defaults); when the user set
 * monitor.thresholds.filesystem.warning/critical explicitly, their values win.
 */
export function diskLevels(config: Config): { warning: number; critical: number } {
  const pick = (level: 'warning' | 'critical', fallback: number) => {
    const e = config.entry(`monitor.thresholds.filesystem.${level}`);
    return e && e.source !== 'default' && typeof e.value === 'number' ? e.value : fallback;
  };
  return { warning: pick('warning', 90), critical: pick('critical', 98) };
}
