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
/** Kills older than this are past history: reported as such, no longer a problem. */
export const AGED_OUT_MS = 7 * 24 * 3_600_000;
/** Cloudya's own sandbox runs live in cgroups named cloudya-<pid>-<n> (src/services/sandbox/cgroup.ts). */
const SANDBOX_CGROUP = /(^|\/)cloudya-\d+-\d+(\/|$)/;

export interface OomVictim {
  pid: number;
  name: string;
  line: string;
  /** Memory cgroup kill (a container or unit hit its own limit) rather than the whole host. */
  cgroup: boolean;
  /** The memory cgroup whose limit was hit, from the kernel's "oom-kill:...oom_memcg=" line. */
  memcg?: string;
  /** The kill happened inside a Cloudya sandbox run: its memory limit did its job (contained). */
  sandbox?: boolean;
}

/** Victims named in kernel log lines ("Out of memory: Killed process 1234 (java) ..."). */
export function parseOomVictims(lines: readonly string[]): OomVictim[] {
  const out: OomVictim[] = [];
  // The kernel writes "oom-kill:constraint=...,oom_memcg=/path,...,pid=N" just before the victim line.
  const memcgOf = new Map<number, string>();
  for (const line of lines) {
    const info = /oom-kill:.*\boom_memcg=([^,\s]*).*\bpid=(\d+)/.exec(line);
    if (info) memcgOf.set(Number(info[2]), info[1]);
    const m = /(Memory cgroup out of memory|Out of memory): Kill(?:ed)? process (\d+) \(([^)]*)\)/.exec(line);
    if (m) {
      const pid = Number(m[2]);
      const memcg = memcgOf.get(pid);
      const cgroup = m[1].startsWith('Memory cgroup');
      out.push({ pid, name: m[3], line: line.trim(), cgroup, ...(memcg ? { memcg } : {}), ...(cgroup && memcg && SANDBOX_CGROUP.test(memcg) ? { sandbox: true } : {}) });
    }
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

/**
 * The victims that are still a problem: not a Cloudya sandbox run stopped at its own limit, and
 * not older than AGED_OUT_MS (an undated kill counts: its age is unknown).
 */
export function problemVictims(victims: readonly OomVictim[], now = Date.now()): OomVictim[] {
  return victims.filter((v) => {
    if (v.sandbox) return false;
    const at = lineTime(v.line, new Date(now));
    return at === undefined || now - at <= AGED_OUT_MS;
  });
}

function when(v: OomVictim, now: number): string {
  const at = lineTime(v.line, new Date(now));
  return at === undefined ? '?' : new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
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
    const now = Date.now();
    const problems = problemVictims(victims, now);
    const contained = victims.filter((v) => v.sandbox);
    // Kills the counter has but the log does not explain stay a problem; explained ones are judged one by one.
    const unexplained = Math.max(0, (count ?? 0) - victims.length);
    const since = victims.length ? t(`, first on ${when(victims[0], now)}, last on ${when(victims[victims.length - 1], now)}`, `, le premier le ${when(victims[0], now)}, le dernier le ${when(victims[victims.length - 1], now)}`) : '';
    const summary = t(
      `${kills} process(es) killed by the OOM killer since boot${since} (oom_kill ${count ?? '?'} in /proc/vmstat); ${logNote}`,
      `${kills} processus tué(s) par l'OOM killer depuis le démarrage${since} (oom_kill ${count ?? '?'} dans /proc/vmstat) ; ${logNote}`,
    );
    if (problems.length === 0 && unexplained === 0) {
      const parts = [
        contained.length ? t(`${contained.length} in Cloudya sandbox runs, stopped at their own memory limit: contained, not a host problem`, `${contained.length} dans des exécutions du bac à sable Cloudya, arrêtées à leur propre limite mémoire : contenu, pas un problème de l'hôte`) : '',
        victims.length - contained.length ? t(`${victims.length - contained.length} older than 7 days (aged out)`, `${victims.length - contained.length} de plus de 7 jours (anciens)`) : '',
      ].filter(Boolean);
      return [finding(ID, 'ok', t(`No recent OOM kill to act on: ${parts.join('; ')}`, `Aucun OOM récent à traiter : ${parts.join(' ; ')}`), [summary, ...victims.slice(-5).map((v) => v.line)].join('\n'))];
    }
    const names = [...new Set(problems.map((v) => v.name))];
    const evidence = [summary, ...(contained.length ? [t(`${contained.length} of them in Cloudya sandbox runs (contained, not counted)`, `dont ${contained.length} dans le bac à sable Cloudya (contenus, non comptés)`)] : []), ...problems.slice(-5).map((v) => v.line)].join('\n');
    return [
      finding(
        ID,
        problems.length ? oomSeverity(problems, now) : 'warning',
        names.length
          ? t(`OOM killer killed ${names.join(', ')}`, `L'OOM killer a tué ${names.join(', ')}`)
          : t(`OOM killer killed ${unexplained} process(es) (victims not in the readable log)`, `L'OOM killer a tué ${unexplained} processus (victimes absentes du journal lisible)`),
        evidence,
        problems.some((v) => v.cgroup)
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
