/**
 * Running a command safely: validate it, refuse a deny, ask for a confirm, run it in a sandbox
 * (bubblewrap, docker/podman; the host only with --no-sandbox and a yes), and audit every step.
 */
import path from 'node:path';
import { InterruptedError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { homeDir, userPaths } from '../../core/paths.js';
import { appendAudit, auditConfirmation, auditValidation } from '../audit/index.js';
import { policyFromConfig, validateCommand } from '../safety/index.js';
import type { ValidationResult } from '../safety/types.js';
import { isPureFilter } from './filters.js';
import { CREDENTIAL_DIRS, grantsFor } from './grants.js';
import { host } from './host.js';
import { hostViewFor, hostViewNote } from './hostview.js';
import { runWithLimits } from './runner.js';
import { selectBackend } from './select.js';
import type { Backend, ExecutionRequest, ExecutionResult, Grants, Limits } from './types.js';
import { checkWorkDir, planWorkDir, type WorkDirPlan } from './workdir.js';

export type { BackendName, ExecutionRequest, ExecutionResult, Grants, KilledBy, Limits } from './types.js';
export { selectBackend } from './select.js';
export { grantsFor } from './grants.js';
export { runWithLimits } from './runner.js';
export { checkWorkDir, planWorkDir } from './workdir.js';
export { hostViewFor } from './hostview.js';

const m = defineMessages({
  en: {
    confirm: 'Run "{command}"? ({reasons})',
    host: 'Run "{command}" on the host WITHOUT a sandbox (full access to your files, network and credentials)?{reasons}',
    denied: 'refused: {reasons}',
    shared: '{others} would run with the network and the {creds} credentials ({dirs}) granted to {clis} in the same command line',
    readOnly: 'note: {dir} was read-only for this command (judged read-only by the validator); cloudya exec --write lets a command write it',
    needsHost: 'not run: {tool} needs the host, it cannot work in the sandbox (run it yourself, or with cloudya exec --no-sandbox, which asks for confirmation)',
    hostReason: 'runs on the host without a sandbox',
  },
  fr: {
    confirm: 'Exécuter « {command} » ? ({reasons})',
    host: "Exécuter « {command} » sur l'hôte SANS bac à sable (accès complet à vos fichiers, au réseau et à vos identifiants) ?{reasons}",
    denied: 'refusé : {reasons}',
    shared: '{others} tournerait avec le réseau et les identifiants {creds} ({dirs}) accordés à {clis} dans la même ligne de commande',
    readOnly: "remarque : {dir} était en lecture seule pour cette commande (jugée en lecture seule par le validateur) ; cloudya exec --write permet à une commande d'y écrire",
    needsHost: "non exécutée : {tool} a besoin de l'hôte, il ne peut pas fonctionner dans le bac à sable (lancez-la vous-même, ou avec cloudya exec --no-sandbox, qui demande confirmation)",
    hostReason: "s'exécute sur l'hôte sans bac à sable",
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
    maxProcesses: c.get<number>('sandbox.max_processes'),
    fileSizeBytes: c.get<number>('sandbox.max_file_size_mb') * 1048576,
  };
}

const CLOUD = new Set(['aws', 'gcloud', 'gsutil', 'bq', 'az', 'kubectl', 'k', 'oc', 'helm']);

/**
 * A confirm reason when a line gives a cloud CLI's network and credentials to other programs too
 * (one sandbox per line): granted without asking only when every other program is a pure text
 * filter (filters.ts), which can neither read the credential files nor send anything.
 */
function sharedGrant(v: ValidationResult, grants: Grants): ValidationResult['reasons'][number] | undefined {
  if (!grants.credentials.length) return undefined;
  const name = (argv: readonly string[]) => path.basename(argv[0] ?? '');
  const others = [...new Set(v.commands.filter((c) => name(c.argv) && !CLOUD.has(name(c.argv)) && !isPureFilter(c.argv)).map((c) => name(c.argv)))];
  if (!others.length) return undefined;
  const clis = [...new Set(v.commands.map((c) => name(c.argv)).filter((n) => CLOUD.has(n)))];
  const dirs = grants.credentials.map((f) => `~/${CREDENTIAL_DIRS[f]}`).join(', ');
  return { rule: 'sandbox.shared-grant', verdict: 'confirm', message: m('shared', { others: others.join(', '), creds: grants.credentials.join(', '), dirs, clis: clis.join(', ') || 'the cloud CLI' }), part: others.join(' ') };
}

function reasonText(v: ValidationResult): string {
  return v.reasons.map((r) => `${r.rule}: ${r.message}`).join('; ');
}

function notRun(v: ValidationResult, why: ExecutionResult['notRunReason'], backend: Backend | null, notices: string[] = []): ExecutionResult {
  return { command: v.command, verdict: v.verdict, executed: false, backend: backend?.name ?? null, exitCode: null, durationMs: 0, stdout: '', stderr: '', reasons: v.reasons, notRunReason: why, ...(notices.length ? { notices } : {}) };
}

/** Rules of the validator meaning "runs as another user" (sudo, doas, systemd-run): impossible in a sandbox. */
const PRIVILEGE_RULES = new Set(['priv.sudo', 'priv.sudo-info']);

/** The privilege wrapper a line uses (sudo, doas...), if any. */
function privilegeTool(v: ValidationResult): string | undefined {
  const r = v.reasons.find((x) => PRIVILEGE_RULES.has(x.rule));
  return r ? (r.part?.split(/\s+/)[0] ?? 'sudo') : undefined;
}

/** Validates, confirms when needed, runs sandboxed and audits; never runs a denied command. */
export async function executeCommand(req: ExecutionRequest): Promise<ExecutionResult> {
  const { command, source, env } = req;
  const home = homeDir(env);
  // A missing --workdir is a usage error, before anything is validated, asked or run.
  if (req.workDir !== undefined) checkWorkDir(req.workDir);
  const validation = await validateCommand(command, { policy: policyFromConfig(req.config, req.unsafeAllow), home });
  auditValidation(validation, source, env);
  if (validation.verdict === 'deny') {
    appendAudit({ source, event: 'execution', command, verdict: 'deny', reasons: validation.reasons, executed: false, error: 'denied' }, env);
    return notRun(validation, 'denied', null);
  }
  // sudo cannot gain privileges in a sandbox (no setuid, no password prompt): say so instead of failing inside.
  const privileged = req.noSandbox ? undefined : privilegeTool(validation);
  if (privileged) {
    const note = m('needsHost', { tool: privileged });
    appendAudit({ source, event: 'execution', command, verdict: validation.verdict, reasons: validation.reasons, executed: false, error: 'needs the host (sudo)' }, env);
    return notRun(validation, 'needs-host', null, [note]);
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
  const paths = userPaths(env);
  const sandboxed = backend.name !== 'host';
  const plan: WorkDirPlan = sandboxed ? planWorkDir(req.workDir, home, [paths.home]) : { dir: checkWorkDir(req.workDir ?? process.cwd()), access: 'write' };
  // The validator advises, the sandbox contains: a line judged read-only gets a read-only work dir,
  // so a wrong "allow" (sed's e rewriting a file, an output option missed) writes nothing.
  // The user's own safety.allow rule is a standing decision, like a confirmation given in advance.
  const userAllowed = validation.reasons.some((r) => r.rule === 'user.allow');
  const readOnlyByVerdict = sandboxed && plan.access === 'write' && validation.verdict === 'allow' && !userAllowed && !req.writeWorkDir;
  const access = readOnlyByVerdict ? 'read' : plan.access;
  // .git/config and .git/hooks stay read-only unless the confirmed line is git and nothing else.
  const gitWritable = validation.verdict === 'confirm' && validation.commands.length > 0 && validation.commands.every((c) => path.basename(c.argv[0] ?? '') === 'git');
  const hostView = backend.name === 'bubblewrap' ? hostViewFor(validation) : { processes: false, network: false };
  const notices = [plan.note, sandboxed ? hostViewNote(validation, hostView) : undefined].filter((n): n is string => !!n);
  for (const n of notices) req.onNotice?.(n);
  const needsYes = validation.verdict === 'confirm' || backend.name === 'host';
  if (needsYes) {
    const message = backend.name === 'host'
      ? m('host', { command, reasons: validation.verdict === 'confirm' ? ` (${reasonText(validation)})` : '' })
      : m('confirm', { command, reasons: reasonText(validation) });
    const why = [backend.name === 'host' ? m('hostReason') : '', validation.verdict === 'confirm' ? reasonText(validation) : ''].filter(Boolean).join('; ');
    let answer: boolean;
    try {
      answer = await req.confirm({ message, reasons: why });
    } catch (err) {
      // No terminal to ask on, or interrupted: recorded as not run, then reported by the caller.
      appendAudit({ source, event: 'execution', command, verdict: validation.verdict, executed: false, backend: backend.name, error: `confirmation failed: ${(err as Error).message}` }, env);
      throw err;
    }
    auditConfirmation(command, answer, source, env, { verdict: validation.verdict, reasons: validation.reasons });
    if (!answer) {
      appendAudit({ source, event: 'execution', command, verdict: validation.verdict, executed: false, backend: backend.name, error: 'declined' }, env);
      return notRun(validation, 'declined', backend, notices);
    }
  }
  if (req.signal?.aborted) throw new InterruptedError();
  const grants = grantsFor(validation.commands.map((c) => c.argv), req.grants);
  const outcome = await runWithLimits(
    backend,
    { command, workDir: plan.dir, workDirAccess: access, gitWritable, hostView, home, grants, limits: limitsFrom(req), env, hide: [paths.home], image: req.config.get<string>('sandbox.image') },
    { signal: req.signal, onOutput: req.onOutput, stdin: req.stdin },
  );
  if (readOnlyByVerdict && outcome.exitCode !== 0 && /Read-only file system/.test(outcome.stderr)) {
    const note = m('readOnly', { dir: plan.dir });
    notices.push(note);
    req.onNotice?.(note);
  }
  // A run stopped at the time limit exits 124, as timeout(1) does (the raw status is 137, SIGKILL).
  const exitCode = outcome.killedBy === 'timeout' ? 124 : outcome.exitCode;
  const result: ExecutionResult = {
    command,
    verdict: validation.verdict,
    executed: true,
    backend: backend.name,
    exitCode,
    durationMs: outcome.durationMs,
    ...(outcome.killedBy ? { killedBy: outcome.killedBy } : {}),
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    reasons: validation.reasons,
    grants,
    workDir: plan.dir,
    workDirWritable: access === 'write',
    ...(hostView.processes ? { hostView } : {}),
    ...(notices.length ? { notices } : {}),
    memoryLimit: outcome.memoryLimit,
    processLimit: outcome.processLimit,
    ...(outcome.truncated ? { truncated: true } : {}),
  };
  appendAudit({ source, event: 'execution', command, verdict: validation.verdict, reasons: validation.reasons, executed: true, backend: backend.name, exitCode, durationMs: outcome.durationMs, ...(outcome.killedBy ? { killedBy: outcome.killedBy } : {}) }, env);
  if (outcome.aborted) throw new InterruptedError();
  return result;
}
