/**
 * What the Deploy screen's Apps section needs, behind one object (tests may inject their own):
 * the catalog, the installations with their live status, the hosts of applied deployments, and
 * install/uninstall as the same event streams `cloudya app` follows (apps/operations.ts).
 */
import { loadConfig } from '../../core/config.js';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { userPaths } from '../../core/paths.js';
import { probeTarget } from '../ansible/probe.js';
import { listDeployments } from '../deployments/store.js';
import { appRoots, findApp, listApps, loadApp } from './catalog.js';
import { installApp, runOperation, type AppEvent } from './operations.js';
import { ansibleSettings, checkInstall, type CheckedInstall } from './prepare.js';
import { effectiveInstallStatus } from './status.js';
import { appsRoot, installationFiles, listInstallations, loadInstallation } from './store.js';
import { hostOfDeployment, type DeploymentHost, type TargetRequest } from './target.js';
import type { AppInfo, Installation, InstallationStatus } from './types.js';

const m = defineMessages({
  en: {
    noUninstall: 'app {app} has no uninstall.yml: Cloudya cannot remove it',
    noUninstallHint: 'remove it by hand on {target}',
  },
  fr: {
    noUninstall: "l'application {app} n'a pas de uninstall.yml : Cloudya ne peut pas la retirer",
    noUninstallHint: 'retirez-la à la main sur {target}',
  },
});

/** An installation as listed: its record, its status now, and where its log is. */
export interface InstallationRow {
  installation: Installation;
  status: InstallationStatus;
  log: string;
}

export type ConfirmInstall = (request: { app: AppInfo; target: string; check: boolean }) => Promise<boolean>;

export interface AppsFacade {
  listApps(): Promise<AppInfo[]>;
  listInstallations(): Promise<InstallationRow[]>;
  /** Applied deployments whose outputs give a host to install on. */
  deploymentHosts(): Promise<DeploymentHost[]>;
  /** Checks values and target without running anything; usage errors name the field (their flag). */
  check(appId: string, given: Record<string, unknown>, target: TargetRequest): Promise<CheckedInstall>;
  /** The SSH probe, `confirm`, then the record and the playbook (apps/operations.ts installApp). */
  install(checked: CheckedInstall, confirm: ConfirmInstall, signal: AbortSignal): AsyncGenerator<AppEvent, unknown>;
  /** The SSH probe, `confirm`, then the install playbook again on a recorded installation (a retry after a failure or an interruption), with the secrets given for it. */
  reinstall(id: string, secrets: CheckedInstall['secrets'], confirm: ConfirmInstall, signal: AbortSignal): AsyncGenerator<AppEvent, unknown>;
  /** The SSH probe, then the uninstall playbook of a recorded installation. */
  uninstall(id: string, signal: AbortSignal): AsyncGenerator<AppEvent, unknown>;
}

/** The real facade over the catalog, the installation store and Ansible. */
export function createAppsFacade(env: NodeJS.ProcessEnv = process.env): AppsFacade {
  const config = () => loadConfig({ env });
  const roots = () => appRoots(config().get<string>('templates_dir'));
  const root = appsRoot(env);
  const ansible = () => ansibleSettings(config().get<string>('ansible_path'), env);
  return {
    listApps: () => listApps(roots()),
    async listInstallations() {
      const { installations } = await listInstallations(root);
      const rows = await Promise.all(installations.map(async (i) => ({ installation: i, status: await effectiveInstallStatus(i), log: installationFiles(root, i.id).log })));
      return rows.sort((a, b) => b.installation.created.localeCompare(a.installation.created));
    },
    async deploymentHosts() {
      const { deployments } = await listDeployments(userPaths(env).deployments);
      return deployments.filter((d) => d.status === 'applied').flatMap((d) => hostOfDeployment(d) ?? []);
    },
    async check(appId, given, target) {
      return checkInstall(await findApp(roots(), appId), given, target, env);
    },
    async *install(c, confirm, signal) {
      const settings = await ansible();
      return yield* installApp({ app: c.app, platform: c.platform, target: c.target, targetLabel: c.targetLabel, values: c.values, masked: c.masked, confirm }, { root, ansible: settings, secrets: c.secrets, signal });
    },
    async *reinstall(id, secrets, confirm, signal) {
      const inst = await loadInstallation(root, id);
      const files = installationFiles(root, inst.id);
      const app = await loadApp(inst.app, files.app, inst.app_source);
      const settings = await ansible();
      yield { type: 'phase', phase: 'probe', id: inst.id };
      await probeTarget(inst.target_spec, files.knownHosts, env, 8, signal);
      if (signal.aborted || !(await confirm({ app, target: inst.target, check: false }))) {
        yield { type: 'done', id: inst.id, result: signal.aborted ? 'interrupted' : 'declined', errors: [] };
        return undefined;
      }
      return yield* runOperation(inst, app, 'install', { root, ansible: settings, secrets, signal });
    },
    async *uninstall(id, signal) {
      const inst = await loadInstallation(root, id);
      const files = installationFiles(root, inst.id);
      const app = await loadApp(inst.app, files.app, inst.app_source);
      if (!app.hasUninstall) throw new CloudyaError(m('noUninstall', { app: inst.app }), { hint: m('noUninstallHint', { target: inst.target }), code: 'no_uninstall' });
      const settings = await ansible();
      yield { type: 'phase', phase: 'probe', id: inst.id };
      await probeTarget(inst.target_spec, files.knownHosts, env, 8, signal);
      return yield* runOperation(inst, app, 'uninstall', { root, ansible: settings, secrets: {}, signal });
    },
  };
}
