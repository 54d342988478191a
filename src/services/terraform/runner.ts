/**
 * Runs Terraform: machine-readable `-json` stdout parsed into typed events, stderr kept apart,
 * and cancellation forwarded as ONE SIGINT so Terraform stops gracefully and saves its state.
 * Terraform runs in its own process group: a terminal Ctrl+C reaches only Cloudya, which
 * forwards it - two interrupts would make Terraform quit at once and risk losing state. Once
 * Terraform has stopped, what it started and left behind (a local-exec provisioner's background
 * job) is stopped with the group (core/process.ts stopProcessTree).
 */
import { createInterface } from 'node:readline';
import { signalGroup, spawn, stopProcessTree } from '../../core/process.js';
import { holdExit } from '../../core/exit-hold.js';
import { parseEventLine, type TfEvent } from './events.js';

export interface TerraformSettings {
  /** Path of the terraform executable (checked by findTerraform). */
  path: string;
  /** A provider mirror for `init -plugin-dir` (the terraform.plugin_dir setting); empty for the registry. */
  pluginDir?: string;
  /** The environment Terraform inherits (the user's, for provider credentials). */
  env: NodeJS.ProcessEnv;
}

export interface RunOptions {
  cwd: string;
  /** Extra variables (TF_VAR_... for secrets). */
  extraEnv?: Record<string, string>;
  signal?: AbortSignal;
  /** Every raw line, for the operation log. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface RunResult {
  exitCode: number;
  /** True when cancellation was forwarded to Terraform. */
  interrupted: boolean;
  stderr: string;
}

export interface TerraformRun {
  events: AsyncIterable<TfEvent>;
  done: Promise<RunResult>;
}

/** How long Terraform may take to stop cleanly after its SIGINT before its whole process group gets SIGTERM. */
const TERRAFORM_GRACE_MS = 30_000;

/** The environment every Terraform run gets: non-interactive, no version check phoning home. */
export function terraformEnv(settings: TerraformSettings, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...settings.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...extra };
}

/** Starts `terraform <args>`; iterate `events` to the end, then await `done`. */
export function startTerraform(settings: TerraformSettings, args: string[], opts: RunOptions): TerraformRun {
  const child = spawn(settings.path, args, {
    cwd: opts.cwd,
    env: terraformEnv(settings, opts.extraEnv),
    extendEnv: false,
    detached: true,
    reject: false,
    stdin: 'ignore',
    buffer: false,
    forceKillAfterDelay: false,
  });
  let interrupted = false;
  let stopped: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onAbort = () => {
    if (interrupted || child.exitCode !== null || !child.pid) return;
    interrupted = true;
    stopped = holdExit(stopProcessTree(child.pid, { first: 'SIGINT', exited, graceMs: TERRAFORM_GRACE_MS }));
  };
  if (opts.signal?.aborted) queueMicrotask(onAbort);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  // Cloudya quitting mid-run (the shell closed, an uncaught error): Terraform, in its own process
  // group, would go on alone; ask it to stop cleanly instead so it saves its state.
  const onExit = () => {
    if (child.exitCode === null) {
      // Terraform gets one SIGINT only: a second would make it quit without saving its state.
      if (!interrupted) child.kill('SIGINT');
    } else if (interrupted && child.pid) {
      // Terraform is done but its stragglers are still being stopped: no time left to wait for them.
      signalGroup(child.pid, 'SIGKILL');
    }
  };
  process.on('exit', onExit);

  let stderr = '';
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) opts.onLine?.('stderr', l);
  });

  const done = (async (): Promise<RunResult> => {
    const r = await child;
    // Cancelled: resolve only once nothing Terraform started is left running.
    await stopped;
    opts.signal?.removeEventListener('abort', onAbort);
    process.off('exit', onExit);
    if (partial) opts.onLine?.('stderr', partial);
    const exitCode = typeof r.exitCode === 'number' ? r.exitCode : r.signal ? 128 + 2 : 1;
    return { exitCode, interrupted, stderr };
  })();

  async function* events(): AsyncGenerator<TfEvent> {
    const rl = createInterface({ input: child.stdout!, crlfDelay: Infinity });
    for await (const line of rl) {
      opts.onLine?.('stdout', line);
      const ev = parseEventLine(line);
      if (ev) yield ev;
      else if (line.trim() !== '') yield { type: 'log', message: line, level: 'info', timestamp: new Date().toISOString() };
    }
  }
  return { events: events(), done };
}

/** Runs terraform to the end, collecting its events (for short commands: output, state list, validate). */
export async function runTerraform(settings: TerraformSettings, args: string[], opts: RunOptions): Promise<RunResult & { events: TfEvent[]; stdout: string }> {
  const lines: string[] = [];
  const run = startTerraform(settings, args, {
    ...opts,
    onLine: (s, l) => {
      if (s === 'stdout') lines.push(l);
      opts.onLine?.(s, l);
    },
  });
  const events: TfEvent[] = [];
  for await (const e of run.events) events.push(e);
  const r = await run.done;
  return { ...r, events, stdout: lines.join('\n') };
}

/** Arguments for `terraform init` (offline-friendly with a plugin mirror). */
export function initArgs(settings: TerraformSettings): string[] {
  return ['init', '-input=false', '-no-color', ...(settings.pluginDir ? [`-plugin-dir=${settings.pluginDir}`] : [])];
}
