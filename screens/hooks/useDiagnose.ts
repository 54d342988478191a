/**
 * Owns the Diagnose screen's work: runs a diagnosis (streaming per-check progress), keeps the report,
 * and asks the assistant to explain one finding with its evidence as context. Both can be cancelled
 * (Ctrl+C through the shell). Tests inject a fake runner and engine through ShellServices.diagnose.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { defineMessages, getLang } from '../../src/core/i18n.js';
import type { Engine } from '../../src/services/ai/types.js';
import type { CheckInfo, DiagnoseEvent, DiagnosisReport } from '../../src/services/diagnose/events.js';
import type { Finding, TargetKind } from '../../src/services/diagnose/types.js';
import type { ShellServices } from '../types.js';

const m = defineMessages({
  en: {
    noDeploymentChecks: 'no deployment check is installed in this version of Cloudya',
    noDeploymentChecksHint: 'Deployment diagnosis arrives with deployments; meanwhile, diagnose this system',
    unknownDeployment: 'unknown deployment "{id}"',
    unknownDeploymentHint: 'List deployments with: cloudya deploy list-deployments',
  },
  fr: {
    noDeploymentChecks: "aucune vérification de déploiement n'est installée dans cette version de Cloudya",
    noDeploymentChecksHint: 'Le diagnostic des déploiements arrive avec les déploiements ; en attendant, diagnostiquez ce système',
    unknownDeployment: 'déploiement inconnu « {id} »',
    unknownDeploymentHint: 'Listez les déploiements avec : cloudya deploy list-deployments',
  },
});

export interface DiagnoseTarget {
  kind: TargetKind;
  target?: string;
}

/** ShellServices.diagnose: what `cloudya` passes to the screen, and what tests inject. */
export interface DiagnoseServices {
  /** Runs a diagnosis (default: the real engine with the user's configuration). */
  run?(request: DiagnoseTarget & { signal: AbortSignal }): AsyncIterable<DiagnoseEvent>;
  /** The assistant used by "explain" (default: createEngine(config) from src/services/ai). */
  createEngine?(): Engine | Promise<Engine>;
  /** Start right away on this target (e.g. `cloudya diagnose` opening the screen). */
  initialTarget?: DiagnoseTarget;
}

export interface CheckProgress extends CheckInfo {
  status: 'running' | 'done';
  findings: Finding[];
  durationMs?: number;
}

export interface Explanation {
  finding: Finding;
  status: 'running' | 'done' | 'error';
  text: string;
  commands: string[];
  error?: string;
}

export interface DiagnoseState {
  phase: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
  target?: DiagnoseTarget;
  checks: CheckProgress[];
  report?: DiagnosisReport;
  error?: string;
  /** What to do about the error (e.g. the did-you-mean of an unknown deployment id). */
  hint?: string;
  explanation?: Explanation;
}

async function defaultRun(env: NodeJS.ProcessEnv, request: DiagnoseTarget & { signal: AbortSignal }): Promise<AsyncIterable<DiagnoseEvent>> {
  const [{ loadConfig }, { runDiagnosis }] = await Promise.all([import('../../src/core/config.js'), import('../../src/services/diagnose/engine.js')]);
  return runDiagnosis({ ...request, config: loadConfig({ env }), env });
}

async function defaultEngine(env: NodeJS.ProcessEnv): Promise<Engine> {
  const { loadConfig } = await import('../../src/core/config.js');
  // The assistant ships separately; a build without it must still diagnose.
  const ai = (await import('../../src/services/ai/index.js')) as { createEngine(config: unknown): Engine };
  return ai.createEngine(loadConfig({ env }));
}

/** A target that cannot be diagnosed, with the message and hint the CLI prints for it. */
export interface TargetProblem {
  error: string;
  hint?: string;
}

/**
 * Checks a target as `cloudya diagnose deployment ID` does before running anything: deployment checks
 * must exist and the id must name a deployment of the store (a unique prefix resolves to the full id,
 * an unknown id fails with the store's did-you-mean). Other targets pass through.
 */
export async function resolveTarget(target: DiagnoseTarget, env: NodeJS.ProcessEnv): Promise<DiagnoseTarget | TargetProblem> {
  if (target.kind !== 'deployment' || !target.target) return target;
  const id = target.target;
  try {
    const [{ checkIds }, { resolveDeploymentId }] = await Promise.all([import('../../src/services/diagnose/engine.js'), import('../../src/services/diagnose/deployment-target.js')]);
    if (!(await checkIds('deployment')).length) return { error: m('noDeploymentChecks'), hint: m('noDeploymentChecksHint') };
    return { kind: 'deployment', target: await resolveDeploymentId(id, env, m('unknownDeployment', { id }), m('unknownDeploymentHint')) };
  } catch (err) {
    return { error: (err as Error).message, hint: (err as { hint?: string }).hint };
  }
}

/** The context the assistant receives: the finding with its evidence, and the target it was found on. */
export function explainContext(finding: Finding, target?: DiagnoseTarget): string {
  return [
    `Diagnosis target: ${target ? (target.target ? `${target.kind} ${target.target}` : target.kind) : 'system'}`,
    `Check: ${finding.check}`,
    `Severity: ${finding.severity}`,
    `Finding: ${finding.title}`,
    `Evidence:\n${finding.evidence}`,
    finding.fix ? `Suggested fix:\n${finding.fix}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function useDiagnose(services: ShellServices) {
  const options = (services.diagnose ?? {}) as DiagnoseServices;
  const env = services.env ?? process.env;
  const [state, setState] = useState<DiagnoseState>({ phase: 'idle', checks: [] });
  const runAbort = useRef<AbortController | undefined>(undefined);
  const explainAbort = useRef<AbortController | undefined>(undefined);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      runAbort.current?.abort();
      explainAbort.current?.abort();
    };
  }, []);

  const update = useCallback((fn: (s: DiagnoseState) => DiagnoseState) => {
    if (mounted.current) setState(fn);
  }, []);

  const start = useCallback(
    async (target: DiagnoseTarget) => {
      runAbort.current?.abort();
      explainAbort.current?.abort();
      const controller = new AbortController();
      runAbort.current = controller;
      update(() => ({ phase: 'running', target, checks: [] }));
      try {
        const resolved = await resolveTarget(target, env);
        if (controller.signal.aborted) throw new Error('cancelled');
        if ('error' in resolved) {
          update((s) => ({ ...s, phase: 'error', error: resolved.error, hint: resolved.hint }));
          return;
        }
        update((s) => ({ ...s, target: resolved }));
        const request = { ...resolved, signal: controller.signal };
        const stream = options.run ? options.run(request) : await defaultRun(env, request);
        for await (const e of stream) {
          if (controller.signal.aborted) break;
          if (e.type === 'start') update((s) => ({ ...s, checks: e.checks.map((c) => ({ ...c, status: 'running', findings: [] })) }));
          else if (e.type === 'check-done')
            update((s) => ({ ...s, checks: s.checks.map((c) => (c.id === e.check.id ? { ...c, status: 'done', findings: e.findings, durationMs: e.durationMs } : c)) }));
          else if (e.type === 'done') update((s) => ({ ...s, phase: 'done', report: e.report }));
        }
        if (controller.signal.aborted) update((s) => ({ ...s, phase: 'cancelled' }));
      } catch (err) {
        if (controller.signal.aborted) update((s) => ({ ...s, phase: 'cancelled' }));
        else update((s) => ({ ...s, phase: 'error', error: (err as Error).message }));
      } finally {
        if (runAbort.current === controller) runAbort.current = undefined;
      }
    },
    [options, env, update],
  );

  const explain = useCallback(
    async (finding: Finding, unavailable: string) => {
      explainAbort.current?.abort();
      const controller = new AbortController();
      explainAbort.current = controller;
      update((s) => ({ ...s, explanation: { finding, status: 'running', text: '', commands: [] } }));
      const fail = (message: string) => update((s) => (s.explanation?.finding === finding ? { ...s, explanation: { ...s.explanation, status: 'error', error: message } } : s));
      let engine: Engine;
      try {
        engine = options.createEngine ? await options.createEngine() : await defaultEngine(env);
      } catch (err) {
        fail(`${unavailable} (${(err as Error).message.split('\n')[0]})`);
        return;
      }
      try {
        // The title goes along as the subject: the offline engine searches it alone, its values (process names, paths, numbers) not held against the match.
        const question =
          getLang() === 'fr'
            ? `Explique ce constat de diagnostic, sa cause probable et comment le corriger : ${finding.title}`
            : `Explain this diagnosis finding, its likely cause and how to fix it: ${finding.title}`;
        for await (const e of engine.ask({ messages: [{ role: 'user', content: question }], context: explainContext(finding, state.target), subject: finding.title, lang: getLang(), signal: controller.signal })) {
          if (controller.signal.aborted) break;
          if (e.type === 'token') update((s) => (s.explanation?.finding === finding ? { ...s, explanation: { ...s.explanation, text: s.explanation.text + e.text } } : s));
          else if (e.type === 'done')
            update((s) => (s.explanation?.finding === finding ? { ...s, explanation: { ...s.explanation, status: 'done', text: e.answer.explanation, commands: e.answer.commands.map((c) => c.command) } } : s));
          else if (e.type === 'error') fail(e.error.message);
        }
      } catch (err) {
        if (!controller.signal.aborted) fail((err as Error).message);
      } finally {
        if (explainAbort.current === controller) explainAbort.current = undefined;
      }
    },
    [options, env, update, state.target],
  );

  /** Ctrl+C: stops the explanation first, then a running diagnosis; false when nothing ran. */
  const cancel = useCallback((): boolean => {
    if (explainAbort.current) {
      explainAbort.current.abort();
      explainAbort.current = undefined;
      update((s) => (s.explanation?.status === 'running' ? { ...s, explanation: { ...s.explanation, status: 'error', error: 'cancelled' } } : s));
      return true;
    }
    if (runAbort.current) {
      runAbort.current.abort();
      runAbort.current = undefined;
      update((s) => ({ ...s, phase: 'cancelled' }));
      return true;
    }
    return false;
  }, [update]);

  const closeExplanation = useCallback(() => {
    explainAbort.current?.abort();
    update((s) => ({ ...s, explanation: undefined }));
  }, [update]);

  /** The target to run, or why it cannot be (for the screen to say so where the target was typed). */
  const check = useCallback((target: DiagnoseTarget) => resolveTarget(target, env), [env]);

  return { state, start, check, explain, cancel, closeExplanation, initialTarget: options.initialTarget };
}
