/**
 * Owns the Deploy screen's Stacks section: a preconfigured stack (templates/stacks) or an app on
 * a deployment the wizard just applied, its form (both parts' parameters), and the run of
 * stacks/run.ts - the same phases, records and resume as `cloudya stack deploy`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../../src/services/apps/types.js';
import { RunProgress, type ProgressView } from '../../src/services/apps/progress.js';
import type { PlanSummary } from '../../src/services/deployments/types.js';
import type { OpenedStack, StacksFacade, StackValues } from '../../src/services/stacks/facade.js';
import type { StackEvent, StackResult } from '../../src/services/stacks/run.js';
import type { PhaseStatus, StackManifest } from '../../src/services/stacks/types.js';
import type { ShellServices } from '../types.js';
import { editFields, fieldOfError, givenValues, paramField, type FormField } from './formFields.js';
import { answerPending, cancelPending } from './pendingRun.js';
import { useSecondTick } from './useSecondTick.js';

export type StackStep = 'stacks' | 'apps' | 'form' | 'confirm' | 'running' | 'done';

export interface StackRunView {
  id?: string;
  phases: Record<string, PhaseStatus>;
  current?: string;
  plan?: PlanSummary;
  resources: { done: number; started: number };
  ssh?: { attempt: number; waited: number; error?: string };
  app: ProgressView;
  appPhase?: 'probe' | 'playbook' | 'health';
  failures: string[];
  changed: string[];
  started: number;
  finished?: number;
  result?: StackResult;
  errors: string[];
  outputs: Record<string, unknown>;
}

export interface StacksState {
  step: StackStep;
  loading: boolean;
  error?: string;
  stacks: StackManifest[];
  stackIndex: number;
  apps: AppInfo[];
  appIndex: number;
  /** Set when the section installs an app on this deployment (the wizard's "then install an app"). */
  deployment?: string;
  opened?: OpenedStack;
  fields: FormField[];
  fieldIndex: number;
  formProblem?: string;
  checking: boolean;
  run?: StackRunView;
}

async function realFacades(env: NodeJS.ProcessEnv) {
  const [{ createStacksFacade }, { createAppsFacade }] = await Promise.all([import('../../src/services/stacks/facade.js'), import('../../src/services/apps/facade.js')]);
  return { stacks: createStacksFacade(env), apps: createAppsFacade(env) };
}

/** The Stacks section's state and actions; `deployment` starts it on an applied deployment. */
export function useStackRun(services: ShellServices, deployment?: string) {
  const ref = useRef<StacksState>({ step: deployment ? 'apps' : 'stacks', loading: true, stacks: [], stackIndex: 0, apps: [], appIndex: 0, deployment, fields: [], fieldIndex: 0, checking: false });
  const [state, setRendered] = useState(ref.current);
  const setState = useCallback((update: (s: StacksState) => StacksState) => {
    ref.current = update(ref.current);
    setRendered(ref.current);
  }, []);
  const facadeRef = useRef<StacksFacade | undefined>(undefined);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const confirmRef = useRef<((ok: boolean) => void) | undefined>(undefined);
  const progressRef = useRef(new RunProgress());
  const valuesRef = useRef<StackValues | undefined>(undefined);

  const facade = useCallback(async () => {
    if (!facadeRef.current) facadeRef.current = (services.stacks as StacksFacade | undefined) ?? (await realFacades(services.env ?? process.env)).stacks;
    return facadeRef.current;
  }, [services]);

  useEffect(() => {
    void (async () => {
      try {
        const f = await facade();
        const apps = (services.apps as { listApps(): Promise<AppInfo[]> } | undefined) ?? (await realFacades(services.env ?? process.env)).apps;
        const [stacks, appList] = await Promise.all([f.listStacks(), apps.listApps()]);
        setState((s) => ({ ...s, loading: false, stacks, apps: appList }));
      } catch (err) {
        setState((s) => ({ ...s, loading: false, error: (err as Error).message }));
      }
    })();
  }, [facade, services, setState]);

  const now = useSecondTick(state.step === 'running' || state.step === 'confirm');

  const onEvent = useCallback(
    (ev: StackEvent) => {
      setState((s) => {
        if (!s.run) return s;
        const run: StackRunView = { ...s.run, id: ev.stack };
        switch (ev.type) {
          case 'phase':
            run.phases = { ...run.phases, [ev.phase]: ev.status };
            if (ev.status === 'running') run.current = ev.phase;
            break;
          case 'infra': {
            const e = ev.event;
            if (e.type === 'plan') run.plan = e.plan;
            else if (e.type === 'terraform' && e.event.type === 'apply_start') run.resources = { ...run.resources, started: run.resources.started + 1 };
            else if (e.type === 'terraform' && e.event.type === 'apply_complete') run.resources = { ...run.resources, done: run.resources.done + 1 };
            break;
          }
          case 'wait_ssh':
            run.ssh = { attempt: ev.attempt, waited: ev.waited_seconds, error: ev.ok ? undefined : ev.error };
            break;
          case 'app': {
            const e = ev.event;
            if (e.type === 'phase') run.appPhase = e.phase;
            if (e.type === 'ansible') {
              progressRef.current.update(e.event);
              run.app = { ...progressRef.current.view };
              const a = e.event;
              if (a.type === 'changed' && !run.changed.includes(a.task)) run.changed = [...run.changed, a.task];
              if ((a.type === 'failed' && !a.ignored) || a.type === 'unreachable') run.failures = [...run.failures, `${a.task} @ ${a.host}: ${a.noLog ? '(no_log)' : (a.msg ?? a.stderr ?? '')}`.trim()];
            }
            break;
          }
          case 'done':
            run.result = ev.result;
            run.errors = ev.errors;
            run.outputs = ev.record.outputs;
            run.finished = Date.now();
            break;
          default:
            break;
        }
        return { ...s, run, step: ev.type === 'done' ? 'done' : s.step };
      });
    },
    [setState],
  );

  const confirm = useCallback(
    (plan: PlanSummary) =>
      new Promise<boolean>((resolve) => {
        const asked = Date.now();
        confirmRef.current = (ok) => {
          setState((x) => (x.run ? { ...x, step: 'running', run: { ...x.run, started: x.run.started + (Date.now() - asked) } } : x));
          resolve(ok);
        };
        setState((x) => ({ ...x, step: 'confirm', run: x.run ? { ...x.run, plan } : x.run }));
      }),
    [setState],
  );

  const follow = useCallback(
    async (make: (f: StacksFacade, signal: AbortSignal) => AsyncGenerator<StackEvent, unknown>, keep?: Pick<StackRunView, 'id' | 'phases'>) => {
      const controller = new AbortController();
      abortRef.current = controller;
      progressRef.current = new RunProgress();
      const fresh: StackRunView = { phases: {}, resources: { done: 0, started: 0 }, app: { ...progressRef.current.view }, failures: [], changed: [], started: Date.now(), errors: [], outputs: {} };
      setState((s) => ({ ...s, step: 'running', run: keep ? { ...fresh, id: keep.id, phases: keep.phases } : fresh }));
      try {
        for await (const ev of make(await facade(), controller.signal)) onEvent(ev);
      } catch (err) {
        const hint = (err as { hint?: string }).hint;
        setState((s) => (s.run ? { ...s, run: { ...s.run, result: controller.signal.aborted ? 'interrupted' : 'failed', errors: [(err as Error).message, ...(hint ? [hint] : [])], finished: Date.now() } } : s));
      } finally {
        abortRef.current = undefined;
        confirmRef.current = undefined;
        setState((s) => (s.step === 'running' || s.step === 'confirm' ? { ...s, step: 'done' } : s));
      }
    },
    [facade, onEvent, setState],
  );

  const openForm = useCallback(
    async (open: (f: StacksFacade) => Promise<OpenedStack>) => {
      setState((s) => ({ ...s, checking: true }));
      try {
        const opened = await open(await facade());
        const key: FormField = { id: 'ssh-key', name: 'ssh_key', text: '', description: 'private key file the host accepts (optional: your SSH agent and ~/.ssh otherwise)' };
        const fields = [
          key,
          ...(opened.deployment ? [] : opened.template.parameters.map((p) => paramField(p, opened.template.id, 'infra', opened.manifest.infra_params[p.name]))),
          ...opened.app.parameters.map((p) => paramField(p, opened.app.id, 'app', opened.manifest.app_params[p.name])),
        ];
        setState((s) => ({ ...s, checking: false, step: 'form', opened, fields, fieldIndex: 0, formProblem: undefined }));
      } catch (err) {
        setState((s) => ({ ...s, checking: false, error: (err as Error).message }));
      }
    },
    [facade, setState],
  );

  const actions = {
    move(delta: number) {
      setState((s) => {
        const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));
        if (s.step === 'stacks') return { ...s, stackIndex: clamp(s.stackIndex + delta, s.stacks.length) };
        if (s.step === 'apps') return { ...s, appIndex: clamp(s.appIndex + delta, s.apps.length) };
        if (s.step === 'form') return { ...s, fieldIndex: clamp(s.fieldIndex + delta, s.fields.length + 1) };
        return s;
      });
    },
    next() {
      const s = ref.current;
      if (s.checking) return;
      if (s.step === 'stacks' && s.stacks[s.stackIndex]) void openForm((f) => f.open(s.stacks[s.stackIndex].id));
      else if (s.step === 'apps' && s.deployment && s.apps[s.appIndex]) void openForm((f) => f.openOnDeployment(s.deployment!, s.apps[s.appIndex].id));
    },
    /** Esc: one step back; false when there is nothing before (the caller leaves the section). */
    back(): boolean {
      const s = ref.current;
      if (s.step === 'form') {
        setState((x) => ({ ...x, step: x.deployment ? 'apps' : 'stacks', formProblem: undefined }));
        return true;
      }
      return false;
    },
    edit(update: (text: string) => string) {
      setState((s) => (s.step === 'form' && s.fieldIndex < s.fields.length ? { ...s, fields: editFields(s.fields, s.fieldIndex, update), formProblem: undefined } : s));
    },
    async submit() {
      const s = ref.current;
      if (s.step !== 'form' || !s.opened || s.checking) return;
      if (s.fieldIndex < s.fields.length) {
        setState((x) => ({ ...x, fieldIndex: x.fieldIndex + 1 }));
        return;
      }
      const bad = s.fields.findIndex((f) => f.error);
      if (bad >= 0) {
        setState((x) => ({ ...x, fieldIndex: bad }));
        return;
      }
      const opened = s.opened;
      let values: StackValues;
      try {
        values = (await facade()).check(opened, givenValues(s.fields, 'infra'), givenValues(s.fields, 'app'), s.fields.find((f) => f.id === 'ssh-key')?.text || undefined);
      } catch (err) {
        const e = err as Error & { flag?: string; hint?: string };
        setState((x) => {
          const i = Math.max(fieldOfError(x.fields, e, 'infra'), fieldOfError(x.fields, e, 'app'), x.fields.findIndex((f) => f.id === e.flag));
          if (i < 0) return { ...x, formProblem: `${e.message}${e.hint ? ` (${e.hint})` : ''}` };
          const fields = x.fields.slice();
          fields[i] = { ...fields[i], error: e.message.replace(/^invalid value for "[^"]+": /, '') };
          return { ...x, fields, fieldIndex: i };
        });
        return;
      }
      valuesRef.current = values;
      // On a deployment already applied the run starts at wait_ssh: its infrastructure is done, and shown so.
      await follow((f, signal) => f.run(opened, values, confirm, signal), opened.deployment ? { phases: { infra: 'done' } } : undefined);
    },
    /** After a failure or an interruption: continue the same record from its first phase not done. */
    resume() {
      const s = ref.current;
      const values = valuesRef.current;
      if (s.step !== 'done' || !s.run?.id || !s.opened || !values || (s.run.result !== 'failed' && s.run.result !== 'interrupted')) return;
      const opened = s.opened;
      const id = s.run.id;
      void follow((f, signal) => f.resume(id, opened, values, confirm, signal), s.run);
    },
    answer(ok: boolean) {
      answerPending(confirmRef, ok);
    },
    cancel(): boolean {
      return cancelPending(confirmRef, abortRef);
    },
    /**
     * Leaves the summary: a declined plan or a refusal before any record goes back to the form (values
     * kept); anything that left a record (deployed, or failed and resumable) goes back to the list.
     */
    finish() {
      setState((s) => {
        const toForm = !s.run?.id || s.run.result === 'declined' || s.run.result === 'planned';
        return toForm ? { ...s, step: 'form', fieldIndex: s.fields.length, run: undefined } : { ...s, step: s.deployment ? 'apps' : 'stacks', run: undefined };
      });
    },
  };

  return { state, now, latest: ref, actions };
}
