/**
 * The start of a stack, shared by `cloudya stack deploy` and the Deploy screen: both parts'
 * parameters checked together before anything exists, then the record; or a record adopting a
 * deployment that is already applied (the wizard's "then install an app"), its infra phase done.
 */
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { resolveAppParams } from '../apps/params.js';
import type { AppInfo } from '../apps/types.js';
import type { Deployment } from '../deployments/types.js';
import { maskParams, resolveParams } from '../terraform/params.js';
import type { ParamValue, TemplateInfo } from '../terraform/types.js';
import { createStack, saveStack } from './store.js';
import type { StackManifest, StackRecord } from './types.js';

const m = defineMessages({
  en: { bothInvalid: 'infrastructure: {infra} | app: {app}' },
  fr: { bothInvalid: 'infrastructure : {infra} | application : {app}' },
});

/** Checks every parameter of both parts and says all that is wrong at once; returns both with defaults filled. */
export function resolveStackParams(template: TemplateInfo, app: AppInfo, infraGiven: Record<string, unknown>, appGiven: Record<string, unknown>): { infra: Record<string, ParamValue>; app: Record<string, ParamValue> } {
  let infra: Record<string, ParamValue> | undefined;
  let appValues: Record<string, ParamValue> | undefined;
  const problems: { infra?: Error; app?: Error } = {};
  try {
    infra = resolveParams(template, infraGiven);
  } catch (err) {
    problems.infra = err as Error;
  }
  try {
    appValues = resolveAppParams(app, appGiven);
  } catch (err) {
    problems.app = err as Error;
  }
  if (problems.infra && problems.app) {
    throw new UsageError(m('bothInvalid', { infra: problems.infra.message, app: problems.app.message }), { flag: 'infra-params', hint: (problems.infra as { hint?: string }).hint, code: 'bad_params' });
  }
  if (problems.infra) throw problems.infra;
  if (problems.app) throw problems.app;
  return { infra: infra!, app: appValues! };
}

/** A new stack record (every phase pending); secrets are stored masked, their names kept to ask them again. */
export async function createStackRecord(root: string, manifest: StackManifest, template: TemplateInfo, app: AppInfo, values: { infra: Record<string, ParamValue>; app: Record<string, ParamValue> }, sshKey?: string): Promise<StackRecord> {
  return createStack(root, {
    stack: manifest.id,
    infra_template: template.id,
    app: app.id,
    platform: manifest.platform,
    connection: manifest.connection,
    uninstall_on_destroy: manifest.uninstall_on_destroy,
    infra_params: maskParams(template.parameters, values.infra),
    app_params: maskParams(app.parameters, values.app),
    app_sensitive: app.parameters.filter((p) => p.sensitive && values.app[p.name] !== undefined).map((p) => p.name),
    ...(sshKey ? { ssh_key: sshKey } : {}),
  });
}

/** A stack record around an applied deployment: its infra phase is done, so running it starts at wait_ssh. */
export async function adoptDeployment(root: string, manifest: StackManifest, d: Deployment, template: TemplateInfo, app: AppInfo, appValues: Record<string, ParamValue>, sshKey?: string): Promise<StackRecord> {
  const rec = await createStackRecord(root, manifest, template, app, { infra: d.params as Record<string, ParamValue>, app: appValues }, sshKey);
  const now = new Date().toISOString();
  rec.deployment_id = d.id;
  rec.outputs.deployment_id = d.id;
  rec.phases.infra = { status: 'done', started: d.created, finished: now };
  return saveStack(root, rec);
}
