/**
 * The run's own cgroup, in every hierarchy we can write: memory (v2 memory.max, else v1
 * memory.limit_in_bytes) so an OOM kill is reported as "memory"; pids (pids.max) so a fork storm
 * stops at the limit and pids.events says it did; and a v2 directory with cgroup.kill (the
 * unified hierarchy, also present on hybrid v1 hosts) so that everything the command spawned -
 * setsid, nohup, double forks, daemons - is killed in one write when the run ends. The directories
 * are removed afterwards. When no cgroup is writable (unprivileged, no delegation), callers fall
 * back to rlimits (RLIMIT_AS, RLIMIT_NPROC) and the PID namespace, which ends with the run too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface RunCgroup {
  /** cgroup.procs files the first process of the run writes its pid into (one per hierarchy). */
  procsFiles: string[];
  /** Which hierarchy enforces the memory limit, if any. */
  memory?: 'cgroup-v1' | 'cgroup-v2';
  /** Whether a pids.max limit is in force. */
  pids: boolean;
  /** True when the kernel killed a process of this cgroup for exceeding the memory limit. */
  oomKilled(): boolean;
  /** True when a fork or clone failed because pids.max was reached. */
  pidsLimitHit(): boolean;
  /** SIGKILLs every process of the run (cgroup.kill where the kernel has it, else one by one until none is left). */
  killAll(): void;
  /** Kills what is left, waits for the cgroups to empty and removes them; false if one could not be removed. */
  remove(): Promise<boolean>;
}

export interface CgroupLimits {
  /** Memory limit in bytes; undefined leaves memory to RLIMIT_AS. */
  memoryBytes?: number;
  maxProcesses: number;
}

let counter = 0;

function ownPaths(): Map<string, string> {
  const out = new Map<string, string>();
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [id, controllers, ...rest] = line.split(':');
      if (id === undefined || controllers === undefined || !rest.length) continue;
      const p = rest.join(':');
      if (id === '0' && controllers === '') out.set('', p);
      else for (const c of controllers.split(',')) out.set(c, p);
    }
  } catch {
    /* no /proc/self/cgroup: no cgroups */
  }
  return out;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

function makeDir(base: string): string | undefined {
  const dir = path.join(base, `cloudya-${process.pid}-${++counter}`);
  try {
    mkdirSync(dir);
    return dir;
  } catch {
    return undefined;
  }
}

function removeDir(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

const pidsIn = (dir: string) => read(path.join(dir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);

interface Parts {
  dirs: string[];
  memoryDir?: { dir: string; version: 1 | 2 };
  pidsDir?: string;
  killDir?: string;
}

/** Builds the directories; each hierarchy is optional, what cannot be created is left out. */
function build(limits: CgroupLimits): Parts {
  const own = ownPaths();
  const parts: Parts = { dirs: [] };
  const pureV2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const v2Root = pureV2 ? '/sys/fs/cgroup' : existsSync('/sys/fs/cgroup/unified/cgroup.procs') ? '/sys/fs/cgroup/unified' : undefined;
  const v2Own = own.get('');
  if (v2Root && v2Own !== undefined) {
    const dir = makeDir(path.join(v2Root, v2Own));
    if (dir) {
      parts.dirs.push(dir);
      if (existsSync(path.join(dir, 'cgroup.kill'))) parts.killDir = dir;
      if (limits.memoryBytes !== undefined && existsSync(path.join(dir, 'memory.max')) && tryWrite(path.join(dir, 'memory.max'), String(limits.memoryBytes))) {
        tryWrite(path.join(dir, 'memory.swap.max'), '0');
        parts.memoryDir = { dir, version: 2 };
      }
      if (existsSync(path.join(dir, 'pids.max')) && tryWrite(path.join(dir, 'pids.max'), String(limits.maxProcesses))) parts.pidsDir = dir;
    }
  }
  const v1 = (controller: string): string | undefined => {
    const p = own.get(controller);
    const mount = path.join('/sys/fs/cgroup', controller);
    if (pureV2 || p === undefined || !existsSync(path.join(mount, 'cgroup.procs'))) return undefined;
    const dir = makeDir(path.join(mount, p));
    if (dir) parts.dirs.push(dir);
    return dir;
  };
  if (limits.memoryBytes !== undefined && !parts.memoryDir) {
    const dir = v1('memory');
    if (dir && tryWrite(path.join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes))) {
      tryWrite(path.join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
      parts.memoryDir = { dir, version: 1 };
    }
  }
  if (!parts.pidsDir) {
    const dir = v1('pids');
    if (dir && tryWrite(path.join(dir, 'pids.max'), String(limits.maxProcesses))) parts.pidsDir = dir;
  }
  return parts;
}

let joinable: boolean | undefined;

/** Whether a process may be moved into our cgroups (checked once with a throwaway shell). */
function canJoin(procsFiles: string[]): boolean {
  if (joinable === undefined) {
    const r = spawnSync('/bin/sh', ['-c', 'for f; do echo $$ > "$f" || exit 1; done', 'sh', ...procsFiles], { stdio: 'ignore', timeout: 5000 });
    joinable = r.status === 0;
  }
  return joinable;
}

/** Creates the run's cgroups below ours, or undefined when this machine does not let us write any. */
export function createRunCgroup(limits: CgroupLimits): RunCgroup | undefined {
  const parts = build(limits);
  const cleanup = () => parts.dirs.forEach(removeDir);
  // A directory that enforces nothing and cannot kill is no use (e.g. a v1 memory dir whose limit was refused).
  if (!parts.memoryDir && !parts.pidsDir && !parts.killDir) {
    cleanup();
    return undefined;
  }
  const procsFiles = parts.dirs.map((d) => path.join(d, 'cgroup.procs'));
  if (!canJoin(procsFiles)) {
    cleanup();
    return undefined;
  }
  const killAll = () => {
    if (parts.killDir) tryWrite(path.join(parts.killDir, 'cgroup.kill'), '1');
    // v1 has no cgroup.kill: kill what is listed until nothing is (pids.max bounds how many can appear meanwhile).
    for (let round = 0; round < 50; round++) {
      const pids = new Set(parts.dirs.flatMap(pidsIn));
      if (!pids.size) return;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  };
  return {
    procsFiles,
    memory: parts.memoryDir ? (parts.memoryDir.version === 2 ? 'cgroup-v2' : 'cgroup-v1') : undefined,
    pids: !!parts.pidsDir,
    oomKilled: () => {
      if (!parts.memoryDir) return false;
      const text = read(path.join(parts.memoryDir.dir, parts.memoryDir.version === 2 ? 'memory.events' : 'memory.oom_control'));
      const m = /oom_kill (\d+)/.exec(text);
      return !!m && Number(m[1]) > 0;
    },
    pidsLimitHit: () => {
      if (!parts.pidsDir) return false;
      const m = /^max (\d+)/m.exec(read(path.join(parts.pidsDir, 'pids.events')));
      return !!m && Number(m[1]) > 0;
    },
    killAll,
    remove: async () => {
      // Killed processes leave their cgroup only once reaped: wait for each to empty, then remove it.
      for (let i = 0; i < 200; i++) {
        killAll();
        if (parts.dirs.every((d) => !pidsIn(d).length)) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      let removed = true;
      for (const dir of parts.dirs) {
        let ok = false;
        for (let i = 0; i < 40 && !ok; i++) {
          ok = removeDir(dir);
          if (!ok) await new Promise((r) => setTimeout(r, 25));
        }
        removed &&= ok;
      }
      return removed;
    },
  };
}
