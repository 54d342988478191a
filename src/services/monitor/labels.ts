/** Names of report metrics in the user's language. */
import { defineMessages } from '../../core/i18n.js';
import type { MetricSummary } from './report.js';
import type { Level, ThresholdMetric } from './types.js';

const m = defineMessages({
  en: {
    lv_ok: 'ok',
    lv_careful: 'careful',
    lv_warning: 'warning',
    lv_critical: 'critical',
    mt_cpu: 'cpu',
    mt_memory: 'memory',
    mt_swap: 'swap',
    mt_filesystem: 'filesystem',
    mt_load: 'load',
    cpu: 'CPU', load_per_core: 'Load per core', memory: 'Memory', swap: 'Swap', filesystem: 'Filesystem {target}', disk_read: 'Disk read', disk_write: 'Disk write', net_rx: 'Network in', net_tx: 'Network out' },
  fr: {
    lv_ok: 'ok',
    lv_careful: 'vigilance',
    lv_warning: 'avertissement',
    lv_critical: 'critique',
    mt_cpu: 'cpu',
    mt_memory: 'mémoire',
    mt_swap: 'swap',
    mt_filesystem: 'disque',
    mt_load: 'charge',
    cpu: 'CPU', load_per_core: 'Charge par cœur', memory: 'Mémoire', swap: 'Swap', filesystem: 'Système de fichiers {target}', disk_read: 'Lecture disque', disk_write: 'Écriture disque', net_rx: 'Réseau entrant', net_tx: 'Réseau sortant' },
});

/** "Filesystem /var", "Memory"... */
export function metricLabel(metric: Pick<MetricSummary, 'metric' | 'target'>): string {
  const key = metric.metric as Parameters<typeof m>[0];
  return m(key, { target: metric.target ?? '' }).trim();
}

/** A threshold level in the user's language ("critique"). */
export function levelName(level: Level): string {
  return m(`lv_${level}`);
}

/** A thresholded metric's short name in the user's language ("mémoire"). */
export function thresholdMetricName(metric: ThresholdMetric): string {
  return m(`mt_${metric}`);
}
