/** The kernel log, from dmesg, else the journal, else /var/log/kern.log; or why none is readable. */
import { readText } from './files.js';
import { runTool } from './command.js';
import { t } from '../finding.js';

export interface KernelLog {
  lines: string[];
  source: string;
}

/** Reads recent kernel messages; returns the reason when no source is readable (permission, container). */
export async function readKernelLog(signal?: AbortSignal): Promise<KernelLog | { reason: string }> {
  const reasons: string[] = [];
  const dmesg = await runTool('dmesg', ['--kernel', '--ctime', '--nopager'], { signal, timeoutMs: 5000 });
  if (dmesg.found && dmesg.exitCode === 0 && dmesg.stdout.trim()) return { lines: dmesg.stdout.split('\n').filter(Boolean), source: 'dmesg' };
  reasons.push(dmesg.found ? `dmesg: ${(dmesg.stderr.trim().split('\n')[0] || dmesg.failure) ?? t(`exit ${dmesg.exitCode}`, `code ${dmesg.exitCode}`)}` : t('dmesg not installed', 'dmesg non installé'));
  const journal = await runTool('journalctl', ['-k', '-b', '--no-pager', '-q', '-o', 'short-iso'], { signal, timeoutMs: 8000 });
  if (journal.found && journal.exitCode === 0 && journal.stdout.trim()) return { lines: journal.stdout.split('\n').filter(Boolean), source: 'journalctl -k' };
  if (journal.found) reasons.push(`journalctl -k: ${journal.stdout.trim().split('\n')[0] || journal.stderr.trim().split('\n')[0] || t('no entries', 'aucune entrée')}`);
  for (const file of ['/var/log/kern.log', '/var/log/messages']) {
    const text = readText(file);
    if (text) return { lines: text.split('\n').filter(Boolean).slice(-20000), source: file };
  }
  reasons.push(t('no /var/log/kern.log', 'pas de /var/log/kern.log'));
  return { reason: reasons.join(t('; ', ' ; ')) };
}
