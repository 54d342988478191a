/** Tasks (processes and threads) against the kernel limits and the cgroup pids limit: fork() fails at the limit. */
import { finding, pct, skipped, t } from '../../finding.js';
import { readNumber, readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { parseLoadavg } from '../../host/procfs.js';
import type { Check } from '../../types.js';

const ID = 'pid-exhaustion';
export const PID_LEVELS = { warning: 80, critical: 95 };

/** The cgroup pids limit of this process (v2 then v1) with its current count, when limited. */
function cgroupPids(): { max: number; current: number } | undefined {
  for (const [maxFile, curFile] of [
    ['/sys/fs/cgroup/pids.max', '/sys/fs/cgroup/pids.current'],
    ['/sys/fs/cgroup/pids/pids.max', '/sys/fs/cgroup/pids/pids.current'],
  ]) {
    const max = readText(maxFile)?.trim();
    const current = readNumber(curFile);
    if (max && max !== 'max' && current !== undefined) return { max: Number(max), current };
  }
  return undefined;
}

const check: Check = {
  id: ID,
  title: t('PID and thread limits', 'Limites de PID et de threads'),
  applies: (ctx) => ctx.kind === 'system',
  async run() {
    const la = linuxProblem() ? undefined : parseLoadavg(readText('/proc/loadavg') ?? '');
    const pidMax = readNumber('/proc/sys/kernel/pid_max');
    const threadsMax = readNumber('/proc/sys/kernel/threads-max');
    if (!la || !pidMax) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/loadavg or /proc/sys/kernel/pid_max is not readable', '/proc/loadavg ou /proc/sys/kernel/pid_max est illisible'))];
    const limits: { name: string; used: number; max: number }[] = [{ name: 'kernel.pid_max', used: la.tasks, max: pidMax }];
    if (threadsMax) limits.push({ name: 'kernel.threads-max', used: la.tasks, max: threadsMax });
    const cg = cgroupPids();
    if (cg) limits.push({ name: 'cgroup pids.max', used: cg.current, max: cg.max });
    const worst = limits.reduce((a, b) => (b.used / b.max > a.used / a.max ? b : a));
    const p = (100 * worst.used) / worst.max;
    const evidence = limits.map((l) => `${l.name}: ${l.used} / ${l.max} (${pct((100 * l.used) / l.max)})`).join(t('; ', ' ; '));
    if (p < PID_LEVELS.warning) return [finding(ID, 'ok', t('Far from the PID limits', 'Loin des limites de PID'), evidence)];
    return [
      finding(
        ID,
        p >= PID_LEVELS.critical ? 'critical' : 'warning',
        t(`${pct(p)} of ${worst.name} used: new processes will fail`, `${pct(p)} de ${worst.name} utilisé : les nouveaux processus vont échouer`),
        evidence,
        t(
          'Find who spawns: ps -eLf | awk \'{print $2}\' | sort | uniq -c | sort -n | tail (threads per process); zombies also hold PIDs. Fix the leak (thread pools, fork loops) or raise the limit: sysctl -w kernel.pid_max=4194304, TasksMax= in the unit, or the container pids limit.',
          "Trouvez qui crée : ps -eLf | awk '{print $2}' | sort | uniq -c | sort -n | tail (threads par processus) ; les zombies occupent aussi des PID. Corrigez la fuite (pools de threads, boucles de fork) ou relevez la limite : sysctl -w kernel.pid_max=4194304, TasksMax= dans l'unité, ou la limite pids du conteneur.",
        ),
      ),
    ];
  },
};

export default check;
