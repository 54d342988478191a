/**
 * Deployment operations as streams of typed events: plan (saved plan file) -> confirm ->
 * apply that plan, and the same for destroy. Each holds the deployment's lock, logs every
 * Terraform line, and records status and timestamps in deployment.json as it goes.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { formatDiagnostic, type ChangeCounts, type TfEvent } from '../terraform/events.js';
import { initArgs, runTerraform, startTerraform, type TerraformSettings } from '../terraform/runner.js';
import type { ParamValue } from '../terraform/types.js';
import { tfVarEnv } from '../terraform/params.js';
import type { CloudyaError } from '../../core/errors.js';
import { deploymentConnectionEnv } from '../providers/connection.js';
import { lockDeployment } from './lock.js';
import { OperationLog, scrub } from './oplog.js';
import { deploymentFiles, saveDeployment } from './store.js';
import { RUNNING_STATUSES, type Deployment, type DeploymentStatus, type OperationKind, type OperationRecord, type PlanSummary } from './types.js';

export type DeployResult = 'applied' | 'destroyed' | 'planned' | 'declined' | 'failed' | 'interrupted';

export type DeployPhase = 'init' | 'plan' | 'apply' | 'destroy' | 'outputs';

export type DeployEvent =
  | { type: 'phase'; phase: DeployPhase; id: string }
  | { type: 'terraform'; id: string; event: TfEvent }
  | { type: 'plan'; id: string; plan: PlanSummary }
  | { type: 'status'; id: string; status: DeploymentStatus }
  | { type: 'done'; id: string; result: DeployResult; deployment: Deployment; errors: string[] };

export interface OperationOptions {
  /** The deployments folder (userPaths().deployments). */
  root: string;
  terraform: TerraformSettings;
  /** Values of sensitive parameters, passed as TF_VAR_ variables only. */
  secrets: Record<string, ParamValue>;
  signal?: AbortSignal;
  /** Asked with the plan summary before anything changes; false keeps everything as is. */
  confirm: (plan: PlanSummary, deployment: Deployment) => Promise<boolean>;
  /** Stop after the plan (status "planned"). */
  planOnly?: boolean;
}

const m = defineMessages({
  en: { exited: 'terraform exited with code {code}', interrupted: 'interrupted; Terraform stopped gracefully and kept its state' },
  fr: { exited: 'terraform a quitté avec le code {code}', interrupted: "interrompu ; Terraform s'est arrêté proprement et a conservé son état" },
});

/**
 * Where the saved plan goes. Terraform writes every variable value into it, secrets included,
 * so with sensitive values it lives in a private folder on the RAM-backed /dev/shm when there
 * is one (never on persistent disk), and is always removed when the operation ends.
 */
async function planLocation(defaultPath: string, hasSecrets: boolean, deploymentId: string): Promise<{ path: string; remove: () => Promise<void> }> {
  if (hasSecrets && existsSync('/dev/shm')) {
    try {
      const dir = await mkdtemp(path.join('/dev/shm', `cloudya-plan-${deploymentId}-`));
      await chmod(dir, 0o700);
      return { path: path.join(dir, 'cloudya.tfplan'), remove: () => rm(dir, { recursive: true, force: true }) };
    } catch {
      // not writable: fall back to the private deployment folder
    }
  }
  return { path: defaultPath, remove: () => rm(defaultPath, { force: true }) };
}

/** Builds the plan summary from planned_change and change_summary events. */
export function summarizePlan(events: TfEvent[]): PlanSummary {
  const summary = events.find((e): e is Extract<TfEvent, { type: 'change_summary' }> => e.type === 'change_summary');
  const c: ChangeCounts = summary?.changes ?? { add: 0, change: 0, remove: 0, import: 0, operation: 'plan' };
  const resources = events
    .filter((e): e is Extract<TfEvent, { type: 'planned_change' }> => e.type === 'planned_change')
    .map((e) => ({ address: e.address, action: e.action }));
  return { operation: c.operation, add: c.add, change: c.change, destroy: c.remove, import: c.import, resources };
}

/** Error lines of a run: its error diagnostics, else the tail of stderr, else the exit code. */
function errorsOf(events: TfEvent[], stderr: string, exitCode: number): string[] {
  const diags = events
    .filter((e): e is Extract<TfEvent, { type: 'diagnostic' }> => e.type === 'diagnostic' && e.diagnostic.severity === 'error')
    .map((e) => formatDiagnostic(e.diagnostic));
  const unique = [...new Set(diags)].filter((d) => !/^execution halted$/.test(d));
  if (unique.length) return unique;
  const lines = stderr.split('\n').map((l) => l.replace(/^[│╷╵\s]+/, '').trim());
  const at = lines.findIndex((l) => l.startsWith('Error:'));
  if (at === -1) return [lines.filter((l) => l && !/^Warning:/.test(l)).slice(-1)[0] ?? m('exited', { code: exitCode })];
  // The summary line alone ("Failed to query available provider packages") hides the cause, which
  // Terraform prints as the next paragraph, wrapped at ~80 columns: take that paragraph whole.
  const detail: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith('Error:')) break;
    if (!line) {
      if (detail.length) break;
      continue;
    }
    detail.push(line);
  }
  const text = [lines[at], ...detail].join(' ');
  return [text.length > 500 ? `${text.slice(0, 500)}…` : text];
}

/** Reads `terraform output -json` (sensitive values masked) and `terraform state list`. */
async function refreshFacts(d: Deployment, settings: TerraformSettings, cwd: string, log: OperationLog): Promise<void> {
  const out = await runTerraform(settings, ['output', '-json', '-no-color'], { cwd });
  if (out.exitCode === 0) {
    try {
      const parsed = JSON.parse(out.stdout || '{}') as Record<string, { sensitive: boolean; value: unknown }>;
      d.outputs = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.sensitive ? '****' : v.value]));
    } catch {
      log.write('outputs', 'could not parse terraform output -json');
    }
  }
  const list = await runTerraform(settings, ['state', 'list', '-no-color'], { cwd });
  d.resources = list.exitCode === 0 ? list.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

interface PhaseResult {
  events: TfEvent[];
  exitCode: number;
  interrupted: boolean;
  errors: string[];
}

/** Runs one Terraform command, yielding its events and logging every line. */
async function* phase(d: Deployment, op: string, args: string[], opts: OperationOptions, log: OperationLog): AsyncGenerator<DeployEvent, PhaseResult> {
  const files = deploymentFiles(opts.root, d.id);
  const secretValues = Object.values(opts.secrets).map(String);
  log.write(op, `$ terraform ${args.join(' ')}`);
  const run = startTerraform(opts.terraform, args, {
    cwd: files.workdir,
    extraEnv: tfVarEnv(opts.secrets),
    signal: opts.signal,
    onLine: (stream, line) => {
      if (stream === 'stderr') log.write(op, line, 'stderr');
    },
  });
  const events: TfEvent[] = [];
  for await (const ev of run.events) {
    log.write(op, ev.message || ev.type, 'stdout');
    // Terraform prints "(sensitive value)" itself; the scrub is a second guard for provider messages.
    const safe = { ...ev, message: scrub(ev.message, secretValues) } as TfEvent;
    if (safe.type === 'diagnostic') safe.diagnostic = { ...safe.diagnostic, summary: scrub(safe.diagnostic.summary, secretValues), detail: scrub(safe.diagnostic.detail, secretValues) };
    events.push(safe);
    if (ev.type === 'version') d.terraform_version = ev.terraform;
    yield { type: 'terraform', id: d.id, event: safe };
  }
  const r = await run.done;
  const errors = r.exitCode === 0 ? [] : r.interrupted ? [m('interrupted')] : errorsOf(events, scrub(r.stderr, secretValues), r.exitCode);
  log.write(op, `exit ${r.exitCode}${r.interrupted ? ' (interrupted)' : ''}`);
  return { events, exitCode: r.exitCode, interrupted: r.interrupted, errors };
}

function startRecord(d: Deployment, op: OperationKind): OperationRecord {
  const rec: OperationRecord = { op, started: new Date().toISOString(), result: 'running', pid: process.pid };
  d.operations.push(rec);
  return rec;
}

/**
 * The status a plan leaves: "planned" (nothing created yet) only while nothing exists; a plan of a
 * deployment whose resources exist (applied, or failed/interrupted half-way) never downgrades it.
 */
export function statusAfterPlan(previous: DeploymentStatus, d: Pick<Deployment, 'resources'>): DeploymentStatus {
  if (previous === 'planning' || previous === 'planned' || previous === 'destroyed') return 'planned';
  if (d.resources.length > 0) return previous;
  return previous === 'applied' ? previous : 'planned';
}

function finishRecord(rec: OperationRecord, result: OperationRecord['result'], extra: Partial<OperationRecord> = {}): void {
  Object.assign(rec, { finished: new Date().toISOString(), result }, extra);
}

/**
 * Plans and (unless planOnly or declined) applies a deployment, or destroys it with
 * `kind: 'destroy'`. The saved plan file is what gets applied.
 */
export async function* runOperation(deployment: Deployment, kind: 'apply' | 'destroy', opts: OperationOptions): AsyncGenerator<DeployEvent, Deployment> {
  const d = deployment;
  const files = deploymentFiles(opts.root, d.id);
  const planFile = await planLocation(files.plan, Object.keys(opts.secrets).length > 0, d.id);
  const release = await lockDeployment(d.id, files.dir, kind === 'destroy' ? 'destroy' : opts.planOnly ? 'plan' : 'apply');
  const log = new OperationLog(files.log, Object.values(opts.secrets).map(String));
  const previous = d.status;
  const setStatus = async (status: DeploymentStatus) => {
    d.status = status;
    await saveDeployment(opts.root, d);
    return { type: 'status', id: d.id, status } as const;
  };
  const finish = async (result: DeployResult, errors: string[] = []): Promise<DeployEvent> => {
    await saveDeployment(opts.root, d);
    log.write(kind, `result: ${result}${errors.length ? ` - ${errors.join(' | ')}` : ''}`);
    return { type: 'done', id: d.id, result, deployment: { ...d }, errors };
  };
  try {
    yield await setStatus(kind === 'destroy' ? 'destroying' : 'planning');
    const planRec = startRecord(d, 'plan');
    await saveDeployment(opts.root, d);

    yield { type: 'phase', phase: 'init', id: d.id };
    const init = yield* phase(d, 'init', initArgs(opts.terraform), opts, log);
    if (init.exitCode !== 0) {
      finishRecord(planRec, init.interrupted ? 'interrupted' : 'failed', { exit_code: init.exitCode, errors: init.errors });
      d.status = init.interrupted ? 'interrupted' : previous === 'planning' ? 'failed' : kind === 'destroy' ? previous : 'failed';
      yield await finish(init.interrupted ? 'interrupted' : 'failed', init.errors);
      return d;
    }
    // The template provider's connection (cloudya connect) reaches Terraform through its environment only.
    const connection = await deploymentConnectionEnv(d.template, opts.terraform.env, files.workdir).catch((err: CloudyaError) => err);
    if (connection instanceof Error) {
      const errors = [`${connection.message}${connection.hint ? ` - ${connection.hint}` : ''}`];
      finishRecord(planRec, 'failed', { errors });
      d.status = kind === 'destroy' ? previous : 'failed';
      yield await finish('failed', errors);
      return d;
    }
    opts = { ...opts, terraform: { ...opts.terraform, env: { ...opts.terraform.env, ...connection } } };

    yield { type: 'phase', phase: 'plan', id: d.id };
    const planArgs = ['plan', '-json', '-input=false', `-out=${planFile.path}`, `-var-file=${files.tfvars}`, ...(kind === 'destroy' ? ['-destroy'] : [])];
    const plan = yield* phase(d, 'plan', planArgs, opts, log);
    if (plan.exitCode !== 0) {
      finishRecord(planRec, plan.interrupted ? 'interrupted' : 'failed', { exit_code: plan.exitCode, errors: plan.errors });
      d.status = plan.interrupted ? 'interrupted' : kind === 'destroy' && previous !== 'planning' ? previous : 'failed';
      yield await finish(plan.interrupted ? 'interrupted' : 'failed', plan.errors);
      return d;
    }
    const summary = summarizePlan(plan.events);
    finishRecord(planRec, 'planned', { exit_code: 0, changes: { add: summary.add, change: summary.change, remove: summary.destroy, import: summary.import, operation: summary.operation } });
    yield { type: 'plan', id: d.id, plan: summary };

    if (opts.planOnly) {
      d.status = kind === 'destroy' ? previous : statusAfterPlan(previous, d);
      yield await finish('planned');
      return d;
    }
    await saveDeployment(opts.root, d);
    let approved = false;
    try {
      approved = opts.signal?.aborted ? false : await opts.confirm(summary, { ...d });
    } catch (err) {
      // Could not ask (no terminal...): nothing was changed, the plan stands.
      d.status = kind === 'destroy' ? previous : statusAfterPlan(previous, d);
      await saveDeployment(opts.root, d);
      throw err;
    }
    if (!approved || opts.signal?.aborted) {
      d.status = kind === 'destroy' ? previous : statusAfterPlan(previous, d);
      if (opts.signal?.aborted) {
        yield await finish('interrupted', [m('interrupted')]);
      } else {
        yield await finish('declined');
      }
      return d;
    }

    yield await setStatus(kind === 'destroy' ? 'destroying' : 'applying');
    const applyRec = startRecord(d, kind);
    await saveDeployment(opts.root, d);
    yield { type: 'phase', phase: kind, id: d.id };
    const apply = yield* phase(d, kind, ['apply', '-json', '-input=false', '-auto-approve', planFile.path], opts, log);
    const summaryEvent = apply.events.find((e): e is Extract<TfEvent, { type: 'change_summary' }> => e.type === 'change_summary');
    yield { type: 'phase', phase: 'outputs', id: d.id };
    await refreshFacts(d, opts.terraform, files.workdir, log);
    if (apply.exitCode === 0) {
      finishRecord(applyRec, 'succeeded', { exit_code: 0, changes: summaryEvent?.changes });
      d.status = kind === 'destroy' ? 'destroyed' : 'applied';
      if (kind === 'destroy') d.outputs = {};
      yield await finish(kind === 'destroy' ? 'destroyed' : 'applied');
    } else {
      const result = apply.interrupted ? 'interrupted' : 'failed';
      finishRecord(applyRec, result, { exit_code: apply.exitCode, errors: apply.errors, changes: summaryEvent?.changes });
      d.status = result;
      yield await finish(result, apply.errors);
    }
    return d;
  } catch (err) {
    // Anything unexpected (spawn failure, disk full): record it rather than leave "planning" behind.
    const running = d.operations.filter((o) => o.result === 'running');
    for (const rec of running) finishRecord(rec, 'failed', { errors: [String((err as Error).message)] });
    if (RUNNING_STATUSES.includes(d.status)) d.status = 'failed';
    throw err;
  } finally {
    // A saved plan holds every variable value in clear: never leave one behind when secrets were used.
    if (Object.keys(opts.secrets).length > 0 || !opts.planOnly) await planFile.remove();
    if (existsSync(files.dir)) await saveDeployment(opts.root, d).catch(() => {});
    await release();
  }
}
