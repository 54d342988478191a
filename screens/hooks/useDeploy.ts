/**
 * Owns the deployment wizard's state: templates and deployments loaded through the facade
 * (injected by tests as services.deploy), the parameter form with inline validation, the
 * running operation (plan -> confirm -> apply/destroy) with per-resource progress, and the
 * history tab. The confirm callback the service awaits is resolved from the confirm step.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { DeployFacade, DeploymentDocument } from '../../src/services/deployments/facade.js';
import type { DeployEvent, DeployResult } from '../../src/services/deployments/operations.js';
import type { PlanSummary } from '../../src/services/deployments/types.js';
import { coerceParam } from '../../src/services/terraform/params.js';
import type { ParamValue, TemplateInfo, TemplateParam } from '../../src/services/terraform/types.js';
import type { ShellServices } from '../types.js';
import { useSecondTick } from './useSecondTick.js';

export type WizardStep = 'provider' | 'template' | 'params' | 'running' | 'confirm' | 'done';

export interface Field {
  param: TemplateParam;
  text: string;
  error?: string;
}

export interface ResourceProgress {
  address: string;
  action: string;
  state: 'running' | 'done' | 'error';
  started: number;
  elapsed: number;
}

export interface OperationView {
  kind: 'apply' | 'destroy';
  id?: string;
  phase?: string;
  plan?: PlanSummary;
  resources: ResourceProgress[];
  started: number;
  finished?: number;
  result?: DeployResult;
  errors: string[];
  outputs: Record<string, unknown>;
}

export interface DeployState {
  tab: 'new' | 'history';
  step: WizardStep;
  loading: boolean;
  error?: string;
  templates: TemplateInfo[];
  providers: string[];
  /** Connection state by provider (cloudya connect), when the facade knows it. */
  connections?: Record<string, { connected: boolean; where: string | null }>;
  providerIndex: number;
  templateIndex: number;
  template?: TemplateInfo;
  fields: Field[];
  /** fields.length means the "plan" button. */
  fieldIndex: number;
  op?: OperationView;
  history: DeploymentDocument[];
  historyIndex: number;
  opened?: { doc: DeploymentDocument; log: string[] };
}

/** The text a form field starts with: the default, spelled the way the user would type it. */
export function defaultText(p: TemplateParam): string {
  if (p.default === undefined || p.default === null) return '';
  return typeof p.default === 'string' ? p.default : typeof p.default === 'object' ? JSON.stringify(p.default) : String(p.default);
}

/** The inline error of a field's text, or undefined when it is acceptable. */
export function fieldError(p: TemplateParam, text: string, templateId: string): string | undefined {
  if (text === '') return p.required ? 'required' : undefined;
  try {
    coerceParam(p, text, templateId);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^invalid value for "[^"]+": /, '');
  }
}

async function realFacade(env: NodeJS.ProcessEnv): Promise<DeployFacade> {
  const { createDeployFacade } = await import('../../src/services/deployments/facade.js');
  return createDeployFacade(env);
}

/**
 * The wizard's state outlives the screen: the shell unmounts a screen when the user switches
 * tabs, and an apply must neither be cancelled by that nor lose its progress. One session per
 * facade (tests inject their own, so they never share one).
 */
interface Session {
  state: DeployState;
  listeners: Set<() => void>;
  facade?: DeployFacade;
  confirmResolver?: (ok: boolean) => void;
  abort?: AbortController;
  returnTab: 'new' | 'history';
  loading?: Promise<void>;
}

const sessions = new WeakMap<object, Session>();
const DEFAULT_SESSION = {};

function initialState(): DeployState {
  return { tab: 'new', step: 'provider', loading: true, templates: [], providers: [], providerIndex: 0, templateIndex: 0, fields: [], fieldIndex: 0, history: [], historyIndex: 0 };
}

function sessionFor(services: ShellServices): Session {
  const key = services.deploy ?? DEFAULT_SESSION;
  let session = sessions.get(key);
  if (!session) {
    session = { state: initialState(), listeners: new Set(), returnTab: 'new' };
    sessions.set(key, session);
  }
  return session;
}

export function useDeploy(services: ShellServices) {
  const session = sessionFor(services);
  const state = useSyncExternalStore(
    useCallback((listener: () => void) => {
      session.listeners.add(listener);
      return () => session.listeners.delete(listener);
    }, [session]),
    () => session.state,
  );
  const setState = useCallback(
    (update: (s: DeployState) => DeployState) => {
      session.state = update(session.state);
      for (const l of session.listeners) l();
    },
    [session],
  );

  const getFacade = useCallback(async () => {
    if (!session.facade) session.facade = services.deploy ?? (await realFacade(services.env ?? process.env));
    return session.facade;
  }, [services, session]);

  const refreshHistory = useCallback(async () => {
    try {
      const history = await (await getFacade()).listDeployments();
      setState((s) => ({ ...s, history, historyIndex: Math.min(s.historyIndex, Math.max(0, history.length - 1)) }));
    } catch (err) {
      setState((s) => ({ ...s, error: (err as Error).message }));
    }
  }, [getFacade, setState]);

  // Shown next to each provider; a broken credentials.yaml only means no state is shown here.
  const refreshConnections = useCallback(async () => {
    const f = await getFacade();
    await f.connections?.()
      .then((list) => setState((s) => ({ ...s, connections: Object.fromEntries(list.map((c) => [c.provider, { connected: c.connected, where: c.where }])) })))
      .catch(() => undefined);
  }, [getFacade, setState]);

  useEffect(() => {
    if (session.loading) {
      // Back on the screen: the deployment list may have changed meanwhile.
      if (!session.state.loading) void refreshHistory();
      return;
    }
    session.loading = (async () => {
      try {
        const f = await getFacade();
        const [templates, history] = await Promise.all([f.listTemplates(), f.listDeployments()]);
        const providers = [...new Set(templates.map((t) => t.provider))].sort();
        setState((s) => ({ ...s, loading: false, templates, providers, history }));
        void refreshConnections();
      } catch (err) {
        setState((s) => ({ ...s, loading: false, error: (err as Error).message }));
      }
    })();
    // No cleanup: leaving the screen must not stop a running apply (Ctrl+C does).
  }, [getFacade, refreshConnections, refreshHistory, session, setState]);

  const now = useSecondTick(state.step === 'running' || state.step === 'confirm');

  const templatesOf = useCallback((s: DeployState) => s.templates.filter((t) => t.provider === s.providers[s.providerIndex]), []);

  const onEvent = useCallback((ev: DeployEvent) => {
    setState((s) => {
      if (!s.op) return s;
      const op = { ...s.op, id: ev.id };
      switch (ev.type) {
        case 'phase':
          op.phase = ev.phase;
          break;
        case 'plan':
          op.plan = ev.plan;
          break;
        case 'done':
          op.result = ev.result;
          op.errors = ev.errors;
          op.outputs = ev.deployment.outputs;
          op.finished = Date.now();
          break;
        case 'terraform': {
          const e = ev.event;
          if (e.type === 'apply_start') op.resources = [...op.resources.filter((r) => r.address !== e.address), { address: e.address, action: e.action, state: 'running', started: Date.now(), elapsed: 0 }];
          else if (e.type === 'apply_progress' || e.type === 'apply_complete' || e.type === 'apply_errored') {
            op.resources = op.resources.map((r) =>
              r.address === e.address ? { ...r, elapsed: e.elapsed, state: e.type === 'apply_complete' ? 'done' : e.type === 'apply_errored' ? 'error' : 'running' } : r,
            );
          }
          break;
        }
        default:
          break;
      }
      // The result and the "done" step arrive in the same frame, so keys pressed on it are not lost.
      return { ...s, op, step: ev.type === 'done' ? 'done' : s.step };
    });
  }, [setState]);

  const confirm = useCallback(
    (plan: PlanSummary) =>
      new Promise<boolean>((resolve) => {
        const asked = Date.now();
        session.confirmResolver = (ok) => {
          // The time spent reading the plan is not Terraform's: the clock resumes where it stopped.
          setState((s) => (s.op ? { ...s, op: { ...s.op, started: s.op.started + (Date.now() - asked) } } : s));
          resolve(ok);
        };
        setState((s) => ({ ...s, step: 'confirm', op: s.op ? { ...s.op, plan } : s.op }));
      }),
    [session, setState],
  );

  const runStream = useCallback(
    async (kind: 'apply' | 'destroy', make: (f: DeployFacade, signal: AbortSignal) => AsyncGenerator<DeployEvent, unknown>, id?: string) => {
      const controller = new AbortController();
      session.abort = controller;
      // A destroy knows its deployment from the start: a refusal before any event still names it.
      setState((s) => ({ ...s, tab: 'new', step: 'running', op: { kind, id, resources: [], started: Date.now(), errors: [], outputs: {} } }));
      try {
        for await (const ev of make(await getFacade(), controller.signal)) onEvent(ev);
      } catch (err) {
        const hint = (err as { hint?: string }).hint;
        const errors = [(err as Error).message, ...(hint ? [hint] : [])];
        setState((s) => (s.op ? { ...s, op: { ...s.op, result: 'failed', errors, finished: Date.now() } } : s));
      } finally {
        session.abort = undefined;
        session.confirmResolver = undefined;
        // Only a still-running view moves to "done" (the user may already have moved on).
        setState((s) => (s.step === 'running' || s.step === 'confirm' ? { ...s, step: 'done' } : s));
        void refreshHistory();
      }
    },
    [getFacade, onEvent, refreshHistory, session, setState],
  );

  const actions = {
    setTab(tab: 'new' | 'history') {
      setState((s) => ({ ...s, tab, opened: undefined }));
      if (tab === 'history') void refreshHistory();
    },
    move(delta: number) {
      setState((s) => {
        const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));
        if (s.tab === 'history') return { ...s, historyIndex: clamp(s.historyIndex + delta, s.history.length) };
        if (s.step === 'provider') return { ...s, providerIndex: clamp(s.providerIndex + delta, s.providers.length) };
        if (s.step === 'template') return { ...s, templateIndex: clamp(s.templateIndex + delta, templatesOf(s).length) };
        if (s.step === 'params') return { ...s, fieldIndex: clamp(s.fieldIndex + delta, s.fields.length + 1) };
        return s;
      });
    },
    next() {
      setState((s) => {
        if (s.step === 'provider' && s.providers.length) return { ...s, step: 'template', templateIndex: 0 };
        if (s.step === 'template') {
          const t = templatesOf(s)[s.templateIndex];
          if (!t) return s;
          const fields = t.parameters.map((p) => ({ param: p, text: defaultText(p), error: fieldError(p, defaultText(p), t.id) }));
          return { ...s, step: 'params', template: t, fields, fieldIndex: 0 };
        }
        return s;
      });
    },
    back() {
      setState((s) => {
        if (s.opened) return { ...s, opened: undefined };
        if (s.step === 'template') return { ...s, step: 'provider' };
        if (s.step === 'params') return { ...s, step: 'template' };
        return s;
      });
    },
    edit(update: (text: string) => string) {
      setState((s) => {
        if (s.step !== 'params' || s.fieldIndex >= s.fields.length || !s.template) return s;
        const fields = s.fields.slice();
        const f = fields[s.fieldIndex];
        const text = update(f.text);
        fields[s.fieldIndex] = { ...f, text, error: fieldError(f.param, text, s.template.id) };
        return { ...s, fields };
      });
    },
    /** Enter in the form: next field, or start the plan from the last row when every field is valid. */
    submitField() {
      const s = session.state;
      if (s.step !== 'params' || !s.template) return;
      if (s.fieldIndex < s.fields.length) {
        setState((x) => ({ ...x, fieldIndex: x.fieldIndex + 1 }));
        return;
      }
      const firstBad = s.fields.findIndex((f) => f.error);
      if (firstBad >= 0) {
        setState((x) => ({ ...x, fieldIndex: firstBad }));
        return;
      }
      const template = s.template;
      const values: Record<string, ParamValue> = {};
      for (const f of s.fields) if (f.text !== '') values[f.param.name] = coerceParam(f.param, f.text, template.id);
      session.returnTab = 'new';
      void runStream('apply', (f, signal) => f.deploy(template, values, confirm, signal));
    },
    answer(ok: boolean) {
      const r = session.confirmResolver;
      session.confirmResolver = undefined;
      if (r) {
        setState((s) => ({ ...s, step: 'running' }));
        r(ok);
      }
    },
    /** Ctrl+C: cancels the running operation (forwarded to Terraform); true when something was cancelled. */
    cancel(): boolean {
      if (session.confirmResolver) {
        actions.answer(false);
        return true;
      }
      if (session.abort && !session.abort.signal.aborted) {
        session.abort.abort();
        return true;
      }
      return false;
    },
    finish() {
      // A declined or failed new deployment goes back to its form, values kept, to adjust and plan again.
      setState((s) => {
        const backToForm = s.op?.kind === 'apply' && session.returnTab === 'new' && (s.op.result === 'declined' || s.op.result === 'failed') && s.template && s.fields.length > 0;
        return { ...s, step: backToForm ? 'params' : 'provider', fieldIndex: backToForm ? s.fields.length : s.fieldIndex, tab: session.returnTab, op: undefined };
      });
    },
    async open() {
      const s = session.state;
      const doc = s.history[s.historyIndex];
      if (!doc) return;
      let log: string[] = [];
      try {
        log = await (await getFacade()).log(doc.id, 50);
      } catch (err) {
        log = [(err as Error).message];
      }
      setState((s) => ({ ...s, opened: { doc, log } }));
    },
    destroySelected() {
      const s = session.state;
      const doc = s.opened?.doc ?? s.history[s.historyIndex];
      if (!doc || doc.status === 'destroyed') return;
      session.returnTab = 'history';
      void runStream('destroy', (f, signal) => f.destroy(doc.id, confirm, signal), doc.id);
    },
    refresh: refreshHistory,
    /** After the connect form saved a connection. */
    refreshConnections,
  };

  return { state, now, templatesOf: () => templatesOf(state), actions };
}
