/**
 * What the Deploy screen's Stacks section needs, behind one object (tests may inject their own):
 * the preconfigured stacks, and the same run as `cloudya stack deploy` (stacks/run.ts) for a
 * stack, for an app added to a deployment the wizard just applied, and for a resume.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../core/config.js';
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { userPaths } from '../../core/paths.js';
import { appRoots, findApp } from '../apps/catalog.js';
import { resolveAppParams } from '../apps/params.js';
import { platformFor } from '../apps/platforms.js';
import { ansibleSettings } from '../apps/prepare.js';
import { appsRoot } from '../apps/store.js';
import type { AppInfo } from '../apps/types.js';
import { deploymentFiles, loadDeployment } from '../deployments/store.js';
import type { Deployment, PlanSummary } from '../deployments/types.js';
import { defaultRoots, findTemplate, loadTemplate } from '../terraform/catalog.js';
import { terraformSettings } from '../terraform/settings.js';
import type { ParamValue, TemplateInfo } from '../terraform/types.js';
import { findStack, listStacks, pairManifest, stackRoots } from './manifest.js';
import { runStack, type StackContext, type StackEvent } from './run.js';
import { adoptDeployment, createStackRecord, resolveStackParams } from './start.js';
import { effectiveStack, loadStack, stacksRoot } from './store.js';
import type { StackManifest } from './types.js';

const m = defineMessages({
  en: { noKey: 'SSH key not found: {file}' },
  fr: { noKey: 'clé SSH introuvable : {file}' },
});

/** A stack ready for its form: the manifest, its template and app; `deployment` when the infrastructure already exists. */
export interface OpenedStack {
  manifest: StackManifest;
  template: TemplateInfo;
  app: AppInfo;
  deployment?: Deployment;
}

export interface StackValues {
  infra: Record<string, ParamValue>;
  app: Record<string, ParamValue>;
  /** The private key the host accepts (--ssh-key), when its outputs and the manifest give none. */
  sshKey?: string;
}

export type ConfirmStackPlan = (plan: PlanSummary, deployment: Deployment) => Promise<boolean>;

export interface StacksFacade {
  listStacks(): Promise<StackManifest[]>;
  /** A preconfigured stack (templates/stacks/NAME.yaml). */
  open(name: string): Promise<OpenedStack>;
  /** An app to install on an applied deployment's host. */
  openOnDeployment(deploymentId: string, appId: string): Promise<OpenedStack>;
  /** Both parts' values checked together (the command's rules); throws the usage error naming what is wrong. */
  check(opened: OpenedStack, infraGiven: Record<string, unknown>, appGiven: Record<string, unknown>, sshKey?: string): StackValues;
  /** Creates the record and runs the phases; its first event names the stack. */
  run(opened: OpenedStack, values: StackValues, confirm: ConfirmStackPlan, signal: AbortSignal): AsyncGenerator<StackEvent, unknown>;
  /** Runs a recorded stack again from its first phase not done (values are the ones given at the start: secrets are never stored). */
  resume(id: string, opened: OpenedStack, values: StackValues, confirm: ConfirmStackPlan, signal: AbortSignal): AsyncGenerator<StackEvent, unknown>;
}

/** The real facade over the stack manifests, the stores, Terraform and Ansible. */
export function createStacksFacade(env: NodeJS.ProcessEnv = process.env): StacksFacade {
  const config = () => loadConfig({ env });
  const templatesDir = () => config().get<string>('templates_dir');
  const roots = { stacks: stacksRoot(env), deployments: userPaths(env).deployments, apps: appsRoot(env) };
  const context = async (opened: OpenedStack, confirm: ConfirmStackPlan, signal: AbortSignal): Promise<StackContext> => ({
    env,
    deploymentsRoot: roots.deployments,
    appsRoot: roots.apps,
    stacksRoot: roots.stacks,
    terraform: await terraformSettings(config(), env),
    ansible: await ansibleSettings(config().get<string>('ansible_path'), env),
    signal,
    confirm,
  });
  const inputs = (opened: OpenedStack, values: StackValues) => ({ template: opened.template, app: opened.app, infraValues: values.infra, appValues: values.app });
  return {
    listStacks: () => listStacks(stackRoots(templatesDir())),
    async open(name) {
      const manifest = await findStack(stackRoots(templatesDir()), name);
      const [template, app] = await Promise.all([findTemplate(defaultRoots(templatesDir(), env), manifest.infra), findApp(appRoots(templatesDir()), manifest.app)]);
      return { manifest, template, app };
    },
    async openOnDeployment(deploymentId, appId) {
      const d = await loadDeployment(roots.deployments, deploymentId);
      const template = await loadTemplate(d.template, deploymentFiles(roots.deployments, d.id).workdir, d.template_source);
      const app = await findApp(appRoots(templatesDir()), appId);
      return { manifest: await pairManifest(stackRoots(templatesDir()), d.template, app.id, template.connection), template, app, deployment: d };
    },
    check(opened, infraGiven, appGiven, sshKey) {
      if (sshKey && !existsSync(sshKey)) throw new UsageError(m('noKey', { file: sshKey }), { flag: 'ssh-key', code: 'bad_ssh_key' });
      const values = opened.deployment ? { infra: {}, app: resolveAppParams(opened.app, appGiven) } : resolveStackParams(opened.template, opened.app, infraGiven, appGiven);
      platformFor(opened.manifest.platform, opened.app);
      return { ...values, ...(sshKey ? { sshKey } : {}) };
    },
    async *run(opened, values, confirm, signal) {
      const ctx = await context(opened, confirm, signal);
      const rec = opened.deployment
        ? await adoptDeployment(roots.stacks, opened.manifest, opened.deployment, opened.template, opened.app, values.app, values.sshKey)
        : await createStackRecord(roots.stacks, opened.manifest, opened.template, opened.app, values, values.sshKey);
      return yield* runStack(rec, inputs(opened, values), ctx);
    },
    async *resume(id, opened, values, confirm, signal) {
      const ctx = await context(opened, confirm, signal);
      const rec = effectiveStack(await loadStack(roots.stacks, id));
      return yield* runStack(rec, inputs(opened, values), ctx);
    },
  };
}
