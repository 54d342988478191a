/** Processes stuck in one state (zombie, uninterruptible) across two samples, with their parents. */
import { readText } from './files.js';
import { listProcesses, type ProcStat } from './processes.js';
import { twoSamples } from './sample.js';
import { t } from '../finding.js';

export interface StuckProcess {
  proc: ProcStat;
  parent?: ProcStat;
  /** Kernel function a D-state process sleeps in (/proc/PID/wchan), when readable. */
  wchan?: string;
}

/** Processes in `state` in both samples taken ms apart (transient states are not problems). */
export async function persistentInState(state: 'Z' | 'D', ms: number, signal?: AbortSignal): Promise<StuckProcess[]> {
  const [a, b] = await twoSamples(() => listProcesses(), ms, signal);
  const before = new Set(a.filter((p) => p.state === state).map((p) => `${p.pid}:${p.starttime}`));
  const byPid = new Map(b.map((p) => [p.pid, p]));
  return b
    .filter((p) => p.state === state && before.has(`${p.pid}:${p.starttime}`))
    .map((p) => ({ proc: p, parent: byPid.get(p.ppid), wchan: state === 'D' ? readText(`/proc/${p.pid}/wchan`)?.trim() || undefined : undefined }));
}

/** "pid 123 (name), parent 45 (init)" lines grouped by parent. */
export function describeByParent(stuck: readonly StuckProcess[], limit = 10): string[] {
  const groups = new Map<number, StuckProcess[]>();
  for (const s of stuck) groups.set(s.proc.ppid, [...(groups.get(s.proc.ppid) ?? []), s]);
  const lines: string[] = [];
  for (const [ppid, list] of [...groups.entries()].sort((x, y) => y[1].length - x[1].length).slice(0, limit)) {
    const parent = list[0].parent;
    const kids = list
      .slice(0, 8)
      .map((s) => `${s.proc.pid} (${s.proc.comm})${s.wchan && s.wchan !== '0' ? t(` in ${s.wchan}`, ` dans ${s.wchan}`) : ''}`)
      .join(', ');
    lines.push(`${t('parent', 'parent')} ${ppid} (${parent?.comm ?? '?'})${t(':', ' :')} ${list.length} - ${kids}${list.length > 8 ? ', ...' : ''}`);
  }
  return lines;
}
