/** Names of report metrics in the user's language. */
import { defineMessages } from '../../core/i18n.js';
import type { MetricSummary } from './report.js';

const m = defineMessages({
  en: { cpu: 'CPU', load_per_core: 'Load per core', memory: 'Memory', swap: 'Swap', filesystem: 'Filesystem {target}', disk_read: 'Disk read', disk_write: 'Disk write', net_rx: 'Network in', net_tx: 'Network out' },
  fr: { cpu: 'CPU', load_per_core: 'Charge par cœur', memory: 'Mémoire', swap: 'Swap', filesystem: 'Système de fichiers {target}', disk_read: 'Lecture disque', disk_write: 'Écriture disque', net_rx: 'Réseau entrant', net_tx: 'Réseau sortant' },
});

/** "Filesystem /var", "Memory"... */
export function metricLabel(metric: Pick<MetricSummary, 'metric' | 'target'>): string {
  const key = metric.metric as Parameters<typeof m>[0];
  return m(key, { target: metric.target ?? '' }).trim();
}
