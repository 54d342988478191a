/**
 * Runs a launch spec with the limits: wall-clock timeout, memory (cgroup, else RLIMIT_AS), CPU time
 * (RLIMIT_CPU), process count (pids cgroup, else RLIMIT_NPROC), file size (RLIMIT_FSIZE), output
 * cap. Streams output as it comes, says which limit stopped the run, and leaves nothing behind: the
 * run's cgroup is killed and removed when it ends.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { spawn, which } from '../../core/process.js';
import { createRunCgroup, type RunCgroup } from './cgroup.js';
import type { Backend, ExecutionResult, KilledBy, Limits, RunSpec } from './types.js';

export interface RunOutcome {
  exitCode: number | null;
  durationMs: number;
  killedBy?: KilledBy;
  stdout: string;
  stderr: string;
  truncated: boolean;
  memoryLimit: NonNullable<ExecutionResult['memoryLimit']>;
  /** How the process limit was enforced: pids cgroup, RLIMIT_NPROC, or not at all. */
  processLimit: 'cgroup' | 'rlimit' | 'none';
  /** False when the run's cgroup could not be removed (a process survived the kill). */
  cleanedUp: boolean;
  aborted: boolean;
}

const SIGXCPU_EXIT = 128 + 24;
const SIGXFSZ_EXIT = 128 + 25;
const MEMORY_ERRORS = /Cannot allocate memory|MemoryError|out of memory|std::bad_alloc|memory exhausted|JavaScript heap|mmap.*failed|ENOMEM/i;
/** What shells and tools print when RLIMIT_FSIZE stops a write (the signal, or EFBIG when it is ignored). */
const FILE_SIZE_ERRORS = /File size limit exceeded|File too large/;
/** What shells print when fork fails at RLIMIT_NPROC (bash retries with back-off: stop the run instead). */
const FORK_ERRORS = /fork.*Resource temporarily unavailable|Cannot fork|can't fork|BlockingIOError: \[Errno 11\]/i;

/**
 * prlimit arguments: CPU time (soft limit sends SIGXCPU), file size (SIGXFSZ), no core files (a
 * process killed by SIGXFSZ would dump one into the work dir), process count, and without a cgroup
 * the address space. RLIMIT_NPROC counts the run's own processes only because the sandbox is a user
 * namespace of its own; the kernel does not apply it to host uid 0, hence the pids cgroup for root.
 */
function limitPrefix(limits: Limits, withAddressSpace: boolean): string[] {
  const prlimit = which('prlimit');
  if (!prlimit) return [];
  const out = [prlimit, `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, `--fsize=${limits.fileSizeBytes}`, '--core=0', `--nproc=${limits.maxProcesses}`];
  if (withAddressSpace) out.push(`--as=${limits.memoryBytes}`);
  out.push('--');
  return out;
}

/** Live processes (that we may see) in the PID namespace with this inode. */
function inNamespace(inode: number): number[] {
  const link = `pid:[${inode}]`;
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/ns/pid`) === link) out.push(Number(name));
    } catch {
      /* gone, or not ours to see */
    }
  }
  return out;
}

/**
 * Kills whatever is still in the sandbox's PID namespace and waits until it is empty. The kernel
 * empties it when its init dies with bwrap, a moment after bwrap exits; without a cgroup this is
 * how the run makes sure that moment has passed before it returns.
 */
async function sweepNamespace(inode: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    const left = inNamespace(inode);
    if (!left.length) return true;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return !inNamespace(inode).length;
}

/** Starts the backend's process and waits for it under the limits. */
export async function runWithLimits(
  backend: Backend,
  spec: RunSpec,
  opts: {
    signal?: AbortSignal;
    onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
    /** Fed to the command's standard input. */
    stdin?: NodeJS.ReadableStream;
    /** Skip the cgroup (the fallback machines without one get). */
    memory?: 'auto' | 'rlimit';
  } = {},
): Promise<RunOutcome> {
  let cgroup: RunCgroup | undefined;
  let memoryLimit: RunOutcome['memoryLimit'] = 'none';
  let processLimit: RunOutcome['processLimit'] = 'none';
  const probe = backend.launch(spec, []);
  if (probe.memoryEnforcedByBackend) {
    memoryLimit = 'engine';
    processLimit = 'cgroup';
  } else {
    cgroup = createRunCgroup({ memoryBytes: opts.memory === 'rlimit' ? undefined : spec.limits.memoryBytes, maxProcesses: spec.limits.maxProcesses });
    const prlimit = !!which('prlimit');
    memoryLimit = cgroup?.memory ?? (prlimit ? 'rlimit-as' : 'none');
    processLimit = cgroup?.pids ? 'cgroup' : prlimit ? 'rlimit' : 'none';
  }
  const launch = probe.memoryEnforcedByBackend ? probe : backend.launch(spec, limitPrefix(spec.limits, !cgroup?.memory));
  // Join the cgroups before exec so every descendant is counted (and killed at the end).
  const join = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"';
  const file = cgroup ? '/bin/sh' : launch.file;
  const args = cgroup ? ['-c', join, 'sh', String(cgroup.procsFiles.length), ...cgroup.procsFiles, launch.file, ...launch.args] : launch.args;
  const fds = launch.fds ?? [];
  const info = launch.infoFd !== undefined ? ['pipe' as const] : [];
  const t0 = performance.now();
  const child = spawn(file, args, { env: launch.env, extendEnv: false, cwd: launch.cwd, reject: false, buffer: false, stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', ...fds.map(() => 'pipe' as const), ...info], detached: true, cleanup: true });
  let infoText = '';
  if (launch.infoFd !== undefined) (child.stdio[launch.infoFd] as NodeJS.ReadableStream | undefined)?.on('data', (b: Buffer) => (infoText += b.toString('utf8')));
  // Extra descriptors carry data the backend reads at start-up (bwrap's seccomp program): written, then closed.
  fds.forEach((data, i) => {
    const stream = child.stdio[3 + i] as NodeJS.WritableStream | undefined;
    stream?.on('error', () => undefined);
    stream?.end(data);
  });
  if (opts.stdin && child.stdin) {
    // A command that exits without reading all its input must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    opts.stdin.pipe(child.stdin);
  }
  let stdout = '';
  let stderr = '';
  let bytes = 0;
  let truncated = false;
  let killedBy: KilledBy | undefined;
  let aborted = false;
  const kill = (why?: KilledBy) => {
    if (why && !killedBy) killedBy = why;
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    cgroup?.killAll();
    void launch.stop?.();
  };
  const onData = (stream: 'stdout' | 'stderr') => (buf: Buffer) => {
    if (truncated) return;
    let text = buf.toString('utf8');
    if (bytes + buf.length > spec.limits.outputBytes) {
      text = buf.subarray(0, Math.max(0, spec.limits.outputBytes - bytes)).toString('utf8');
      truncated = true;
    }
    bytes += buf.length;
    if (stream === 'stdout') stdout += text;
    else stderr += text;
    if (text) opts.onOutput?.(text, stream);
    if (truncated) kill('output');
    // Without a pids cgroup, RLIMIT_NPROC makes forks fail: the shell's complaint is the only sign.
    else if (stream === 'stderr' && processLimit === 'rlimit' && FORK_ERRORS.test(text)) kill('processes');
  };
  child.stdout?.on('data', onData('stdout'));
  child.stderr?.on('data', onData('stderr'));
  const timer = setTimeout(() => kill('timeout'), spec.limits.timeoutMs);
  // A fork storm at pids.max would spin until the time limit: stop it as soon as the cgroup says a fork failed.
  const watch = cgroup?.pids ? setInterval(() => cgroup?.pidsLimitHit() && kill('processes'), 200) : undefined;
  const onAbort = () => {
    aborted = true;
    kill();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const result = await child;
  clearTimeout(timer);
  if (watch) clearInterval(watch);
  opts.signal?.removeEventListener('abort', onAbort);
  const durationMs = Math.round(performance.now() - t0);
  let exitCode: number | null = typeof result.exitCode === 'number' ? result.exitCode : null;
  if (exitCode === null && result.signal) exitCode = 128 + (signalNumber(result.signal) ?? 0);
  if (!killedBy && cgroup?.oomKilled()) killedBy = 'memory';
  if (!killedBy && (exitCode === SIGXCPU_EXIT || result.signal === 'SIGXCPU')) killedBy = 'cpu';
  if (!killedBy && cgroup?.pidsLimitHit()) killedBy = 'processes';
  if (!killedBy && (exitCode === SIGXFSZ_EXIT || result.signal === 'SIGXFSZ' || FILE_SIZE_ERRORS.test(stderr))) killedBy = 'file-size';
  if (!killedBy && memoryLimit === 'rlimit-as' && exitCode !== 0 && MEMORY_ERRORS.test(stderr)) killedBy = 'memory';
  // Whatever the command left running (setsid, nohup, daemons) goes with the cgroup, and the PID namespace.
  let cleanedUp = cgroup ? await cgroup.remove() : true;
  const pidNamespace = /"pid-namespace":\s*(\d+)/.exec(infoText)?.[1];
  if (pidNamespace) cleanedUp = (await sweepNamespace(Number(pidNamespace))) && cleanedUp;
  return { exitCode, durationMs, killedBy, stdout, stderr, truncated, memoryLimit, processLimit, cleanedUp, aborted };
}

function signalNumber(sig: string): number | undefined {
  const map: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15, SIGXCPU: 24, SIGXFSZ: 25 };
  return map[sig];
}
