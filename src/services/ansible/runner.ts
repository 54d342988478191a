/**
 * Runs ansible-playbook. Progress comes from our callback plugin on file descriptor 3 (one JSON
 * line per event, parsed into typed events), kept apart from Ansible's human output on stdout,
 * which goes to the operation log. Ansible runs in its own process group: cancelling stops it with
 * core/process.ts stopProcessTree - SIGINT to the whole group (what a terminal's Ctrl+C does), then
 * SIGTERM and SIGKILL to what remains of the run, so no worker, module or task command is left.
 */
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { packageRoot } from '../../core/paths.js';
import { holdExit } from '../../core/exit-hold.js';
import { signalGroup, spawn, stopProcessTree } from '../../core/process.js';
import { parseAnsibleEvent, type AnsibleEvent } from './events.js';

export interface AnsibleSettings {
  /** ansible-playbook (checked by findAnsible). */
  path: string;
  version: string;
  /** The environment Ansible inherits (the user's: SSH agent, ANSIBLE_* settings). */
  env: NodeJS.ProcessEnv;
}

export interface PlaybookRun {
  playbook: string;
  /** Inventory file or inline list ("host,"). */
  inventory: string;
  cwd: string;
  /** Vars files passed as `-e @file` (the only way values reach Ansible). */
  varsFiles?: string[];
  check?: boolean;
  syntaxCheck?: boolean;
  diff?: boolean;
  limit?: string;
  tags?: string[];
  /** Extra environment (ANSIBLE_SSH_COMMON_ARGS...). */
  extraEnv?: Record<string, string>;
  signal?: AbortSignal;
  /** Every line of Ansible's human output, for the operation log. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Delays of the stop sequence after an abort (tests shorten them). */
  graceMs?: { term: number; kill: number };
}

export interface PlaybookResult {
  exitCode: number;
  /** True when the run was cancelled through the signal. */
  interrupted: boolean;
  /** The last lines of stdout and stderr, for errors that happen before any event (bad playbook, bad inventory). */
  tail: string[];
}

export interface AnsibleRun {
  pid: number | undefined;
  events: AsyncIterable<AnsibleEvent>;
  done: Promise<PlaybookResult>;
}

/** The folder holding cloudya_jsonl.py (shipped in the package's ansible/ folder). */
export function callbackPluginDir(): string {
  return path.join(packageRoot(), 'ansible', 'plugins', 'callback');
}

/** The environment of every run: UTF-8 (Ansible refuses other locales), no colour, our callback on fd 3. */
export function ansibleEnv(settings: AnsibleSettings, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const user = settings.env;
  const existing = user.ANSIBLE_CALLBACKS_ENABLED ? `${user.ANSIBLE_CALLBACKS_ENABLED},` : '';
  const plugins = user.ANSIBLE_CALLBACK_PLUGINS ? `${callbackPluginDir()}:${user.ANSIBLE_CALLBACK_PLUGINS}` : callbackPluginDir();
  return {
    ...user,
    LC_ALL: 'C.UTF-8',
    LANG: 'C.UTF-8',
    ANSIBLE_CALLBACK_PLUGINS: plugins,
    ANSIBLE_CALLBACKS_ENABLED: `${existing}cloudya_jsonl`,
    ANSIBLE_STDOUT_CALLBACK: 'default',
    CLOUDYA_EVENTS_FD: '3',
    // The plugin folder is the installed package's: never write __pycache__ into it.
    PYTHONDONTWRITEBYTECODE: '1',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_PYTHON_INTERPRETER: user.ANSIBLE_PYTHON_INTERPRETER ?? 'auto_silent',
    ANSIBLE_PIPELINING: user.ANSIBLE_PIPELINING ?? '1',
    ANSIBLE_LOCALHOST_WARNING: '0',
    ANSIBLE_INVENTORY_UNPARSED_WARNING: '0',
    ANSIBLE_DEPRECATION_WARNINGS: '0',
    ANSIBLE_SYSTEM_WARNINGS: '0',
    // No SSH master left behind after the run (Ansible's default keeps one 60 s).
    ANSIBLE_SSH_ARGS: user.ANSIBLE_SSH_ARGS ?? '-o ControlMaster=no -o ServerAliveInterval=15',
    ...extra,
  };
}

/** The command-line arguments (never a value: values travel in vars files). */
export function playbookArgs(run: PlaybookRun): string[] {
  return [
    '-i',
    run.inventory,
    ...(run.varsFiles ?? []).flatMap((f) => ['-e', `@${f}`]),
    ...(run.check ? ['--check'] : []),
    ...(run.diff ? ['--diff'] : []),
    ...(run.syntaxCheck ? ['--syntax-check'] : []),
    ...(run.limit ? ['--limit', run.limit] : []),
    ...(run.tags?.length ? ['--tags', run.tags.join(',')] : []),
    run.playbook,
  ];
}

/** Starts ansible-playbook; iterate `events` to the end, then await `done`. */
export function startPlaybook(settings: AnsibleSettings, run: PlaybookRun): AnsibleRun {
  const child = spawn(settings.path, playbookArgs(run), {
    cwd: run.cwd,
    env: ansibleEnv(settings, run.extraEnv),
    extendEnv: false,
    detached: true,
    reject: false,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    forceKillAfterDelay: false,
  });
  const pid = child.pid;
  let interrupted = false;
  let exited = false;
  let stopped: Promise<void> | undefined;
  const leaderExited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const grace = run.graceMs ?? { term: 10_000, kill: 5_000 };
  const onAbort = () => {
    if (interrupted || exited || !pid) return;
    interrupted = true;
    // SIGINT to the whole group as a terminal's Ctrl+C; then SIGTERM and SIGKILL to what remains of
    // the run, sparing what was already detached when the stop began: a daemon a package's install
    // script started in the background (apt's postinst) lives in this group too and must survive.
    stopped = holdExit(stopProcessTree(pid, { first: 'SIGINT', group: true, spareDetached: true, exited: leaderExited, graceMs: grace.term, killAfterMs: grace.kill }));
  };
  if (run.signal?.aborted) queueMicrotask(onAbort);
  else run.signal?.addEventListener('abort', onAbort, { once: true });
  // Cloudya quitting mid-run must not leave Ansible going on alone in its own group.
  const onExit = () => {
    if (!exited && pid) signalGroup(pid, 'SIGTERM');
  };
  process.on('exit', onExit);

  const tail: string[] = [];
  const keep = (line: string) => {
    if (!line.trim()) return;
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  const lines = (stream: Readable | null | undefined, name: 'stdout' | 'stderr') => {
    if (!stream) return Promise.resolve();
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (l) => {
      keep(l);
      run.onLine?.(name, l);
    });
    return new Promise<void>((resolve) => rl.once('close', () => resolve()));
  };
  const outDone = lines(child.stdout, 'stdout');
  const errDone = lines(child.stderr, 'stderr');

  const done = (async (): Promise<PlaybookResult> => {
    const r = await child;
    exited = true;
    // Cancelled: resolve only once nothing the run started is left (but the spared daemons).
    await stopped;
    run.signal?.removeEventListener('abort', onAbort);
    process.off('exit', onExit);
    await Promise.all([outDone, errDone]);
    const exitCode = typeof r.exitCode === 'number' ? r.exitCode : r.signal ? 128 + 2 : 1;
    return { exitCode, interrupted, tail };
  })();

  async function* events(): AsyncGenerator<AnsibleEvent> {
    const fd3 = child.stdio[3] as Readable | undefined;
    if (!fd3) return;
    const rl = createInterface({ input: fd3, crlfDelay: Infinity });
    for await (const line of rl) {
      const ev = parseAnsibleEvent(line);
      if (ev) yield ev;
    }
  }
  return { pid, events: events(), done };
}

/** Runs a playbook to the end, collecting its events (syntax checks, short runs). */
export async function runPlaybook(settings: AnsibleSettings, run: PlaybookRun): Promise<PlaybookResult & { events: AnsibleEvent[] }> {
  const r = startPlaybook(settings, run);
  const events: AnsibleEvent[] = [];
  for await (const e of r.events) events.push(e);
  return { ...(await r.done), events };
}
