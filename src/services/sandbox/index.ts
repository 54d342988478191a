/**
 * Running a command safely: validate it, refuse a deny, ask for a confirm, run it in a sandbox
 * (bubblewrap, docker/podman; the host only with --no-sandbox and a yes), and audit every step.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InterruptedError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { homeDir, userPaths } from '../../core/paths.js';
import { appendAudit, auditConfirmation, auditValidation } from '../audit/index.js';
import { policyFromConfig, validateCommand } from '../safety/index.js';
import type { ValidationResult } from '../safety/types.js';
import { CREDENTIAL_DIRS, grantsFor } from './grants.js';
import { host } from './host.js';
import { runWithLimits } from './runner.js';
import { selectBackend } from './select.js';
import type { Backend, ExecutionRequest, ExecutionResult, Grants, Limits } from './types.js';

export type { BackendName, ExecutionRequest, ExecutionResult, Grants, KilledBy, Limits } from './types.js';
export { selectBackend } from './select.js';
export { grantsFor } from './grants.js';
export { runWithLimits } from './runner.js';

const m = defineMessages({
  en: {
    confirm: 'Run "{command}"? ({reasons})',
    host: 'Run "{command}" on the host WITHOUT a sandbox (full access to your files, network and credentials)?{reasons}',
    denied: 'refused: {reasons}',
    shared: '{others} would run with the network and the {creds} credentials granted to the cloud CLI in the same command',
  },
  fr: {
    confirm: 'Exécuter « {command} » ? ({reasons})',
    host: "Exécuter « {command} » sur l'hôte SANS bac à sable (accès complet à vos fichiers, au réseau et à vos identifiants) ?{reasons}",
    denied: 'refusé : {reasons}',
    shared: '{others} tournerait avec le réseau et les identifiants {creds} accordés au CLI cloud de la même commande',
  },
});

/** The limits from configuration and the request's overrides. */
export function limitsFrom(req: Pick<ExecutionRequest, 'config' | 'timeoutSeconds' | 'memoryMb'>): Limits {
  const c = req.config;
  return {
    timeoutMs: Math.round((req.timeoutSeconds ?? c.get<number>('sandbox.timeout_seconds')) * 1000),
    memoryBytes: Math.round((req.memoryMb ?? c.get<number>('sandbox.memory_mb')) * 1048576),
    cpuSeconds: c.get<number>('sandbox.cpu_seconds'),
    outputBytes: c.get<number>('sandbox.output_kb') * 1024,
  };
}

/** The writable work dir: the requested one, else the current directory - unless that is /, $HOME or above, a system dir or a credential dir (then a fresh temporary one). */
export function chooseWorkDir(requested: string | undefined, home: string): string {
  const dir = path.resolve(requested ?? process.cwd());
  const inCredentials = Object.values(CREDENTIAL_DIRS).concat(['.ssh', '.gnupg', '.docker', '.cloudya']).some((d) => {
    const c = path.join(home, d);
    return dir === c || dir.startsWith(`${c}/`);
  });
  const risky = inCredentials || dir === '/' || dir === home || home.startsWith(`${dir}/`) || (/^\/(etc|usr|bin|sbin|lib|boot|root|var|proc|sys|dev)(\/|$)/.test(dir) && !dir.startsWith(`${home}/`));
  if (!risky) return dir;
  return mkdtempSync(path.join(os.tmpdir(), 'cloudya-work-'));
}

/** Programs that only filter text: sharing a cloud CLI's grant with them exposes nothing new. */
const FILTERS = new Set(['grep', 'egrep', 'fgrep', 'jq', 'yq', 'head', 'tail', 'sort', 'uniq', 'wc', 'cut', 'tr', 'column', 'awk', 'sed', 'echo', 'printf', 'true', 'false', 'sleep', 'date', 'tee', 'less', 'more', 'cat', 'xargs', 'base64', 'nl', 'fmt', 'paste', 'column', 'rev']);
const CLOUD = new Set(['aws', 'gcloud', 'gsutil', 'bq', 'az', 'kubectl', 'k', 'oc', 'helm']);

/** A confirm reason when a command line mixes a credentialed cloud CLI with other programs. */
function sharedGrant(v: ValidationResult, grants: Grants): ValidationResult['reasons'][number] | undefined {
  if (!grants.credentials.length) return undefined;
  const others = [...new Set(v.commands.map((c) => path.basename(c.argv[0] ?? '')).filter((n) => n && !CLOUD.has(n) && !FILTERS.has(n)))];
  if (!others.length) return undefined;
  return { rule: 'sandbox.shared-grant', verdict: 'confirm', message: m('shared', { others: others.join(', '), creds: grants.credentials.join(', ') }), part: others.join(' ') };
}

function reasonText(v: ValidationResult): string {
  return v.reasons.map((r) => `${r.rule}: ${r.message}`).join('; ');
}

function notRun(v: ValidationResult, why: ExecutionResult['notRunReason'], backend: Backend | null): ExecutionResult {
  return { command: v.command, verdict: v.verdict, executed: false, backend: backend?.name ?? null, exitCode: null, durationMs: 0, stdout: '', stderr: '', reasons: v.reasons, notRunReason: why };
}

/** Validates, confirms when needed, runs sandboxed and audits; never runs a denied command. */
export async function executeCommand(req: ExecutionRequest): Promise<ExecutionResult> {
  const { command, source, env } = req;
  const home = homeDir(env);
  const validation = await validateCommand(command, { policy: policyFromConfig(req.config, req.unsafeAllow), home });
  auditValidation(validation, source, env);
  if (validation.verdict === 'deny') {
    appendAudit({ source, event: 'execution', command, verdict: 'deny', reasons: validation.reasons, executed: false, error: 'denied' }, env);
    return notRun(validation, 'denied', null);
  }
  let backend: Backend;
  try {
    backend = req.noSandbox ? host : await selectBackend(req.config.get<string>('sandbox.backend'));
  } catch (err) {
    appendAudit({ source, event: 'execution', command, verdict: validation.verdict, executed: false, error: (err as Error).message }, env);
    throw err;
  }
  // Grants are per sandbox: other programs in the same line would share a cloud CLI's credentials and network.
  const sharing = sharedGrant(validation, grantsFor(validation.commands.map((c) => c.argv), req.grants));
  if (sharing && validation.verdict === 'allow') {
    validation.verdict = 'confirm';
    validation.reasons = [sharing];
  } else if (sharing && validation.verdict === 'confirm') validation.reasons = [...validation.reasons, sharing];
  const needsYes = validation.verdict === 'confirm' || backend.name === 'host';
  if (needsYes) {
    const message = backend.name === 'host'
      ? m('host', { command, reasons: validation.verdict === 'confirm' ? ` (${reasonText(validation)})` : '' })
      : m('confirm', { command, reasons: reasonText(validation) });
    let answer: boolean;
    try {
      answer = await req.confirm({ message });
    } catch (err) {
      // No terminal to ask on, or interrupted: recorded as not run, then reported by the caller.
      appendAudit({ source, event: 'execution', command, verdict: validation.verdict, executed: false, backend: backend.name, error: `confirmation failed: ${(err as Error).message}` }, env);
      throw err;
    }
    auditConfirmation(command, answer, source, env, { verdict: validation.verdict, reasons: validation.reasons });
    if (!answer) {
      appendAudit({ source, event: 'execution', command, verdict: validation.verdict, executed: false, backend: backend.name, error: 'declined' }, env);
      return notRun(validation, 'declined', backend);
    }
  }
  if (req.signal?.aborted) throw new InterruptedError();
  const grants = grantsFor(validation.commands.map((c) => c.argv), req.grants);
  const workDir = chooseWorkDir(req.workDir, home);
  const paths = userPaths(env);
  const outcome = await runWithLimits(
    backend,
    { command, workDir, home, grants, limits: limitsFrom(req), env, hide: [paths.home], image: req.config.get<string>('sandbox.image') },
    { signal: req.signal, onOutput: req.onOutput, stdin: req.stdin },
  );
  const result: ExecutionResult = {
    command,
    verdict: validation.verdict,
    executed: true,
    backend: backend.name,
    exitCode: outcome.exitCode,
    durationMs: outcome.durationMs,
    ...(outcome.killedBy ? { killedBy: outcome.killedBy } : {}),
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    reasons: validation.reasons,
    grants,
    workDir,
    memoryLimit: outcome.memoryLimit,
    ...(outcome.truncated ? { truncated: true } : {}),
  };
  appendAudit({ source, event: 'execution', command, verdict: validation.verdict, reasons: validation.reasons, executed: true, backend: backend.name, exitCode: outcome.exitCode, durationMs: outcome.durationMs, ...(outcome.killedBy ? { killedBy: outcome.killedBy } : {}) }, env);
  if (outcome.aborted) throw new InterruptedError();
  return result;
}
