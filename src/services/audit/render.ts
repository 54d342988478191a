/** One line of text per audit entry for `cloudya audit`. */
import { style } from '../../core/style.js';
import type { AuditEntry } from './types.js';

/** "2026-01-31 08:00:01 exec  execution  confirm  bubblewrap exit 0 1.2s  kubectl delete pod x". */
export function renderAuditEntry(e: AuditEntry): string {
  const s = style();
  const time = e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const verdict = e.verdict === 'deny' ? s.red(e.verdict) : e.verdict === 'confirm' ? s.yellow(e.verdict) : e.verdict ? s.green(e.verdict) : '-';
  const details: string[] = [];
  if (e.event === 'confirmation') details.push(e.answer ? 'yes' : 'no');
  if (e.event === 'execution') {
    if (e.executed) details.push(`${e.backend ?? '?'} exit ${e.exitCode ?? '?'} ${((e.durationMs ?? 0) / 1000).toFixed(1)}s${e.killedBy ? ` killed:${e.killedBy}` : ''}`);
    else details.push(`not run${e.error ? ` (${e.error})` : ''}`);
  }
  return `${time}  ${e.user}  ${e.source.padEnd(8)} ${e.event.padEnd(12)} ${verdict.padEnd(7)} ${details.join(' ').padEnd(10)} ${e.command.replace(/\n/g, '\\n')}`;
}
