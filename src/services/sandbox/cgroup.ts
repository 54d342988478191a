/**
 * Memory limits through a child cgroup of our own (v2 memory.max, else v1 memory.limit_in_bytes):
 * the kernel OOM-kills the run when it exceeds the limit and the cgroup's counters say so, which is
 * how a killed run can honestly report "memory". When no writable cgroup exists (unprivileged
 * container, no delegation), callers fall back to RLIMIT_AS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface MemoryCgroup {
  version: 1 | 2;
  dir: string;
  /** File to write a pid into to join the cgroup. */
  procsFile: string;
  /** True when the kernel killed a process of this cgroup for exceeding the limit. */
  oomKilled(): boolean;
  /** SIGKILLs every process still in the cgroup. */
  killAll(): void;
  /** Removes the cgroup (after its processes are gone). */
  remove(): Promise<void>;
}

let counter = 0;

function ownPath(controllerLine: (l: string) => boolean): string | undefined {
  try {
    const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find(controllerLine);
    return line?.split(':').slice(2).join(':');
  } catch {
    return undefined;
  }
}

function make(base: string, version: 1 | 2, bytes: number): MemoryCgroup | undefined {
  const dir = path.join(base, `cloudya-${process.pid}-${++counter}`);
  try {
    mkdirSync(dir);
  } catch {
    return undefined;
  }
  try {
    if (version === 2) {
      writeFileSync(path.join(dir, 'memory.max'), String(bytes));
      try {
        writeFileSync(path.join(dir, 'memory.swap.max'), '0');
      } catch {
        /* no swap accounting: the memory limit still holds */
      }
    } else {
      writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(bytes));
      try {
        writeFileSync(path.join(dir, 'memory.memsw.limit_in_bytes'), String(bytes));
      } catch {
        /* no swap accounting */
      }
    }
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      /* ignore */
    }
    return undefined;
  }
  const read = (f: string) => {
    try {
      return readFileSync(path.join(dir, f), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    version,
    dir,
    procsFile: path.join(dir, 'cgroup.procs'),
    oomKilled: () => {
      const text = version === 2 ? read('memory.events') : read('memory.oom_control');
      const m = /oom_kill (\d+)/.exec(text);
      return !!m && Number(m[1]) > 0;
    },
    killAll: () => {
      for (const pid of read('cgroup.procs').split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
    remove: async () => {
      for (let i = 0; i < 20; i++) {
        try {
          rmdirSync(dir);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
  };
}

let joinable: boolean | undefined;

/** Whether a process may be moved into our child cgroups (checked once with a throwaway shell). */
function canJoin(cg: MemoryCgroup): boolean {
  if (joinable === undefined) {
    const r = spawnSync('/bin/sh', ['-c', 'echo $$ > "$0"', cg.procsFile], { stdio: 'ignore', timeout: 5000 });
    joinable = r.status === 0;
  }
  return joinable;
}

/** Creates a memory-limited cgroup below ours, or undefined when this machine does not let us. */
export function createMemoryCgroup(bytes: number): MemoryCgroup | undefined {
  const cg = createCgroup(bytes);
  if (cg && !canJoin(cg)) {
    void cg.remove();
    return undefined;
  }
  return cg;
}

function createCgroup(bytes: number): MemoryCgroup | undefined {
  const v2 = ownPath((l) => l.startsWith('0::'));
  if (v2 !== undefined && existsSync('/sys/fs/cgroup/cgroup.controllers')) {
    const controllers = readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8');
    if (controllers.includes('memory')) {
      const cg = make(path.join('/sys/fs/cgroup', v2), 2, bytes);
      if (cg) return cg;
    }
  }
  const v1 = ownPath((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (v1 !== undefined && existsSync('/sys/fs/cgroup/memory')) return make(path.join('/sys/fs/cgroup/memory', v1), 1, bytes);
  return undefined;
}
