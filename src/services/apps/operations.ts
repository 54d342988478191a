/**
 * App operations as streams of typed events: install (pre-flight probe, confirm, record, playbook,
 * health check), a re-run of an installation, and uninstall. Each holds the installation's lock,
 * logs every line of Ansible's output (secrets masked), and records status, the recap and the
 * failing task in installation.json as it goes.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { describeFailure, totalStats, type AnsibleEvent, type HostResult, type HostStats } from '../ansible/events.js';
import { renderInventory, sshCommonArgs, targetAddress, urlHost, type Target } from '../ansible/inventory.js';
import { inventoryHost } from '../ansible/inventory-host.js';
import { probeTarget } from '../ansible/probe.js';
import { startPlaybook, type AnsibleSettings } from '../ansible/runner.js';
import { privateDir, varsFile, type PrivateDir } from '../ansible/vars.js';
import { OperationLog, scrub } from '../deployments/oplog.js';
import type { ParamValue } from '../terraform/types.js';
import { healthUrl, probeOnce, probeUntil } from './health.js';
import { lockInstallation } from './lock.js';
import { fillTemplate } from './manifest.js';
import { createInstallation, installationFiles, saveInstallation } from './store.js';
import { RUNNING_INSTALL_STATUSES, type AppInfo, type AppOperationKind, type AppOperationRecord, type FailedTask, type HealthResult, type Installation, type InstallationStatus } from './types.js';

export type AppResult = 'installed' | 'uninstalled' | 'checked' | 'declined' | 'failed' | 'interrupted';

export type AppEvent =
  | { type: 'phase'; phase: 'probe' | 'playbook' | 'health'; id?: string }
  | { type: 'created'; id: string; app: string; target: string; dir: string }
  | { type: 'status'; id: string; status: InstallationStatus }
  | { type: 'ansible'; id?: string; event: AnsibleEvent }
  | { type: 'health'; id?: string; health: HealthResult }
  | { type: 'done'; id?: string; result: AppResult; installation?: Installation; stats?: HostStats; failed_task?: FailedTask; errors: string[] };

export interface RunContext {
  /** The installations folder (appsRoot()). */
  root: string;
  ansible: AnsibleSettings;
  /** Values of sensitive parameters: passed only in a 0600 vars file, masked everywhere else. */
  secrets: Record<string, ParamValue>;
  signal?: AbortSignal;
  /** How long the first health check may wait for the app to answer. */
  healthDeadlineMs?: number;
  /** Timeout of the pre-flight SSH probe (s). */
  probeTimeoutSeconds?: number;
}

export interface InstallRequest {
  app: AppInfo;
  platform: string;
  target: Target;
  targetLabel: string;
  /** Every value (defaults filled in), secrets included. */
  values: Record<string, ParamValue>;
  masked: Record<string, unknown>;
  /** Run the playbook in check mode: nothing changes, nothing is recorded. */
  check?: boolean;
  /** Asked after the pre-flight, before anything is recorded or changed. */
  confirm: (request: { app: AppInfo; target: string; check: boolean }) => Promise<boolean>;
}

const m = defineMessages({
  en: {
    exited: 'ansible-playbook exited with code {code}',
    interrupted: 'interrupted: Ansible was stopped; tasks already done stay done',
    unhealthy: 'installed, but the health check failed: {url}: {error}',
    noUninstall: 'this app has no uninstall.yml',
  },
  fr: {
    exited: 'ansible-playbook a quitté avec le code {code}',
    interrupted: 'interrompu : Ansible a été arrêté ; les tâches déjà faites le restent',
    unhealthy: 'installé, mais la vérification de santé a échoué : {url} : {error}',
    noUninstall: "cette application n'a pas de uninstall.yml",
  },
});

/** The values placeholders see in outputs and health URLs: parameters and {host} (the target's address, URL-ready). */
export function outputValues(target: Target, values: Record<string, unknown>): Record<string, unknown> {
  // 'localhost' only for inventory records made before their host was read.
  return { host: urlHost(targetAddress(target) ?? 'localhost'), ...values };
}

/** The app's outputs with placeholders filled (secrets never: only non-sensitive values). */
export function renderOutputs(app: AppInfo, target: Target, plain: Record<string, unknown>): Record<string, string> {
  const v = outputValues(target, plain);
  return Object.fromEntries(Object.entries(app.outputs).map(([k, t]) => [k, fillTemplate(t, v)]));
}

interface PlaybookSummary {
  exitCode: number;
  interrupted: boolean;
  stats?: HostStats;
  failedTask?: FailedTask;
  errors: string[];
}

/** Runs one playbook with vars files and an inventory in a private folder, yielding its events. */
async function* playbook(
  id: string | undefined,
  file: string,
  cwd: string,
  target: Target,
  plainVars: Record<string, unknown>,
  ctx: RunContext,
  log: OperationLog | undefined,
  opts: { check?: boolean; knownHosts: string; op: string },
): AsyncGenerator<AppEvent, PlaybookSummary> {
  const secretValues = Object.values(ctx.secrets).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const priv: PrivateDir = await privateDir();
  try {
    const varsFiles = [await priv.write('vars.json', varsFile(plainVars))];
    if (Object.keys(ctx.secrets).length) varsFiles.push(await priv.write('secrets.json', varsFile(ctx.secrets)));
    const inventory = target.kind === 'inventory' ? target.file : await priv.write('inventory.json', renderInventory(target, opts.knownHosts));
    log?.write(opts.op, `$ ansible-playbook -i ${target.kind === 'inventory' ? target.file : 'inventory.json'} ${varsFiles.map((f) => `-e @${path.basename(f)}`).join(' ')}${opts.check ? ' --check' : ''} ${path.basename(file)}`);
    const run = startPlaybook(ctx.ansible, {
      playbook: file,
      inventory,
      cwd,
      varsFiles,
      check: opts.check,
      diff: false,
      signal: ctx.signal,
      extraEnv: { ANSIBLE_SSH_COMMON_ARGS: sshCommonArgs(opts.knownHosts), ANSIBLE_LOCAL_TEMP: path.join(priv.dir, 'tmp') },
      onLine: (stream, line) => log?.write(opts.op, line, stream === 'stderr' ? 'stderr' : 'stdout'),
    });
    let recap: Record<string, HostStats> | undefined;
    let lastFailure: HostResult | undefined;
    for await (const raw of run.events) {
      const ev = scrubEvent(raw, secretValues);
      if (ev.type === 'recap') recap = ev.hosts;
      if ((ev.type === 'failed' && !ev.ignored) || ev.type === 'unreachable') lastFailure = ev;
      yield { type: 'ansible', ...(id ? { id } : {}), event: ev };
    }
    const r = await run.done;
    log?.write(opts.op, `exit ${r.exitCode}${r.interrupted ? ' (interrupted)' : ''}`);
    const stats = recap ? totalStats(recap) : undefined;
    // A failure a rescue block handled is not the run's failure: only trust it when the recap agrees.
    const failedHosts = recap ? Object.entries(recap).filter(([, s]) => s.failed > 0 || s.unreachable > 0).map(([h]) => h) : [];
    const failure = lastFailure && (failedHosts.includes(lastFailure.host) || !recap) ? lastFailure : undefined;
    const failedTask = r.exitCode !== 0 && failure ? { task: failure.task, host: failure.host, message: describeFailure(failure).slice(failure.task.length + failure.host.length + 6) } : undefined;
    let errors: string[] = [];
    if (r.interrupted) errors = [m('interrupted')];
    else if (r.exitCode !== 0) errors = failedTask ? [describeFailure(failure!)] : [scrub(r.tail.filter((l) => /ERROR|error|fatal/i.test(l)).slice(-2).join(' ') || r.tail.slice(-1)[0] || m('exited', { code: r.exitCode }), secretValues)];
    return { exitCode: r.exitCode, interrupted: r.interrupted, stats, failedTask, errors };
  } finally {
    await priv.remove();
  }
}

function scrubEvent(ev: AnsibleEvent, secrets: string[]): AnsibleEvent {
  if (!('msg' in ev || 'stderr' in ev || 'stdout' in ev)) return ev;
  const out = { ...ev } as AnsibleEvent & { msg?: string; stderr?: string; stdout?: string };
  for (const k of ['msg', 'stderr', 'stdout'] as const) if (typeof out[k] === 'string') out[k] = scrub(out[k]!, secrets);
  return out;
}

function startRecord(inst: Installation, op: AppOperationKind): AppOperationRecord {
  const rec: AppOperationRecord = { op, started: new Date().toISOString(), result: 'running', pid: process.pid };
  inst.operations.push(rec);
  return rec;
}

/**
 * Installs an app: SSH probe, confirm, then (check mode: a --check run and no record) a new
 * installation record and the playbook run. Returns the installation, or undefined when declined or checked.
 */
export async function* installApp(req: InstallRequest, ctx: RunContext): AsyncGenerator<AppEvent, Installation | undefined> {
  const knownHosts = installationFiles(ctx.root, 'x').knownHosts;
  yield { type: 'phase', phase: 'probe' };
  // An inventory's address comes from Ansible's reading of it; a file without a host stops here, unrecorded.
  if (req.target.kind === 'inventory') req = { ...req, target: { ...req.target, host: (await inventoryHost(req.target.file, ctx.ansible, ctx.signal)).address } };
  await probeTarget(req.target, knownHosts, ctx.ansible.env, ctx.probeTimeoutSeconds ?? 8, ctx.signal);
  if (ctx.signal?.aborted || !(await req.confirm({ app: req.app, target: req.targetLabel, check: !!req.check }))) {
    yield { type: 'done', result: ctx.signal?.aborted ? 'interrupted' : 'declined', errors: [] };
    return undefined;
  }
  const secretNames = new Set(req.app.parameters.filter((p) => p.sensitive).map((p) => p.name));
  const plain = Object.fromEntries(Object.entries(req.values).filter(([k]) => !secretNames.has(k)));
  if (req.check) {
    // A scratch copy: check mode must not even leave retry files or caches in the shipped template.
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'cloudya-app-check-'));
    try {
      await cp(req.app.dir, scratch, { recursive: true });
      yield { type: 'phase', phase: 'playbook' };
      const r = yield* playbook(undefined, path.join(scratch, 'playbook.yml'), scratch, req.target, { ...plain, cloudya_app: req.app.id }, ctx, undefined, { check: true, knownHosts, op: 'check' });
      yield { type: 'done', result: r.interrupted ? 'interrupted' : r.exitCode === 0 ? 'checked' : 'failed', stats: r.stats, ...(r.failedTask ? { failed_task: r.failedTask } : {}), errors: r.errors };
      return undefined;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const inst = await createInstallation(ctx.root, {
    app: req.app,
    platform: req.platform,
    target: req.target,
    targetLabel: req.targetLabel,
    plain,
    masked: req.masked,
    sensitiveNames: Object.keys(req.values).filter((k) => secretNames.has(k)),
    outputs: renderOutputs(req.app, req.target, plain),
  });
  yield { type: 'created', id: inst.id, app: inst.app, target: inst.target, dir: inst.dir };
  return yield* runOperation(inst, req.app, 'install', ctx);
}

/** Runs install (again: resume, re-apply) or uninstall on an existing installation. */
export async function* runOperation(inst: Installation, app: AppInfo, kind: AppOperationKind, ctx: RunContext): AsyncGenerator<AppEvent, Installation> {
  const files = installationFiles(ctx.root, inst.id);
  const release = await lockInstallation(inst.id, files.dir, kind);
  const log = new OperationLog(files.log, Object.values(ctx.secrets).map(String));
  const setStatus = async (status: InstallationStatus) => {
    inst.status = status;
    await saveInstallation(ctx.root, inst);
    return { type: 'status', id: inst.id, status } as const;
  };
  let rec: AppOperationRecord | undefined;
  try {
    yield await setStatus(kind === 'install' ? 'installing' : 'uninstalling');
    rec = startRecord(inst, kind);
    await saveInstallation(ctx.root, inst);
    const file = path.join(files.app, kind === 'install' ? 'playbook.yml' : 'uninstall.yml');
    const { readFile } = await import('node:fs/promises');
    const plain = JSON.parse(await readFile(files.vars, 'utf8')) as Record<string, unknown>;
    yield { type: 'phase', phase: 'playbook', id: inst.id };
    log.write(kind, `${kind} of ${inst.app} on ${inst.target}`);
    const r = yield* playbook(inst.id, file, files.app, inst.target_spec, { ...plain, cloudya_app: inst.app, cloudya_installation: inst.id }, ctx, log, { knownHosts: files.knownHosts, op: kind });
    inst.ansible_version = ctx.ansible.version;
    const result: AppOperationRecord['result'] = r.interrupted ? 'interrupted' : r.exitCode === 0 ? 'succeeded' : 'failed';
    Object.assign(rec, { finished: new Date().toISOString(), result, exit_code: r.exitCode, ...(r.stats ? { stats: r.stats } : {}), ...(r.failedTask ? { failed_task: r.failedTask } : {}), ...(r.errors.length ? { errors: r.errors } : {}) });
    if (result !== 'succeeded') {
      inst.status = result === 'interrupted' ? 'interrupted' : 'failed';
      await saveInstallation(ctx.root, inst);
      log.write(kind, `result: ${inst.status}${r.errors.length ? ` - ${r.errors.join(' | ')}` : ''}`);
      yield { type: 'done', id: inst.id, result: result === 'interrupted' ? 'interrupted' : 'failed', installation: { ...inst }, stats: r.stats, ...(r.failedTask ? { failed_task: r.failedTask } : {}), errors: r.errors };
      return inst;
    }
    inst.status = kind === 'install' ? 'installed' : 'uninstalled';
    const errors: string[] = [];
    if (kind === 'install' && app.health) {
      yield { type: 'phase', phase: 'health', id: inst.id };
      const url = healthUrl(app.health, outputValues(inst.target_spec, plain));
      inst.health = await probeUntil(app.health, url, ctx.healthDeadlineMs ?? 30_000, ctx.signal);
      if (!inst.health.ok) errors.push(m('unhealthy', { url, error: inst.health.error ?? '' }));
      yield { type: 'health', id: inst.id, health: inst.health };
    } else if (kind === 'uninstall') {
      delete inst.health;
    }
    await saveInstallation(ctx.root, inst);
    log.write(kind, `result: ${inst.status}${errors.length ? ` - ${errors.join(' | ')}` : ''}`);
    yield { type: 'done', id: inst.id, result: kind === 'install' ? 'installed' : 'uninstalled', installation: { ...inst }, stats: r.stats, errors };
    return inst;
  } catch (err) {
    // Anything unexpected (spawn failure, disk full): recorded, never left "installing".
    if (rec && rec.result === 'running') Object.assign(rec, { finished: new Date().toISOString(), result: 'failed', errors: [scrub(String((err as Error).message), Object.values(ctx.secrets).map(String))] });
    if (RUNNING_INSTALL_STATUSES.includes(inst.status)) inst.status = 'failed';
    throw err;
  } finally {
    await saveInstallation(ctx.root, inst).catch(() => {});
    await release();
  }
}

/** Re-runs the health check of an installed app (app status). */
export async function checkHealth(inst: Installation, app: AppInfo | undefined, root: string): Promise<HealthResult | undefined> {
  if (!app?.health || inst.status !== 'installed') return undefined;
  const { readFile } = await import('node:fs/promises');
  let plain: Record<string, unknown> = {};
  try {
    plain = JSON.parse(await readFile(installationFiles(root, inst.id).vars, 'utf8')) as Record<string, unknown>;
  } catch {
    plain = inst.params;
  }
  return probeOnce(app.health, healthUrl(app.health, outputValues(inst.target_spec, plain)));
}

