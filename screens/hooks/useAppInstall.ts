/**
 * Owns the Apps section of the Deploy screen: the catalog, the target step, the parameter form
 * with inline validation, the install or uninstall run (events from the same services as
 * `cloudya app`, progress counted by apps/progress.ts), and the installations list. State lives
 * in a ref so keys arriving between renders act on the latest step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { parseTarget } from '../../src/services/ansible/inventory.js';
import type { AppsFacade, InstallationRow } from '../../src/services/apps/facade.js';
import type { AppEvent, AppResult } from '../../src/services/apps/operations.js';
import type { CheckedInstall } from '../../src/services/apps/prepare.js';
import { RunProgress, type ProgressView } from '../../src/services/apps/progress.js';
import type { DeploymentHost, TargetRequest } from '../../src/services/apps/target.js';
import type { AppInfo, FailedTask, HealthResult, Installation } from '../../src/services/apps/types.js';
import type { ShellServices } from '../types.js';
import { editFields, fieldOfError, givenValues, paramField, type FormField } from './formFields.js';
import { answerPending, cancelPending } from './pendingRun.js';
import { useSecondTick } from './useSecondTick.js';

export type AppStep = 'apps' | 'target' | 'form' | 'confirm' | 'running' | 'done' | 'installed' | 'confirmUninstall';

export type TargetChoice = { kind: 'local' } | { kind: 'ssh' } | { kind: 'inventory' } | { kind: 'deployment'; host: DeploymentHost };

export interface AppRunView {
  kind: 'install' | 'uninstall';
  app: string;
  target: string;
  id?: string;
  /** A re-run of a recorded installation (retry): declining it leaves that record as it was. */
  rerun?: boolean;
  phase?: 'probe' | 'playbook' | 'health';
  progress: ProgressView;
  started: number;
  finished?: number;
  result?: AppResult;
  errors: string[];
  failedTask?: FailedTask;
  /** Tasks that changed something, in order, once each. */
  changed: string[];
  failures: string[];
  installation?: Installation;
  health?: HealthResult;
  log?: string;
}

export interface AppsState {
  step: AppStep;
  loading: boolean;
  error?: string;
  apps: AppInfo[];
  appIndex: number;
  app?: AppInfo;
  targets: TargetChoice[];
  targetIndex: number;
  target?: TargetChoice;
  fields: FormField[];
  /** fields.length is the Install button. */
  fieldIndex: number;
  formProblem?: string;
  checking: boolean;
  run?: AppRunView;
  installations: InstallationRow[];
  installedIndex: number;
}

async function realFacade(env: NodeJS.ProcessEnv): Promise<AppsFacade> {
  const { createAppsFacade } = await import('../../src/services/apps/facade.js');
  return createAppsFacade(env);
}

function initialState(): AppsState {
  return { step: 'apps', loading: true, apps: [], appIndex: 0, targets: [{ kind: 'local' }], targetIndex: 0, fields: [], fieldIndex: 0, checking: false, installations: [], installedIndex: 0 };
}

function targetFields(t: TargetChoice): FormField[] {
  const key: FormField = { id: 'ssh-key', name: 'ssh_key', text: '', description: 'private key file (optional: your SSH agent and ~/.ssh otherwise)' };
  if (t.kind === 'ssh') {
    const validate = (text: string) => {
      try {
        parseTarget(text, 'root');
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    };
    return [{ id: 'target', name: 'target', text: '', required: true, description: 'user@host[:port]', validate }, key];
  }
  if (t.kind === 'inventory') return [{ id: 'inventory', name: 'inventory', text: '', required: true, description: 'an Ansible inventory file (INI or YAML)' }];
  if (t.kind === 'deployment') return [key];
  return [];
}

function targetRequest(t: TargetChoice, fields: FormField[]): TargetRequest {
  const text = (id: string) => fields.find((f) => f.id === id)?.text || undefined;
  if (t.kind === 'local') return { target: 'local' };
  if (t.kind === 'inventory') return { inventory: text('inventory') ?? '' };
  if (t.kind === 'deployment') return { deployment: t.host.deployment, sshKey: text('ssh-key') };
  return { target: text('target') ?? '', sshKey: text('ssh-key') };
}

/** The Apps section's state and actions. `onLeave` returns to the deployment wizard. */
export function useAppInstall(services: ShellServices) {
  const ref = useRef<AppsState>(initialState());
  const [state, setRendered] = useState(ref.current);
  const setState = useCallback((update: (s: AppsState) => AppsState) => {
    ref.current = update(ref.current);
    setRendered(ref.current);
  }, []);
  const facadeRef = useRef<AppsFacade | undefined>(undefined);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const confirmRef = useRef<((ok: boolean) => void) | undefined>(undefined);
  // The last install's checked values, secrets included: kept in memory only, for a retry without retyping.
  const checkedRef = useRef<CheckedInstall | undefined>(undefined);
  const progressRef = useRef(new RunProgress());
  const mounted = useRef(true);

  const facade = useCallback(async () => (facadeRef.current ??= (services.apps as AppsFacade | undefined) ?? (await realFacade(services.env ?? process.env))), [services]);

  const refresh = useCallback(async () => {
    try {
      const f = await facade();
      const [installations, hosts] = await Promise.all([f.listInstallations(), f.deploymentHosts().catch(() => [] as DeploymentHost[])]);
      const targets: TargetChoice[] = [{ kind: 'local' }, { kind: 'ssh' }, { kind: 'inventory' }, ...hosts.map((host) => ({ kind: 'deployment' as const, host }))];
      setState((s) => ({ ...s, installations, targets, installedIndex: Math.min(s.installedIndex, Math.max(0, installations.length - 1)) }));
    } catch (err) {
      setState((s) => ({ ...s, error: (err as Error).message }));
    }
  }, [facade, setState]);

  useEffect(() => {
    mounted.current = true;
    void (async () => {
      try {
        const apps = await (await facade()).listApps();
        setState((s) => ({ ...s, loading: false, apps }));
        await refresh();
      } catch (err) {
        setState((s) => ({ ...s, loading: false, error: (err as Error).message }));
      }
    })();
    return () => {
      mounted.current = false;
    };
  }, [facade, refresh, setState]);

  const now = useSecondTick(state.step === 'running' || state.step === 'confirm');

  const onEvent = useCallback(
    (ev: AppEvent) => {
      setState((s) => {
        if (!s.run) return s;
        const run: AppRunView = { ...s.run };
        if ('id' in ev && ev.id) run.id = ev.id;
        switch (ev.type) {
          case 'phase':
            run.phase = ev.phase;
            break;
          case 'created':
            run.id = ev.id;
            break;
          case 'ansible': {
            const e = ev.event;
            progressRef.current.update(e);
            run.progress = { ...progressRef.current.view };
            if (e.type === 'changed' && !run.changed.includes(e.task)) run.changed = [...run.changed, e.task];
            if ((e.type === 'failed' && !e.ignored) || e.type === 'unreachable') run.failures = [...run.failures, `${e.task} @ ${e.host}: ${e.noLog ? '(no_log)' : (e.msg ?? e.stderr ?? '')}`.trim()];
            break;
          }
          case 'health':
            run.health = ev.health;
            break;
          case 'done':
            run.result = ev.result;
            run.errors = ev.errors;
            run.failedTask = ev.failed_task;
            run.installation = ev.installation;
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

  const follow = useCallback(
    async (kind: 'install' | 'uninstall', app: string, target: string, make: (f: AppsFacade, signal: AbortSignal) => AsyncGenerator<AppEvent, unknown>, id?: string) => {
      const controller = new AbortController();
      abortRef.current = controller;
      progressRef.current = new RunProgress();
      setState((s) => ({ ...s, step: 'running', run: { kind, app, target, id, rerun: !!id, progress: { ...progressRef.current.view }, started: Date.now(), errors: [], changed: [], failures: [] } }));
      try {
        for await (const ev of make(await facade(), controller.signal)) onEvent(ev);
      } catch (err) {
        const hint = (err as { hint?: string }).hint;
        setState((s) => (s.run ? { ...s, run: { ...s.run, result: controller.signal.aborted ? 'interrupted' : 'failed', errors: [(err as Error).message, ...(hint ? [hint] : [])], finished: Date.now() } } : s));
      } finally {
        abortRef.current = undefined;
        confirmRef.current = undefined;
        setState((s) => (s.step === 'running' || s.step === 'confirm' ? { ...s, step: 'done' } : s));
        await refresh();
        const row = ref.current.installations.find((r) => r.installation.id === ref.current.run?.id);
        if (row) setState((s) => (s.run ? { ...s, run: { ...s.run, log: row.log } } : s));
      }
    },
    [facade, onEvent, refresh, setState],
  );

  /** Asks the install question on screen; resolved by answer(). */
  const confirm = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        const asked = Date.now();
        confirmRef.current = (ok) => {
          // Reading the question is not the install's time.
          setState((x) => (x.run ? { ...x, step: 'running', run: { ...x.run, started: x.run.started + (Date.now() - asked) } } : x));
          resolve(ok);
        };
        setState((x) => ({ ...x, step: 'confirm' }));
      }),
    [setState],
  );

  const actions = {
    move(delta: number) {
      setState((s) => {
        const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));
        if (s.step === 'apps') return { ...s, appIndex: clamp(s.appIndex + delta, s.apps.length) };
        if (s.step === 'target') return { ...s, targetIndex: clamp(s.targetIndex + delta, s.targets.length) };
        if (s.step === 'form') return { ...s, fieldIndex: clamp(s.fieldIndex + delta, s.fields.length + 1) };
        if (s.step === 'installed') return { ...s, installedIndex: clamp(s.installedIndex + delta, s.installations.length) };
        return s;
      });
    },
    /** Enter on a list: the app, then the target (which builds the form). */
    next() {
      setState((s) => {
        if (s.step === 'apps' && s.apps[s.appIndex]) return { ...s, step: 'target', app: s.apps[s.appIndex], targetIndex: 0 };
        if (s.step === 'target' && s.app) {
          const target = s.targets[s.targetIndex];
          if (!target) return s;
          // Values typed for the same app survive going back to change the target.
          const kept = new Map(s.fields.some((f) => f.owner === s.app!.id) ? s.fields.map((f) => [f.id, f.text]) : []);
          const fields = [...targetFields(target), ...s.app.parameters.map((p) => paramField(p, s.app!.id))].map((f) => (kept.has(f.id) ? editFields([f], 0, () => kept.get(f.id)!)[0] : f));
          return { ...s, step: 'form', target, fields, fieldIndex: 0, formProblem: undefined };
        }
        return s;
      });
    },
    back() {
      setState((s) => {
        if (s.step === 'target') return { ...s, step: 'apps' };
        if (s.step === 'form') return { ...s, step: 'target', formProblem: undefined };
        if (s.step === 'installed') return { ...s, step: 'apps' };
        return s;
      });
    },
    showInstalled() {
      setState((s) => ({ ...s, step: 'installed' }));
      void refresh();
    },
    edit(update: (text: string) => string) {
      setState((s) => (s.step === 'form' && s.fieldIndex < s.fields.length ? { ...s, fields: editFields(s.fields, s.fieldIndex, update), formProblem: undefined } : s));
    },
    /** Enter in the form: the next field, or (on the button, every field valid) the checks, then the install. */
    async submit() {
      const s = ref.current;
      if (s.step !== 'form' || !s.app || !s.target || s.checking) return;
      if (s.fieldIndex < s.fields.length) {
        setState((x) => ({ ...x, fieldIndex: x.fieldIndex + 1 }));
        return;
      }
      const bad = s.fields.findIndex((f) => f.error);
      if (bad >= 0) {
        setState((x) => ({ ...x, fieldIndex: bad }));
        return;
      }
      setState((x) => ({ ...x, checking: true }));
      let checked: CheckedInstall;
      try {
        checked = await (await facade()).check(s.app.id, givenValues(s.fields, 'param'), targetRequest(s.target, s.fields));
      } catch (err) {
        // The values stay: the error goes next to the field it is about, or above the form.
        const e = err as Error & { flag?: string; hint?: string };
        setState((x) => {
          const i = fieldOfError(x.fields, e);
          if (i < 0) return { ...x, checking: false, formProblem: `${e.message}${e.hint ? ` (${e.hint})` : ''}` };
          const fields = x.fields.slice();
          fields[i] = { ...fields[i], error: e.message.replace(/^invalid value for "[^"]+": /, '') };
          return { ...x, checking: false, fields, fieldIndex: i };
        });
        return;
      }
      setState((x) => ({ ...x, checking: false }));
      checkedRef.current = checked;
      await follow('install', checked.app.id, checked.targetLabel, (f, signal) => f.install(checked, confirm, signal));
    },
    /** After a failed or interrupted install (or a declined re-run of one): the same install again, nothing retyped - its recorded installation re-run when it has one, else the whole install. */
    retry() {
      const s = ref.current;
      const checked = checkedRef.current;
      const run = s.run;
      if (s.step !== 'done' || !run || run.kind !== 'install' || !checked || (run.result !== 'failed' && run.result !== 'interrupted' && !(run.result === 'declined' && run.rerun))) return;
      const id = run.id;
      void follow('install', checked.app.id, run.target, (f, signal) => (id ? f.reinstall(id, checked.secrets, confirm, signal) : f.install(checked, confirm, signal)), id);
    },
    answer(ok: boolean) {
      answerPending(confirmRef, ok);
    },
    /** Esc or Ctrl+C while something runs: declines a pending question, or stops Ansible (its process group); true when something was cancelled. */
    cancel(): boolean {
      return cancelPending(confirmRef, abortRef);
    },
    /** Leaves the summary: a failed or declined install goes back to its form (values kept), anything else to the installations. */
    finish() {
      setState((s) => {
        const toForm = s.run?.kind === 'install' && (s.run.result === 'failed' || s.run.result === 'declined') && !!s.app;
        return { ...s, step: toForm ? 'form' : 'installed', fieldIndex: toForm ? s.fields.length : s.fieldIndex, run: undefined };
      });
    },
    askUninstall() {
      setState((s) => {
        const row = s.installations[s.installedIndex];
        if (!row || row.status === 'uninstalled' || row.status === 'installing' || row.status === 'uninstalling') return s;
        return { ...s, step: 'confirmUninstall' };
      });
    },
    answerUninstall(ok: boolean) {
      const s = ref.current;
      const row = s.installations[s.installedIndex];
      if (s.step !== 'confirmUninstall' || !row) return;
      if (!ok) {
        setState((x) => ({ ...x, step: 'installed' }));
        return;
      }
      const i = row.installation;
      void follow('uninstall', i.app, i.target, (f, signal) => f.uninstall(i.id, signal), i.id);
    },
    refresh,
  };

  return { state, now, latest: ref, actions };
}
