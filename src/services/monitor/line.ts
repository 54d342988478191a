/** One compact line per sample, for `cloudya monitor --no-graphics` and pipes. */
import { tr } from '../../core/i18n.js';
import { formatBytes, formatPercent, formatRate } from './format.js';
import type { Sample } from './types.js';

/** Alert levels are words of the user's language; metric names stay short tokens for grep. */
const LEVELS = {
  careful: { en: 'careful', fr: 'attention' },
  warning: { en: 'warning', fr: 'avertissement' },
  critical: { en: 'critical', fr: 'critique' },
} as const;

/** "12:40:01 cpu 13.7% load 0.07/0.14/0.14 mem 3.0% 0.7/23.5 GiB swap - disk r 0 B/s w 12 KiB/s net rx 188 KiB/s tx 4.8 KiB/s fs / 23%". */
export function sampleLine(s: Sample): string {
  const time = s.timestamp.slice(11, 19);
  const rx = s.network.reduce((a, n) => a + n.rx_bytes_per_sec, 0);
  const tx = s.network.reduce((a, n) => a + n.tx_bytes_per_sec, 0);
  const swap = s.swap.total > 0 ? formatPercent(s.swap.usage) : '-';
  const fs = s.filesystems.map((f) => `${f.mount} ${Math.round(f.usage)}%`).join(' ');
  const parts = [
    time,
    `cpu ${formatPercent(s.cpu.usage)}`,
    `load ${s.load['1m'].toFixed(2)}/${s.load['5m'].toFixed(2)}/${s.load['15m'].toFixed(2)}`,
    `mem ${formatPercent(s.memory.usage)} ${formatBytes(s.memory.used)}/${formatBytes(s.memory.total)}`,
    `swap ${swap}`,
    `disk r ${formatRate(s.disk.read_bytes_per_sec)} w ${formatRate(s.disk.write_bytes_per_sec)}`,
    `net rx ${formatRate(rx)} tx ${formatRate(tx)}`,
  ];
  if (fs) parts.push(`fs ${fs}`);
  const top = s.processes[0];
  if (top) parts.push(`top ${top.name}(${top.pid}) ${top.cpu.toFixed(0)}%`);
  if (s.service) parts.push(`svc ${s.service.name} ${s.service.active_state ?? '?'} ${s.service.processes.length}p`);
  if (s.alerts.length) parts.push(`! ${s.alerts.map((a) => `${a.metric}${a.target ? `:${a.target}` : ''} ${tr(LEVELS[a.level])}`).join(', ')}`);
  return parts.join('  ');
}
