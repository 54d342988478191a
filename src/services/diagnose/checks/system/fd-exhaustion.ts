/** File descriptors: the system-wide table (fs.file-nr) and processes close to their own "Max open files". */
import { finding, pct, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { listProcesses, maxOpenFiles, openFiles } from '../../host/processes.js';
import type { Check, Finding } from '../../types.js';

const ID = 'fd-exhaustion';
export const FD_LEVELS = { warning: 80, critical: 95 };

/** /proc/sys/fs/file-nr: allocated handles, free handles, maximum. */
export function parseFileNr(text: string): { allocated: number; max: number } | undefined {
  const [allocated, , max] = text.trim().split(/\s+/).map(Number);
  return Number.isFinite(allocated) && Number.isFinite(max) && max > 0 ? { allocated, max } : undefined;
}

const check: Check = {
  id: ID,
  title: t('File descriptor limits', 'Limites de descripteurs de fichiers'),
  applies: (ctx) => ctx.kind === 'system',
  async run() {
    const nr = linuxProblem() ? undefined : parseFileNr(readText('/proc/sys/fs/file-nr') ?? '');
    if (!nr) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/sys/fs/file-nr is not readable', '/proc/sys/fs/file-nr est illisible'))];
    const out: Finding[] = [];
    const sysPct = (100 * nr.allocated) / nr.max;
    const sysEvidence = `fs.file-nr: ${nr.allocated} / ${nr.max} (${pct(sysPct)})`;
    if (sysPct >= FD_LEVELS.warning) {
      out.push(
        finding(
          ID,
          sysPct >= FD_LEVELS.critical ? 'critical' : 'warning',
          t(`System file table ${sysPct.toFixed(0)} % full`, `Table des fichiers du système pleine à ${sysPct.toFixed(0)} %`),
          sysEvidence,
          t('Find the holder: for p in /proc/[0-9]*; do echo "$(ls $p/fd 2>/dev/null | wc -l) $p"; done | sort -n | tail; fix the leak, or raise fs.file-max (sysctl -w fs.file-max=...).', 'Trouvez le détenteur : for p in /proc/[0-9]*; do echo "$(ls $p/fd 2>/dev/null | wc -l) $p"; done | sort -n | tail ; corrigez la fuite ou relevez fs.file-max (sysctl -w fs.file-max=...).'),
        ),
      );
    }
    const near: string[] = [];
    let worstPct = 0;
    let unreadable = 0;
    for (const p of listProcesses()) {
      const open = openFiles(p.pid);
      if (open === undefined) {
        unreadable++;
        continue;
      }
      const limit = maxOpenFiles(p.pid);
      if (!limit || !Number.isFinite(limit) || open === 0) continue;
      const used = (100 * open) / limit;
      if (used >= FD_LEVELS.warning) near.push(t(`${p.pid} (${p.comm}): ${open} / ${limit} open files (${pct(used)})`, `${p.pid} (${p.comm}) : ${open} / ${limit} fichiers ouverts (${pct(used)})`));
      worstPct = Math.max(worstPct, used);
    }
    if (near.length) {
      out.push(
        finding(
          ID,
          worstPct >= FD_LEVELS.critical ? 'critical' : 'warning',
          t(`${near.length} process(es) near their open-file limit`, `${near.length} processus proche(s) de leur limite de fichiers ouverts`),
          near.slice(0, 10).join('\n'),
          t(
            'At the limit the process gets "Too many open files" (EMFILE). Check for a descriptor leak (ls -l /proc/PID/fd | sort -k11 | uniq -c), else raise the limit: LimitNOFILE=65536 in the systemd unit, nofile in /etc/security/limits.conf, or ulimit -n before starting it.',
            'À la limite le processus reçoit « Too many open files » (EMFILE). Cherchez une fuite de descripteurs (ls -l /proc/PID/fd | sort -k11 | uniq -c), sinon relevez la limite : LimitNOFILE=65536 dans l\'unité systemd, nofile dans /etc/security/limits.conf, ou ulimit -n avant de le lancer.',
          ),
        ),
      );
    }
    if (out.length) return out;
    return [
      finding(
        ID,
        'ok',
        t('File descriptors far from limits', 'Descripteurs loin des limites'),
        `${sysEvidence}${t('; ', ' ; ')}${t(`highest process: ${pct(worstPct)} of its limit`, `processus le plus haut : ${pct(worstPct)} de sa limite`)}${unreadable ? t(` (${unreadable} process(es) not readable)`, ` (${unreadable} processus illisible(s))`) : ''}`,
      ),
    ];
  },
};

export default check;
