/**
 * The diagnosis engine: picks the checks that apply to a target, runs them concurrently with a
 * per-check deadline, and streams progress. A check that throws or hangs never takes the run down:
 * it becomes a "skipped" (error) or "warning" (timeout) finding that says so.
 */
import type { Config } from '../../core/config.js';
import { loadChecks } from './discover.js';
import type { CheckInfo, DiagnoseEvent, DiagnosisReport } from './events.js';
import { finding, severityRank, skipped, t } from './finding.js';
import type { Check, CheckContext, DiagnoseOptions, Finding, TargetKind } from './types.js';

export interface DiagnoseRequest {
  kind: TargetKind;
  target?: string;
  config: Config;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Only these check ids (already validated by the caller). */
  only?: readonly string[];
  options?: DiagnoseOptions;
  /** Per-check deadline; default diagnose.timeout_seconds. */
  timeoutMs?: number;
  /** Checks to run instead of the discovered ones (tests). */
  checks?: readonly Check[];
  /** How many checks run at once (default 8: some sample /proc over a second, others spawn tools). */
  concurrency?: number;
}

function contextOf(req: DiagnoseRequest, signal: AbortSignal, timeoutMs?: number): CheckContext {
  return { kind: req.kind, target: req.target, config: req.config, env: req.env ?? process.env, signal, options: req.options, timeoutMs };
}

/** The checks that apply to a target (after --only), with the ones whose applies() failed. */
export async function selectChecks(req: DiagnoseRequest): Promise<{ checks: Check[]; broken: Finding[] }> {
  const { checks: all, broken: brokenFiles } = req.checks ? { checks: [...req.checks], broken: [] } : await loadChecks(req.kind);
  const ctx = contextOf(req, req.signal ?? new AbortController().signal);
  const broken: Finding[] = brokenFiles.map((b) =>
    skipped(b.file, t(`Check module ${b.file} could not be loaded`, `Le module de vérification ${b.file} n'a pas pu être chargé`), b.reason),
  );
  const picked: Check[] = [];
  for (const check of all) {
    if (req.only && !req.only.includes(check.id)) continue;
    try {
      if (await check.applies(ctx)) picked.push(check);
    } catch (err) {
      broken.push(skipped(check.id, check.title, t(`could not decide whether it applies: ${(err as Error).message}`, `impossible de savoir si elle s'applique : ${(err as Error).message}`)));
    }
  }
  return { checks: picked, broken: req.only ? broken.filter((b) => req.only!.includes(b.check)) : broken };
}

/** Every check id of a kind (for --only validation and completion). */
export async function checkIds(kind: TargetKind): Promise<string[]> {
  return (await loadChecks(kind)).checks.map((c) => c.id);
}

async function runOne(check: Check, req: DiagnoseRequest, timeoutMs: number): Promise<Finding[]> {
  const controller = new AbortController();
  const parent = req.signal;
  const onAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve, reject) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    // Ctrl+C ends the run at once, even if a check ignores its signal.
    controller.signal.addEventListener('abort', () => {
      if (parent?.aborted) reject(parent.reason ?? new Error('aborted'));
    });
  });
  deadline.catch(() => {}); // after the race is decided, a late abort must not surface as unhandled
  try {
    const result = await Promise.race([check.run(contextOf(req, controller.signal, timeoutMs)), deadline]);
    if (result === 'timeout') {
      controller.abort(new Error('timeout'));
      return [
        finding(
          check.id,
          'warning',
          t(`${check.title}: no answer within ${timeoutMs / 1000} s`, `${check.title} : pas de réponse en ${timeoutMs / 1000} s`),
          t(
            `The check was stopped after ${timeoutMs / 1000} s (diagnose.timeout_seconds). A hang here often means a stuck mount, a blocked /proc read or an unresponsive daemon.`,
            `La vérification a été arrêtée après ${timeoutMs / 1000} s (diagnose.timeout_seconds). Un blocage ici signale souvent un montage figé, une lecture /proc bloquée ou un démon qui ne répond plus.`,
          ),
          t(
            `Run it alone with more time: cloudya diagnose ${req.kind}${req.target ? ` ${req.target}` : ''} --only ${check.id} --timeout 60`,
            `Relancez-la seule avec plus de temps : cloudya diagnose ${req.kind}${req.target ? ` ${req.target}` : ''} --only ${check.id} --timeout 60`,
          ),
        ),
      ];
    }
    if (!Array.isArray(result) || result.length === 0) {
      return [skipped(check.id, check.title, t('the check returned no result', "la vérification n'a rendu aucun résultat"))];
    }
    return result.map((f) => ({ ...f, check: f.check || check.id }));
  } catch (err) {
    if (parent?.aborted) throw err;
    return [skipped(check.id, check.title, t(`the check failed: ${(err as Error).message}`, `la vérification a échoué : ${(err as Error).message}`))];
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onAbort);
  }
}

/** Counts findings by severity and derives the overall status. */
export function summarize(req: { kind: TargetKind; target?: string }, findings: Finding[], durationMs: number): DiagnosisReport {
  const counts = { critical: 0, warning: 0, info: 0, ok: 0, skipped: 0 };
  for (const f of findings) counts[f.severity]++;
  const sorted = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.check.localeCompare(b.check));
  const status = counts.critical ? 'critical' : counts.warning ? 'warning' : 'ok';
  return { kind: req.kind, ...(req.target !== undefined ? { target: req.target } : {}), status, findings: sorted, counts, durationMs };
}

/** Runs a diagnosis and streams events: start, check-start/check-done per check, done with the report. */
export async function* runDiagnosis(req: DiagnoseRequest): AsyncGenerator<DiagnoseEvent> {
  const t0 = performance.now();
  const { checks, broken } = await selectChecks(req);
  const timeoutMs = req.timeoutMs ?? Number(req.config.get('diagnose.timeout_seconds')) * 1000;
  const infos: CheckInfo[] = checks.map((c) => ({ id: c.id, title: c.title }));
  yield { type: 'start', checks: infos };

  const queue: DiagnoseEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (e: DiagnoseEvent) => {
    queue.push(e);
    wake?.();
  };
  const all: Finding[] = [...broken];
  let next = 0;
  let running = 0;
  let failure: unknown;
  const limit = Math.max(1, req.concurrency ?? 8);
  const canStart = () => running < limit && next < checks.length && failure === undefined;
  let scheduled = false;
  // One check starts per turn of the event loop: the synchronous part of a start (reading /proc,
  // spawning a tool) never holds back the news of a check that already ended.
  const startMore = () => {
    if (canStart()) {
      const check = checks[next++];
      const info = infos[next - 1];
      running++;
      push({ type: 'check-start', check: info });
      const c0 = performance.now();
      runOne(check, req, timeoutMs).then(
        (findings) => {
          running--;
          all.push(...findings);
          push({ type: 'check-done', check: info, findings, durationMs: Math.round(performance.now() - c0) });
          startMore();
        },
        (err: unknown) => {
          running--;
          failure = err;
          wake?.();
        },
      );
    }
    if (canStart() && !scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        startMore();
      });
    }
  };
  startMore();
  while (running > 0 || queue.length > 0 || canStart()) {
    if (queue.length === 0) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (failure !== undefined) throw failure;
    while (queue.length) yield queue.shift()!;
  }
  if (failure !== undefined) throw failure;
  req.signal?.throwIfAborted();
  yield { type: 'done', report: summarize(req, all, Math.round(performance.now() - t0)) };
}

/** Runs a diagnosis to the end and returns its report (for callers that need no progress). */
export async function diagnose(req: DiagnoseRequest, onEvent?: (e: DiagnoseEvent) => void): Promise<DiagnosisReport> {
  for await (const e of runDiagnosis(req)) {
    onEvent?.(e);
    if (e.type === 'done') return e.report;
  }
  throw new Error('diagnosis ended without a report');
}
