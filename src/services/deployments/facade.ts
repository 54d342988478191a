/**
 * Everything the deployment wizard needs, behind one object the screen receives (tests
 * inject a fake with the same shape): templates, deployments, and the operation streams.
 */
import { loadConfig } from '../../core/config.js';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { userPaths } from '../../core/paths.js';
import { defaultRoots, listTemplates, loadTemplate } from '../terraform/catalog.js';
import { maskParams, splitSensitive } from '../terraform/params.js';
import { terraformSettings } from '../terraform/settings.js';
import type { ParamValue, TemplateInfo } from '../terraform/types.js';
import { deploymentDocument } from './format.js';
import { readOperationLog } from './oplog.js';
import { runOperation, type DeployEvent } from './operations.js';
import { effectiveStatus } from './status.js';
import { createDeployment, deploymentFiles, listDeployments, loadDeployment } from './store.js';
import type { Deployment, PlanSummary } from './types.js';
import type { ConnectionStatus } from '../providers/manage.js';

const m = defineMessages({
  en: {
    secretMissing: 'sensitive parameter "{name}" is needed again (it is never stored)',
    secretMissingHint: 'quit, export TF_VAR_{name}=<value> in this shell, start cloudya again and destroy',
  },
  fr: {
    secretMissing: 'le paramètre sensible « {name} » doit être redonné (il n’est jamais enregistré)',
    secretMissingHint: 'quittez, exportez TF_VAR_{name}=<valeur> dans ce shell, relancez cloudya et détruisez',
  },
});

export type DeploymentDocument = ReturnType<typeof deploymentDocument>;

export type ConfirmPlan = (plan: PlanSummary, deployment: Deployment) => Promise<boolean>;

export interface DeployFacade {
  listTemplates(): Promise<TemplateInfo[]>;
  listDeployments(): Promise<DeploymentDocument[]>;
  /** Creates a deployment from checked values and runs plan -> confirm -> apply. */
  deploy(template: TemplateInfo, values: Record<string, ParamValue>, confirm: ConfirmPlan, signal: AbortSignal): AsyncGenerator<DeployEvent, unknown>;
  /** Plans the destruction, asks, destroys. Sensitive values come from TF_VAR_<name>. */
  destroy(id: string, confirm: ConfirmPlan, signal: AbortSignal): AsyncGenerator<DeployEvent, unknown>;
  /** The operation log's last lines. */
  log(id: string, lines?: number): Promise<string[]>;
  /** Each provider's connection (cloudya connect); optional so fakes may leave it out. */
  connections?(): Promise<ConnectionStatus[]>;
}

/** The real facade over the catalog, the store and Terraform. */
export function createDeployFacade(env: NodeJS.ProcessEnv = process.env): DeployFacade {
  const config = () => loadConfig({ env });
  const root = userPaths(env).deployments;
  return {
    listTemplates: () => listTemplates(defaultRoots(config().get<string>('templates_dir'))),
    async listDeployments() {
      const { deployments } = await listDeployments(root);
      return Promise.all(deployments.map(async (d) => deploymentDocument(d, await effectiveStatus(d))));
    },
    async *deploy(template, values, confirm, signal) {
      const terraform = await terraformSettings(config(), env);
      const { plain, secret } = splitSensitive(template.parameters, values);
      const d = await createDeployment(root, template, plain, maskParams(template.parameters, values), Object.keys(secret));
      return yield* runOperation(d, 'apply', { root, terraform, secrets: secret, signal, confirm });
    },
    async *destroy(id, confirm, signal) {
      const d = await loadDeployment(root, id);
      const terraform = await terraformSettings(config(), env);
      const t = await loadTemplate(d.template, deploymentFiles(root, d.id).workdir, d.template_source);
      const secrets: Record<string, ParamValue> = {};
      for (const p of t.parameters) if (p.sensitive && env[`TF_VAR_${p.name}`] !== undefined) secrets[p.name] = env[`TF_VAR_${p.name}`]!;
      // Said before Terraform runs (it would only say "No value for required variable").
      const missing = t.parameters.find((p) => p.sensitive && secrets[p.name] === undefined && (d.sensitive.includes(p.name) || p.required));
      if (missing) throw new CloudyaError(m('secretMissing', { name: missing.name }), { hint: m('secretMissingHint', { name: missing.name }), code: 'secret_missing' });
      return yield* runOperation(d, 'destroy', { root, terraform, secrets, signal, confirm });
    },
    async log(id, lines = 200) {
      const d = await loadDeployment(root, id);
      return (await readOperationLog(deploymentFiles(root, d.id).log)).slice(-lines);
    },
    async connections() {
      const { listConnections } = await import('../providers/manage.js');
      return listConnections(env);
    },
  };
}
