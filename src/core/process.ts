/**
 * Subprocesses: every external tool (terraform, ansible, bwrap, systemctl...) is started
 * through here so CLOUDYA_DEBUG=1 shows each command line (redacted) and its duration.
 */
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa, type Options, type ResultPromise } from 'execa';
import { debug } from './log.js';

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A shell-readable rendering of a command line, for logs and messages. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(quote).join(' ');
}

/** Starts a subprocess with execa, logging its command line and duration in debug mode. */
export function spawn<O extends Options = Options>(file: string, args: readonly string[], options?: O): ResultPromise<{} & O> {
  debug(`exec: ${commandLine(file, args)}${options?.cwd ? `  (cwd ${String(options.cwd)})` : ''}`);
  const t0 = performance.now();
  const child = execa(file, args, (options ?? {}) as O);
  child.then(
    (r) => debug(`exit ${r.exitCode ?? '?'} after ${(performance.now() - t0).toFixed(0)}ms: ${file}`),
    (e: { exitCode?: number; signal?: string }) =>
      debug(`exit ${e.exitCode ?? e.signal ?? 'error'} after ${(performance.now() - t0).toFixed(0)}ms: ${file}`),
  );
  return child;
}

/** Finds an executable on PATH (or checks an explicit path); undefined when absent. */
export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const isExecutable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return isExecutable(command) ? path.resolve(command) : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** True while a process of the group `pgid` exists (EPERM: it exists but belongs to someone else). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to every process of the group `pgid`; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export interface StopTreeOptions {
  /** The polite request, sent to the leader only (default SIGINT: Terraform and Ansible stop cleanly on one). */
  first?: NodeJS.Signals;
  /** Send `first` to the whole group, as a terminal's Ctrl+C does (Ansible's workers and the commands its tasks run each get it). */
  group?: boolean;
  /**
   * Escalate only to processes that descended from the leader when the stop began: a group member
   * already detached by then (a daemon a package's install script started in the background) is left
   * running. Needs /proc; elsewhere the whole group is stopped.
   */
  spareDetached?: boolean;
  /** Resolves when the leader has exited (the child's own promise); without it the group is polled. */
  exited?: Promise<unknown>;
  /** How long the leader may take to wind down after `first` before the whole group gets SIGTERM (default 30 s). */
  graceMs?: number;
  /** How long after SIGTERM what remains of the group gets SIGKILL (default 5 s). */
  killAfterMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitGroupGone(pgid: number, ms: number, alive: () => boolean = () => groupAlive(pgid)): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive()) {
    if (Date.now() >= until) return false;
    await sleep(50);
  }
  return true;
}

interface ProcEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  /** Start time in clock ticks since boot: tells a process from a later one that reused its pid. */
  start: string;
}

/** Every process of group `pgid` from /proc, or undefined where /proc cannot tell. */
function groupMembers(pgid: number): ProcEntry[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  const out: ProcEntry[] = [];
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie has finished already; it only waits for its parent to read its status.
    if (Number(f[2]) === pgid && f[0] !== 'Z') out.push({ pid: Number(pid), ppid: Number(f[1]), pgrp: pgid, start: f[19] });
  }
  return out;
}

/** Members of the group that are not the leader nor descend from it (already detached, like a daemon). */
function detachedMembers(pgid: number): Set<string> | undefined {
  const members = groupMembers(pgid);
  if (!members) return undefined;
  const byPid = new Map(members.map((m) => [m.pid, m]));
  const descends = (m: ProcEntry): boolean => {
    for (let cur: ProcEntry | undefined = m, hops = 0; cur && hops < 1000; cur = byPid.get(cur.ppid), hops++) if (cur.pid === pgid) return true;
    return false;
  };
  return new Set(members.filter((m) => !descends(m)).map((m) => `${m.pid}:${m.start}`));
}

/**
 * Stops a child started in its own process group (spawn with `detached: true`, so its pid is the
 * group id) and everything it started, as Ctrl+C stops a foreground job in a terminal: `first`
 * (SIGINT) to the leader, which winds down cleanly (Terraform saves its state); once it has exited,
 * or after `graceMs`, SIGTERM to the whole group, whose stragglers (a provisioner's background
 * `sleep`, an SSH connection) would otherwise be left running under PID 1; SIGKILL `killAfterMs`
 * later to whatever still remains. Resolves when no process of the group is left (or, with
 * `spareDetached`, none but those spared). Used by the Terraform and Ansible runners.
 */
export async function stopProcessTree(pid: number, opts: StopTreeOptions = {}): Promise<void> {
  const { first = 'SIGINT', graceMs = 30_000, killAfterMs = 5_000 } = opts;
  const spared = opts.spareDetached ? detachedMembers(pid) : undefined;
  // What the stop is about: the whole group, or (sparing the detached) the group minus what was detached when it began.
  const targets = (): number[] | undefined => (spared ? (groupMembers(pid) ?? []).filter((m) => !spared.has(`${m.pid}:${m.start}`)).map((m) => m.pid) : undefined);
  const alive = () => (spared ? targets()!.length > 0 : groupAlive(pid));
  const signal = (sig: NodeJS.Signals) => {
    debug(`stopping process group ${pid}: ${sig}${spared?.size ? ` (sparing ${spared.size} detached process(es))` : ''}`);
    if (!spared) return void signalGroup(pid, sig);
    for (const p of targets()!) {
      try {
        process.kill(p, sig);
      } catch {
        // exited meanwhile
      }
    }
  };
  try {
    process.kill(opts.group ? -pid : pid, first);
  } catch {
    // the leader is gone already: its group may not be
  }
  let timer: NodeJS.Timeout | undefined;
  const leaderDone = opts.exited ? opts.exited.then(() => true, () => true) : waitGroupGone(pid, graceMs, alive);
  await Promise.race([leaderDone, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  if (!alive()) return;
  signal('SIGTERM');
  if (await waitGroupGone(pid, killAfterMs, alive)) return;
  signal('SIGKILL');
  await waitGroupGone(pid, 2_000, alive);
}
