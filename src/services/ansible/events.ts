/**
 * Ansible's event stream as written by our callback plugin (ansible/plugins/callback/cloudya_jsonl.py):
 * one JSON object per line. Each line becomes a typed event; unknown or broken lines are dropped
 * (Ansible's human output, kept in the operation log, still has everything).
 */

/** Per-host totals of the play recap. */
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

interface Base {
  /** Seconds since the epoch, from Ansible. */
  time: number;
}

/** A task's result on one host. */
export interface HostResult extends Base {
  host: string;
  task: string;
  taskUuid: string;
  action: string;
  changed: boolean;
  /** Ansible's message (absent for no_log tasks). */
  msg?: string;
  stderr?: string;
  stdout?: string;
  rc?: number;
  /** The task is no_log: its result was withheld. */
  noLog?: boolean;
}

export type AnsibleEvent =
  | (Base & { type: 'playbook_start'; playbook: string; check: boolean })
  | (Base & { type: 'play_start'; play: string; hosts: string[]; tasks?: number })
  | (Base & { type: 'no_hosts' })
  | (Base & { type: 'task_start'; task: string; taskUuid: string; action: string; path?: string; handler: boolean })
  | (HostResult & { type: 'ok' | 'changed' | 'skipped' | 'unreachable' })
  | (HostResult & { type: 'failed'; ignored: boolean })
  | (Base & { type: 'retry'; host: string; task: string; attempt?: number; retries?: number })
  | (Base & { type: 'recap'; hosts: Record<string, HostStats> });

export type AnsibleEventType = AnsibleEvent['type'];

type Raw = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function hostResult(r: Raw): HostResult {
  return {
    time: num(r.time),
    host: str(r.host),
    task: str(r.task),
    taskUuid: str(r.task_uuid),
    action: str(r.action),
    changed: r.changed === true,
    ...(opt(r.msg) ? { msg: opt(r.msg) } : {}),
    ...(opt(r.stderr) ? { stderr: opt(r.stderr) } : {}),
    ...(opt(r.stdout) ? { stdout: opt(r.stdout) } : {}),
    ...(typeof r.rc === 'number' ? { rc: r.rc } : {}),
    ...(r.no_log === true ? { noLog: true } : {}),
  };
}

function stats(v: unknown): HostStats {
  const s = (v && typeof v === 'object' ? v : {}) as Raw;
  return { ok: num(s.ok), changed: num(s.changed), unreachable: num(s.unreachable), failed: num(s.failed), skipped: num(s.skipped), rescued: num(s.rescued), ignored: num(s.ignored) };
}

/** Parses one line of the plugin's output; undefined for anything that is not one of its events. */
export function parseAnsibleEvent(line: string): AnsibleEvent | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let r: Raw;
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    r = v as Raw;
  } catch {
    return undefined;
  }
  const time = num(r.time);
  switch (r.event) {
    case 'playbook_start':
      return { type: 'playbook_start', time, playbook: str(r.playbook), check: r.check === true };
    case 'play_start':
      return { type: 'play_start', time, play: str(r.play), hosts: Array.isArray(r.hosts) ? r.hosts.map(str) : [], ...(typeof r.tasks === 'number' ? { tasks: r.tasks } : {}) };
    case 'no_hosts':
      return { type: 'no_hosts', time };
    case 'task_start':
      return { type: 'task_start', time, task: str(r.task), taskUuid: str(r.task_uuid), action: str(r.action), ...(opt(r.path) ? { path: opt(r.path) } : {}), handler: r.handler === true };
    case 'ok':
    case 'changed':
    case 'skipped':
    case 'unreachable':
      return { type: r.event, ...hostResult(r) };
    case 'failed':
      return { type: 'failed', ...hostResult(r), ignored: r.ignored === true };
    case 'retry':
      return { type: 'retry', time, host: str(r.host), task: str(r.task), ...(typeof r.attempt === 'number' ? { attempt: r.attempt } : {}), ...(typeof r.retries === 'number' ? { retries: r.retries } : {}) };
    case 'recap': {
      const hosts = (r.hosts && typeof r.hosts === 'object' ? r.hosts : {}) as Raw;
      return { type: 'recap', time, hosts: Object.fromEntries(Object.entries(hosts).map(([h, s]) => [h, stats(s)])) };
    }
    default:
      return undefined;
  }
}

/** Totals over every host of a recap. */
export function totalStats(hosts: Record<string, HostStats>): HostStats {
  const t: HostStats = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
  for (const s of Object.values(hosts)) for (const k of Object.keys(t) as Array<keyof HostStats>) t[k] += s[k];
  return t;
}

/** One line for a failure: the task, the host and Ansible's message. */
export function describeFailure(e: HostResult): string {
  const detail = e.noLog ? '(output hidden: no_log)' : (e.msg ?? e.stderr?.split('\n').filter(Boolean).slice(-1)[0] ?? (e.rc !== undefined ? `exit code ${e.rc}` : ''));
  return `${e.task} on ${e.host}: ${detail}`.trim();
}
