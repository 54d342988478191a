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

/**
 * Where the cgroup filesystems are and how to change them. The system's by default; tests give a
 * fake tree (test/helpers/fake-cgroupfs.ts) that behaves as the kernel does for what we use.
 */
export interface CgroupHost {
  /** Mount point of the cgroup filesystems (/sys/fs/cgroup). */
  root: string;
  /** This process's /proc/self/cgroup: where it sits in each hierarchy. */
  selfCgroup(): string;
  mkdir(dir: string): void;
  /** Removes a cgroup (on cgroupfs its interface files go with it; fails while a process is in it). */
  rmdir(dir: string): void;
  /** Writes an existing interface file (cgroupfs cannot create files: a missing controller's file fails). */
  write(file: string, value: string): void;
  /** Whether a process may be moved into these cgroup.procs files. */
  canJoin(procsFiles: string[]): boolean;
}

let joinable: boolean | undefined;

/** The running system's cgroups. */
export function systemCgroupHost(): CgroupHost {
  return {
    root: '/sys/fs/cgroup',
    selfCgroup: () => read('/proc/self/cgroup'),
    mkdir: (dir) => mkdirSync(dir),
    rmdir: (dir) => rmdirSync(dir),
    write: (file, value) => writeFileSync(file, value, { flag: 'r+' }),
    // Checked once with a throwaway shell: an unprivileged user may create a cgroup but not enter it.
    canJoin: (procsFiles) => {
      if (joinable === undefined) {
        const r = spawnSync('/bin/sh', ['-c', 'for f; do echo $$ > "$f" || exit 1; done', 'sh', ...procsFiles], { stdio: 'ignore', timeout: 5000 });
        joinable = r.status === 0;
      }
      return joinable;
    },
  };
}

/** Where each hierarchy puts this process ('' is the v2 one), from the text of /proc/self/cgroup. */
export function ownPaths(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, controllers, ...rest] = line.split(':');
    if (id === undefined || controllers === undefined || !rest.length) continue;
    const p = rest.join(':');
    if (id === '0' && controllers === '') out.set('', p);
    else for (const c of controllers.split(',')) out.set(c, p);
  }
  return out;
}

/** The layout under a mount point: pure v2 (most distributions today), hybrid (v1 controllers beside a v2 tree), v1, or none. */
export type CgroupLayout = { kind: 'v2' | 'hybrid'; unified: string } | { kind: 'v1' } | { kind: 'none' };

/** Which layout the mount point has. */
export function cgroupLayout(root: string): CgroupLayout {
  if (existsSync(path.join(root, 'cgroup.controllers'))) return { kind: 'v2', unified: root };
  if (existsSync(path.join(root, 'unified', 'cgroup.procs'))) return { kind: 'hybrid', unified: path.join(root, 'unified') };
  return ['memory', 'pids'].some((c) => existsSync(path.join(root, c, 'cgroup.procs'))) ? { kind: 'v1' } : { kind: 'none' };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const words = (file: string) => new Set(read(file).split(/\s+/).filter(Boolean));

function tryWrite(host: CgroupHost, file: string, value: string): boolean {
  try {
    host.write(file, value);
    return true;
  } catch {
    return false;
  }
}

function makeDir(host: CgroupHost, base: string): string | undefined {
  const dir = path.join(base, `cloudya-${process.pid}-${++counter}`);
  try {
    host.mkdir(dir);
    return dir;
  } catch {
    return undefined;
  }
}

function removeDir(host: CgroupHost, dir: string): boolean {
  try {
    host.rmdir(dir);
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

/**
 * The v2 cgroup to create the run's below. v2 gives a child a controller only when its parent lists
 * it in cgroup.subtree_control: our own cgroup when it does (or can be made to - impossible while
 * processes sit in it, the "no internal processes" rule, except at the root), else the nearest
 * ancestor that delegates them all, else our own (for cgroup.kill alone).
 */
export function v2Parent(host: CgroupHost, unified: string, own: string, wanted: string[]): string {
  const at = (p: string) => path.join(unified, p);
  const delegates = (p: string) => {
    const sub = words(path.join(at(p), 'cgroup.subtree_control'));
    return wanted.every((c) => sub.has(c));
  };
  if (delegates(own)) return at(own);
  const available = words(path.join(at(own), 'cgroup.controllers'));
  const missing = wanted.filter((c) => available.has(c) && !words(path.join(at(own), 'cgroup.subtree_control')).has(c));
  // EBUSY when processes live in our cgroup: then look higher up.
  if (missing.length && tryWrite(host, path.join(at(own), 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' ')) && delegates(own)) return at(own);
  for (let child = own, p = path.posix.dirname(own); p !== child; child = p, p = path.posix.dirname(p)) if (delegates(p)) return at(p);
  return at(own);
}

/** Builds the directories; each hierarchy is optional, what cannot be created is left out. */
function build(host: CgroupHost, limits: CgroupLimits): Parts {
  const own = ownPaths(host.selfCgroup());
  const layout = cgroupLayout(host.root);
  const parts: Parts = { dirs: [] };
  const v2Own = own.get('');
  if ((layout.kind === 'v2' || layout.kind === 'hybrid') && v2Own !== undefined) {
    const offered = words(path.join(layout.unified, 'cgroup.controllers'));
    const wanted = [...(limits.memoryBytes !== undefined ? ['memory'] : []), 'pids'].filter((c) => offered.has(c));
    const dir = makeDir(host, v2Parent(host, layout.unified, v2Own, wanted));
    if (dir) {
      parts.dirs.push(dir);
      if (existsSync(path.join(dir, 'cgroup.kill'))) parts.killDir = dir;
      if (limits.memoryBytes !== undefined && tryWrite(host, path.join(dir, 'memory.max'), String(limits.memoryBytes))) {
        // Without it the limit only pushes the run into swap instead of stopping it.
        tryWrite(host, path.join(dir, 'memory.swap.max'), '0');
        parts.memoryDir = { dir, version: 2 };
      }
      if (tryWrite(host, path.join(dir, 'pids.max'), String(limits.maxProcesses))) parts.pidsDir = dir;
    }
  }
  const v1 = (controller: string): string | undefined => {
    const p = own.get(controller);
    const mount = path.join(host.root, controller);
    if (layout.kind === 'v2' || p === undefined || !existsSync(path.join(mount, 'cgroup.procs'))) return undefined;
    const dir = makeDir(host, path.join(mount, p));
    if (dir) parts.dirs.push(dir);
    return dir;
  };
  if (limits.memoryBytes !== undefined && !parts.memoryDir) {
    const dir = v1('memory');
    if (dir && tryWrite(host, path.join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes))) {
      tryWrite(host, path.join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
      parts.memoryDir = { dir, version: 1 };
    }
  }
  if (!parts.pidsDir) {
    const dir = v1('pids');
    if (dir && tryWrite(host, path.join(dir, 'pids.max'), String(limits.maxProcesses))) parts.pidsDir = dir;
  }
  return parts;
}

/** Creates the run's cgroups below ours, or undefined when this machine does not let us write any. */
export function createRunCgroup(limits: CgroupLimits, host: CgroupHost = systemCgroupHost()): RunCgroup | undefined {
  const parts = build(host, limits);
  const cleanup = () => parts.dirs.forEach((d) => removeDir(host, d));
  // A directory that enforces nothing and cannot kill is no use (e.g. a v1 memory dir whose limit was refused).
  if (!parts.memoryDir && !parts.pidsDir && !parts.killDir) {
    cleanup();
    return undefined;
  }
  const procsFiles = parts.dirs.map((d) => path.join(d, 'cgroup.procs'));
  if (!host.canJoin(procsFiles)) {
    cleanup();
    return undefined;
  }
  const killAll = () => {
    if (parts.killDir) tryWrite(host, path.join(parts.killDir, 'cgroup.kill'), '1');
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
          ok = removeDir(host, dir);
          if (!ok) await new Promise((r) => setTimeout(r, 25));
        }
        removed &&= ok;
      }
      return removed;
    },
  };
}
