/**
 * A stack's phases as one stream of typed events: infra (the deployment's plan, confirm, apply,
 * through deployments/operations) -> wait_ssh (bounded backoff until the host answers SSH) -> app
 * (the installation, through apps/operations, on the target built from the outputs) -> health.
 * Each phase's status is written to stack.json as it changes, so a failure or Ctrl+C leaves a
 * record saying what exists; running it again continues from the first phase not done.
 */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { targetLabel } from '../ansible/inventory.js';
import { probeTarget } from '../ansible/probe.js';
import type { AnsibleSettings } from '../ansible/runner.js';
import { healthUrl, probeUntil } from '../apps/health.js';
import { installApp, outputValues, runOperation as runAppOperation, type AppEvent } from '../apps/operations.js';
import { installationFiles, loadInstallation } from '../apps/store.js';
import type { AppInfo, Installation } from '../apps/types.js';
import { OperationLog } from '../deployments/oplog.js';
import { runOperation as runDeployOperation, type DeployEvent } from '../deployments/operations.js';
import { targetFromOutputs } from '../deployments/connection.js';
import { createDeployment, loadDeployment } from '../deployments/store.js';
import type { Deployment, PlanSummary } from '../deployments/types.js';
import { maskParams, splitSensitive } from '../terraform/params.js';
import type { TerraformSettings } from '../terraform/runner.js';
import type { ParamValue, TemplateInfo } from '../terraform/types.js';
import { saveStack, stackFiles } from './store.js';
import type { PhaseStatus, StackPhase, StackRecord } from './types.js';

export type StackResult = 'deployed' | 'planned' | 'declined' | 'failed' | 'interrupted' | 'destroyed';

export type StackEvent =
  | { type: 'stack'; stack: string; status: StackRecord['status'] }
  | { type: 'phase'; stack: string; phase: StackPhase | 'destroy_app' | 'destroy_infra'; status: PhaseStatus; error?: string }
  | { type: 'infra'; stack: string; event: DeployEvent }
  | { type: 'wait_ssh'; stack: string; target: string; attempt: number; ok: boolean; error?: string; next_in_seconds?: number; waited_seconds: number }
  | { type: 'app'; stack: string; event: AppEvent }
  | { type: 'done'; stack: string; result: StackResult; record: StackRecord; errors: string[] };

export interface StackContext {
  env: NodeJS.ProcessEnv;
  deploymentsRoot: string;
  appsRoot: string;
  stacksRoot: string;
  terraform: TerraformSettings;
  /** Needed from the app phase on (a plan-only run never gets there). */
  ansible?: AnsibleSettings;
  signal: AbortSignal;
  /** Asked once, with the infrastructure's plan; yes covers the app installation too. */
  confirm: (plan: PlanSummary, deployment: Deployment) => Promise<boolean>;
  /** How long the host may take to answer SSH (s). */
  sshWaitSeconds?: number;
  /** How long the first health check may wait for the app (ms). */
  healthDeadlineMs?: number;
}

export interface StackInputs {
  template: TemplateInfo;
  app: AppInfo;
  /** Every infrastructure value, secrets included (never written: secrets go as TF_VAR_). */
  infraValues: Record<string, ParamValue>;
  /** Every app value, secrets included (never written: secrets go through a 0600 vars file). */
  appValues: Record<string, ParamValue>;
  planOnly?: boolean;
}

const m = defineMessages({
  en: {
    sshGaveUp: '{target} did not answer SSH within {seconds} s: {error}',
    unhealthy: 'the app does not answer its health check: {url}: {error}',
    interrupted: 'interrupted',
    uninstallFailed: 'uninstall failed: {error}',
  },
  fr: {
    sshGaveUp: "{target} n'a pas répondu en SSH en {seconds} s : {error}",
    unhealthy: "l'application ne répond pas à sa vérification de santé : {url} : {error}",
    interrupted: 'interrompu',
    uninstallFailed: 'désinstallation en échec : {error}',
  },
});

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/** Delays between SSH attempts: 1, 2, 4, 8, then 10 s. */
export function backoffSeconds(attempt: number): number {
  return Math.min(10, 2 ** Math.max(0, attempt - 1));
}

/** Runs (or resumes) a stack's phases from the first one not done. */
export async function* runStack(rec: StackRecord, inputs: StackInputs, ctx: StackContext): AsyncGenerator<StackEvent, StackRecord> {
  const root = ctx.stacksRoot;
  const log = new OperationLog(stackFiles(root, rec.id).log, [...secretValues(inputs.template.parameters, inputs.infraValues), ...secretValues(inputs.app.parameters, inputs.appValues)]);
  const errors: string[] = [];
  const setPhase = async (phase: StackPhase, status: PhaseStatus, error?: string): Promise<StackEvent> => {
    const now = new Date().toISOString();
    const prev = rec.phases[phase];
    rec.phases[phase] = status === 'running' ? { status, started: now } : { ...prev, status, finished: now, ...(error ? { error } : {}) };
    if (status === 'done' || status === 'skipped') delete rec.phases[phase].error;
    await saveStack(root, rec);
    log.write(phase, `${status}${error ? `: ${error}` : ''}`);
    return { type: 'phase', stack: rec.id, phase, status, ...(error ? { error } : {}) };
  };
  const finish = async (result: StackResult): Promise<StackEvent> => {
    rec.status = result === 'deployed' ? 'deployed' : result === 'planned' ? 'planned' : result === 'declined' ? 'declined' : result === 'interrupted' ? 'interrupted' : 'failed';
    delete rec.pid;
    await saveStack(root, rec);
    log.write('stack', `result: ${result}${errors.length ? ` - ${errors.join(' | ')}` : ''}`);
    return { type: 'done', stack: rec.id, result, record: { ...rec }, errors };
  };
  const stop = async function* (phase: StackPhase, interrupted: boolean, error: string) {
    errors.push(error);
    yield await setPhase(phase, interrupted ? 'interrupted' : 'failed', error);
    yield await finish(interrupted ? 'interrupted' : 'failed');
  };

  rec.status = 'creating';
  rec.pid = process.pid;
  await saveStack(root, rec);
  yield { type: 'stack', stack: rec.id, status: rec.status };
  let current: StackPhase = 'infra';
  try {
    // infra: a new deployment, or the same one planned and applied again (its state is kept).
    let d: Deployment;
    if (rec.phases.infra.status !== 'done') {
      yield await setPhase('infra', 'running');
      const { plain, secret } = splitSensitive(inputs.template.parameters, inputs.infraValues);
      if (rec.deployment_id) d = await loadDeployment(ctx.deploymentsRoot, rec.deployment_id);
      else {
        d = await createDeployment(ctx.deploymentsRoot, inputs.template, plain, maskParams(inputs.template.parameters, inputs.infraValues), Object.keys(secret));
        rec.deployment_id = d.id;
        rec.outputs.deployment_id = d.id;
        await saveStack(root, rec);
      }
      let done: Extract<DeployEvent, { type: 'done' }> | undefined;
      for await (const ev of runDeployOperation(d, 'apply', { root: ctx.deploymentsRoot, terraform: ctx.terraform, secrets: secret, signal: ctx.signal, confirm: ctx.confirm, planOnly: inputs.planOnly })) {
        if (ev.type === 'done') done = ev;
        yield { type: 'infra', stack: rec.id, event: ev };
      }
      if (!done || done.result === 'failed' || done.result === 'interrupted') {
        yield* stop('infra', done?.result === 'interrupted', done?.errors[0] ?? 'terraform failed');
        return rec;
      }
      if (done.result === 'planned' || done.result === 'declined') {
        yield await setPhase('infra', 'pending');
        yield await finish(done.result);
        return rec;
      }
      d = done.deployment;
      yield await setPhase('infra', 'done');
    } else {
      d = await loadDeployment(ctx.deploymentsRoot, rec.deployment_id!);
    }

    // wait_ssh: the host may still be booting; ssh's own error is kept for the record.
    current = 'wait_ssh';
    const target = targetFromOutputs(rec.connection, d.outputs, { deploymentId: d.id, infraParams: { ...d.params, ...rec.infra_params }, key: rec.ssh_key, env: ctx.env });
    const label = targetLabel(target);
    rec.outputs.host = target.host;
    if (rec.phases.wait_ssh.status !== 'done' || rec.phases.app.status !== 'done') {
      yield await setPhase('wait_ssh', 'running');
      const limit = (ctx.sshWaitSeconds ?? 300) * 1000;
      const t0 = Date.now();
      const knownHosts = installationFiles(ctx.appsRoot, 'x').knownHosts;
      for (let attempt = 1; ; attempt++) {
        let error: string | undefined;
        try {
          await probeTarget(target, knownHosts, ctx.env, 5, ctx.signal);
        } catch (err) {
          error = err instanceof CloudyaError ? err.message : String(err);
        }
        if (ctx.signal.aborted) {
          yield* stop('wait_ssh', true, m('interrupted'));
          return rec;
        }
        const waited = Math.round((Date.now() - t0) / 1000);
        if (!error) {
          yield { type: 'wait_ssh', stack: rec.id, target: label, attempt, ok: true, waited_seconds: waited };
          break;
        }
        const next = backoffSeconds(attempt);
        if (Date.now() - t0 + next * 1000 > limit) {
          yield { type: 'wait_ssh', stack: rec.id, target: label, attempt, ok: false, error, waited_seconds: waited };
          yield* stop('wait_ssh', false, m('sshGaveUp', { target: label, seconds: Math.round(limit / 1000), error }));
          return rec;
        }
        yield { type: 'wait_ssh', stack: rec.id, target: label, attempt, ok: false, error, next_in_seconds: next, waited_seconds: waited };
        await sleep(next * 1000, ctx.signal);
      }
      yield await setPhase('wait_ssh', 'done');
    }

    // app: a new installation, or the failed one run again (the playbook is idempotent).
    current = 'app';
    let inst: Installation | undefined = rec.installation_id ? await loadInstallation(ctx.appsRoot, rec.installation_id) : undefined;
    const appSecrets = splitSensitive(inputs.app.parameters, inputs.appValues).secret;
    const appCtx = { root: ctx.appsRoot, ansible: ctx.ansible!, secrets: appSecrets, signal: ctx.signal, healthDeadlineMs: ctx.healthDeadlineMs };
    let freshHealth = false;
    if (rec.phases.app.status !== 'done') {
      yield await setPhase('app', 'running');
      let done: Extract<AppEvent, { type: 'done' }> | undefined;
      const stream = inst
        ? runAppOperation(inst, inputs.app, 'install', appCtx)
        : installApp({ app: inputs.app, platform: rec.platform, target, targetLabel: label, values: inputs.appValues, masked: maskParams(inputs.app.parameters, inputs.appValues), confirm: async () => true }, appCtx);
      for await (const ev of stream) {
        if (ev.type === 'created') {
          rec.installation_id = ev.id;
          rec.outputs.installation_id = ev.id;
          await saveStack(root, rec);
        }
        if (ev.type === 'done') done = ev;
        yield { type: 'app', stack: rec.id, event: ev };
      }
      inst = done?.installation ?? inst;
      if (!done || done.result !== 'installed' || !inst) {
        yield* stop('app', done?.result === 'interrupted' || ctx.signal.aborted, done?.errors[0] ?? m('interrupted'));
        return rec;
      }
      freshHealth = true;
      yield await setPhase('app', 'done');
    }
    if (inst?.outputs.url) rec.outputs.url = inst.outputs.url;

    // health: the installation's own check when it just ran, else a new one.
    current = 'health';
    if (!inputs.app.health || !inst) {
      yield await setPhase('health', 'skipped');
    } else {
      yield await setPhase('health', 'running');
      let health = freshHealth ? inst.health : undefined;
      if (!health) {
        const { readFile } = await import('node:fs/promises');
        const plain = JSON.parse(await readFile(installationFiles(ctx.appsRoot, inst.id).vars, 'utf8')) as Record<string, unknown>;
        health = await probeUntil(inputs.app.health, healthUrl(inputs.app.health, outputValues(inst.target_spec, plain)), ctx.healthDeadlineMs ?? 30_000, ctx.signal);
      }
      rec.outputs.health = health;
      if (!health?.ok) {
        yield* stop('health', ctx.signal.aborted, m('unhealthy', { url: health?.url ?? '?', error: health?.error ?? '?' }));
        return rec;
      }
      yield await setPhase('health', 'done');
    }
    yield await finish('deployed');
    return rec;
  } catch (err) {
    // Anything unexpected (no host in the outputs, disk full): the phase says it, never "running".
    const msg = err instanceof Error ? err.message : String(err);
    const phase = (Object.keys(rec.phases) as StackPhase[]).find((p) => rec.phases[p].status === 'running') ?? current;
    yield* stop(phase, ctx.signal.aborted, msg);
    return rec;
  } finally {
    if (rec.pid === process.pid) {
      delete rec.pid;
      if (rec.status === 'creating') rec.status = ctx.signal.aborted ? 'interrupted' : 'failed';
      for (const p of Object.keys(rec.phases) as StackPhase[]) if (rec.phases[p].status === 'running') rec.phases[p].status = ctx.signal.aborted ? 'interrupted' : 'failed';
      await saveStack(root, rec).catch(() => {});
    }
  }
}

function secretValues(params: { name: string; sensitive: boolean }[], values: Record<string, ParamValue>): string[] {
  return params.filter((p) => p.sensitive && values[p.name] !== undefined && values[p.name] !== '').map((p) => String(values[p.name]));
}

export interface DestroyContext {
  appsRoot: string;
  stacksRoot: string;
  ansible?: AnsibleSettings;
  signal: AbortSignal;
  /** The deployment's destroy (deployments/facade.ts: sensitive values from TF_VAR_*). */
  destroyInfra: (id: string, signal: AbortSignal) => AsyncGenerator<DeployEvent, unknown>;
  /** The app, when it is to be uninstalled first. */
  app?: AppInfo;
}

/** Uninstalls the app (when the host outlives the deployment), then destroys the infrastructure. */
export async function* destroyStack(rec: StackRecord, ctx: DestroyContext): AsyncGenerator<StackEvent, StackRecord> {
  const root = ctx.stacksRoot;
  const log = new OperationLog(stackFiles(root, rec.id).log);
  const errors: string[] = [];
  rec.status = 'destroying';
  rec.pid = process.pid;
  rec.destroy = { app: rec.destroy?.app === 'done' ? 'done' : 'pending', infra: 'pending', started: new Date().toISOString() };
  await saveStack(root, rec);
  yield { type: 'stack', stack: rec.id, status: rec.status };
  const set = async (part: 'app' | 'infra', status: PhaseStatus, error?: string): Promise<StackEvent> => {
    rec.destroy![part] = status;
    if (error) rec.destroy!.error = error;
    await saveStack(root, rec);
    log.write(`destroy_${part}`, `${status}${error ? `: ${error}` : ''}`);
    return { type: 'phase', stack: rec.id, phase: part === 'app' ? 'destroy_app' : 'destroy_infra', status, ...(error ? { error } : {}) };
  };
  const end = async (result: StackResult): Promise<StackEvent> => {
    rec.status = result === 'destroyed' ? 'destroyed' : result === 'interrupted' ? 'interrupted' : 'failed';
    rec.destroy!.finished = new Date().toISOString();
    delete rec.pid;
    await saveStack(root, rec);
    log.write('destroy', `result: ${result}${errors.length ? ` - ${errors.join(' | ')}` : ''}`);
    return { type: 'done', stack: rec.id, result, record: { ...rec }, errors };
  };
  try {
    if (rec.destroy.app !== 'done') {
      const inst = rec.installation_id ? await loadInstallation(ctx.appsRoot, rec.installation_id).catch(() => undefined) : undefined;
      if (!rec.uninstall_on_destroy || !inst || inst.status === 'uninstalled' || !ctx.app?.hasUninstall) {
        yield await set('app', 'skipped');
      } else {
        yield await set('app', 'running');
        let done: Extract<AppEvent, { type: 'done' }> | undefined;
        for await (const ev of runAppOperation(inst, ctx.app, 'uninstall', { root: ctx.appsRoot, ansible: ctx.ansible!, secrets: {}, signal: ctx.signal })) {
          if (ev.type === 'done') done = ev;
          yield { type: 'app', stack: rec.id, event: ev };
        }
        if (done?.result !== 'uninstalled') {
          const interrupted = done?.result === 'interrupted' || ctx.signal.aborted;
          errors.push(m('uninstallFailed', { error: done?.errors[0] ?? m('interrupted') }));
          yield await set('app', interrupted ? 'interrupted' : 'failed', errors[0]);
          yield await end(interrupted ? 'interrupted' : 'failed');
          return rec;
        }
        yield await set('app', 'done');
      }
    }
    if (!rec.deployment_id) {
      yield await set('infra', 'skipped');
    } else {
      yield await set('infra', 'running');
      let done: Extract<DeployEvent, { type: 'done' }> | undefined;
      for await (const ev of ctx.destroyInfra(rec.deployment_id, ctx.signal)) {
        if (ev.type === 'done') done = ev;
        yield { type: 'infra', stack: rec.id, event: ev };
      }
      if (done?.result !== 'destroyed') {
        const interrupted = done?.result === 'interrupted' || ctx.signal.aborted;
        errors.push(done?.errors[0] ?? m('interrupted'));
        yield await set('infra', interrupted ? 'interrupted' : 'failed', errors[0]);
        yield await end(interrupted ? 'interrupted' : 'failed');
        return rec;
      }
      yield await set('infra', 'done');
    }
    yield await end('destroyed');
    return rec;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    errors.push(msg);
    const part = rec.destroy.app === 'running' ? 'app' : 'infra';
    yield await set(part, ctx.signal.aborted ? 'interrupted' : 'failed', msg);
    yield await end(ctx.signal.aborted ? 'interrupted' : 'failed');
    return rec;
  } finally {
    if (rec.pid === process.pid) {
      delete rec.pid;
      if (rec.status === 'destroying') rec.status = ctx.signal.aborted ? 'interrupted' : 'failed';
      await saveStack(root, rec).catch(() => {});
    }
  }
}
