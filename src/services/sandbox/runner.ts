/**
 * Runs a launch spec with the limits: wall-clock timeout, memory (cgroup, else RLIMIT_AS), CPU time
 * (RLIMIT_CPU), output cap. Streams output as it comes and says which limit killed the run.
 */
import { spawn, which } from '../../core/process.js';
import { createMemoryCgroup, type MemoryCgroup } from './cgroup.js';
import type { Backend, ExecutionResult, KilledBy, Limits, RunSpec } from './types.js';

export interface RunOutcome {
  exitCode: number | null;
  durationMs: number;
  killedBy?: KilledBy;
  stdout: string;
  stderr: string;
  truncated: boolean;
  memoryLimit: NonNullable<ExecutionResult['memoryLimit']>;
  aborted: boolean;
}

const SIGXCPU_EXIT = 128 + 24;
const MEMORY_ERRORS = /Cannot allocate memory|MemoryError|out of memory|std::bad_alloc|memory exhausted|JavaScript heap|mmap.*failed|ENOMEM/i;

/** prlimit arguments for CPU time (soft limit sends SIGXCPU) and, without a cgroup, address space. */
function limitPrefix(limits: Limits, withAddressSpace: boolean): string[] {
  const prlimit = which('prlimit');
  if (!prlimit) return [];
  const out = [prlimit, `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`];
  if (withAddressSpace) out.push(`--as=${limits.memoryBytes}`);
  out.push('--');
  return out;
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
  let cgroup: MemoryCgroup | undefined;
  let memoryLimit: RunOutcome['memoryLimit'] = 'none';
  const probe = backend.launch(spec, []);
  if (probe.memoryEnforcedByBackend) memoryLimit = 'engine';
  else {
    cgroup = opts.memory === 'rlimit' ? undefined : createMemoryCgroup(spec.limits.memoryBytes);
    memoryLimit = cgroup ? (cgroup.version === 2 ? 'cgroup-v2' : 'cgroup-v1') : which('prlimit') ? 'rlimit-as' : 'none';
  }
  const launch = probe.memoryEnforcedByBackend ? probe : backend.launch(spec, limitPrefix(spec.limits, !cgroup));
  // Join the cgroup before exec so every descendant is counted.
  const file = cgroup ? '/bin/sh' : launch.file;
  const args = cgroup ? ['-c', 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, launch.file, ...launch.args] : launch.args;
  const t0 = performance.now();
  const child = spawn(file, args, { env: launch.env, extendEnv: false, cwd: launch.cwd, reject: false, buffer: false, stdin: opts.stdin ? 'pipe' : 'ignore', detached: true, cleanup: true });
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
  };
  child.stdout?.on('data', onData('stdout'));
  child.stderr?.on('data', onData('stderr'));
  const timer = setTimeout(() => kill('timeout'), spec.limits.timeoutMs);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const result = await child;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  const durationMs = Math.round(performance.now() - t0);
  let exitCode: number | null = typeof result.exitCode === 'number' ? result.exitCode : null;
  if (exitCode === null && result.signal) exitCode = 128 + (signalNumber(result.signal) ?? 0);
  if (!killedBy && cgroup?.oomKilled()) killedBy = 'memory';
  if (!killedBy && (exitCode === SIGXCPU_EXIT || result.signal === 'SIGXCPU')) killedBy = 'cpu';
  if (!killedBy && memoryLimit === 'rlimit-as' && exitCode !== 0 && MEMORY_ERRORS.test(stderr)) killedBy = 'memory';
  await cgroup?.remove();
  return { exitCode, durationMs, killedBy, stdout, stderr, truncated, memoryLimit, aborted };
}

function signalNumber(sig: string): number | undefined {
  const map: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15, SIGXCPU: 24, SIGXFSZ: 25 };
  return map[sig];
}
