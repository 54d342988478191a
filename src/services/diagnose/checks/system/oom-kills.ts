/** OOM kills since boot (/proc/vmstat oom_kill) and their victims (kernel log). */
import { finding, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { readKernelLog } from '../../host/kernel-log.js';
import { linuxProblem } from '../../host/platform.js';
import { parseKeyValues } from '../../host/procfs.js';
import { lineTime } from '../../service/log-lines.js';
import type { Check, Severity } from '../../types.js';

const ID = 'oom-kills';
/** A kill within this window is an ongoing problem (critical); older ones are history (warning). */
export const RECENT_MS = 24 * 3_600_000;

export interface OomVictim {
  pid: number;
  name: string;
  line: string;
  /** Memory cgroup kill (a container or unit hit its own limit) rather than the whole host. */
  cgroup: boolean;
}

/** Victims named in kernel log lines ("Out of memory: Killed process 1234 (java) ..."). */
export function parseOomVictims(lines: readonly string[]): OomVictim[] {
  const out: OomVictim[] = [];
  for (const line of lines) {
    const m = /(Memory cgroup out of memory|Out of memory): Kill(?:ed)? process (\d+) \(([^)]*)\)/.exec(line);
    if (m) out.push({ pid: Number(m[2]), name: m[3], line: line.trim(), cgroup: m[1].startsWith('Memory cgroup') });
  }
  return out;
}

/** Critical when a victim was killed within the last 24 h, warning for older or undated kills. */
export function oomSeverity(victims: readonly OomVictim[], now = Date.now()): Severity {
  return victims.some((v) => {
    const at = lineTime(v.line, new Date(now));
    return at !== undefined && now - at <= RECENT_MS;
  })
    ? 'critical'
    : 'warning';
}

const check: Check = {
  id: ID,
  title: t('Out-of-memory kills', 'Processus tués par manque de mémoire (OOM)'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    const vmstat = readText('/proc/vmstat');
    const count = vmstat ? parseKeyValues(vmstat).get('oom_kill') : undefined;
    const log = await readKernelLog(ctx.signal);
    const victims = 'lines' in log ? parseOomVictims(log.lines) : [];
    if (count === undefined && !('lines' in log)) {
      return [skipped(ID, this.title, t(`no oom_kill counter in /proc/vmstat and no kernel log: ${log.reason}`, `pas de compteur oom_kill dans /proc/vmstat ni de journal noyau : ${log.reason}`))];
    }
    const kills = Math.max(count ?? 0, victims.length);
    const logNote = 'lines' in log ? t(`kernel log read from ${log.source}`, `journal noyau lu depuis ${log.source}`) : t(`kernel log unreadable (${log.reason})`, `journal noyau illisible (${log.reason})`);
    if (kills === 0) {
      return [finding(ID, 'ok', t('No OOM kill since boot', 'Aucun OOM depuis le démarrage'), `oom_kill ${count ?? '?'} (/proc/vmstat); ${logNote}`)];
    }
    const names = [...new Set(victims.map((v) => v.name))];
    const evidence = [
      t(`${kills} process(es) killed by the OOM killer since boot (oom_kill ${count ?? '?'} in /proc/vmstat); ${logNote}`, `${kills} processus tué(s) par l'OOM killer depuis le démarrage (oom_kill ${count ?? '?'} dans /proc/vmstat) ; ${logNote}`),
      ...victims.slice(-5).map((v) => v.line),
    ].join('\n');
    return [
      finding(
        ID,
        oomSeverity(victims),
        names.length
          ? t(`OOM killer killed ${names.join(', ')}`, `L'OOM killer a tué ${names.join(', ')}`)
          : t(`OOM killer killed ${kills} process(es) (victims not in the readable log)`, `L'OOM killer a tué ${kills} processus (victimes absentes du journal lisible)`),
        evidence,
        victims.some((v) => v.cgroup)
          ? t(
              'A memory cgroup hit its limit: raise the limit of that container or unit (docker --memory, systemd MemoryMax=) or cut the process memory (heap size, workers); check for a leak before raising.',
              'Un cgroup mémoire a atteint sa limite : relevez la limite de ce conteneur ou de cette unité (docker --memory, MemoryMax= de systemd) ou réduisez la mémoire du processus (tas, workers) ; cherchez une fuite avant de relever.',
            )
          : t(
              'The host ran out of memory: find the consumer (ps -eo pid,rss,comm --sort=-rss | head), cap it (MemoryMax=, -Xmx, fewer workers), add swap or RAM; protect critical daemons with OOMScoreAdjust=-500.',
              "L'hôte a manqué de mémoire : trouvez le consommateur (ps -eo pid,rss,comm --sort=-rss | head), plafonnez-le (MemoryMax=, -Xmx, moins de workers), ajoutez du swap ou de la RAM ; protégez les démons critiques avec OOMScoreAdjust=-500.",
            ),
      ),
    ];
  },
};

export default check;
