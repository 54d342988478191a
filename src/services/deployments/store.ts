/**
 * The deployment store: `<deployments>/<id>/` holds deployment.json, a copy of the template
 * (Terraform's working folder, with its state), the non-secret variables and the operation log.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { parseJsonWithLine, writeFileAtomically } from '../../core/files.js';
import { defineMessages } from '../../core/i18n.js';
import { closest } from '../../core/suggest.js';
import type { ParamValue, TemplateInfo } from '../terraform/types.js';
import type { Deployment } from './types.js';

const m = defineMessages({
  en: {
    unknown: 'unknown deployment "{id}"',
    didYouMean: 'did you mean "{suggestion}"? Run "cloudya deploy list-deployments" to see them all.',
    list: 'run "cloudya deploy list-deployments" to see them all',
    parse: 'cannot read this deployment record: {reason}',
    parseHint: 'the file was left untouched; fix it by hand or move the folder away',
  },
  fr: {
    unknown: 'déploiement inconnu « {id} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? « cloudya deploy list-deployments » les liste tous.',
    list: '« cloudya deploy list-deployments » les liste tous',
    parse: 'fiche de déploiement illisible : {reason}',
    parseHint: "le fichier n'a pas été modifié ; corrigez-le à la main ou déplacez le dossier",
  },
});

/** Files of one deployment. */
export function deploymentFiles(root: string, id: string) {
  const dir = path.join(root, id);
  return {
    dir,
    record: path.join(dir, 'deployment.json'),
    workdir: path.join(dir, 'template'),
    tfvars: path.join(dir, 'terraform.tfvars.json'),
    plan: path.join(dir, 'template', 'cloudya.tfplan'),
    state: path.join(dir, 'template', 'terraform.tfstate'),
    log: path.join(dir, 'operations.log'),
  };
}

/** A new id: "<provider>-<name>-<6 hex>", readable and unique enough to type. */
export function newDeploymentId(templateId: string): string {
  return `${templateId.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${randomBytes(3).toString('hex')}`;
}

/** Writes deployment.json atomically (updated timestamp refreshed). */
export async function saveDeployment(root: string, d: Deployment): Promise<Deployment> {
  d.updated = new Date().toISOString();
  const { dir: _dir, ...onDisk } = d;
  await writeFileAtomically(deploymentFiles(root, d.id).record, `${JSON.stringify(onDisk, null, 2)}\n`, 0o600);
  return d;
}

/** Creates a deployment folder: copies the template and writes the non-secret variables. */
export async function createDeployment(
  root: string,
  template: TemplateInfo,
  plain: Record<string, ParamValue>,
  maskedParams: Record<string, unknown>,
  sensitiveNames: string[],
): Promise<Deployment> {
  let id = newDeploymentId(template.id);
  while (existsSync(path.join(root, id))) id = newDeploymentId(template.id);
  const files = deploymentFiles(root, id);
  // Private: the state and the saved plan can hold values of sensitive attributes.
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await cp(template.dir, files.workdir, {
    recursive: true,
    // Never carry someone's local Terraform state or cache into a new deployment.
    filter: (src) => !/(^|\/)(\.terraform|terraform\.tfstate[^/]*|\.terraform\.tfstate\.lock\.info|[^/]*\.tfplan)$/.test(src),
  });
  await writeFileAtomically(files.tfvars, `${JSON.stringify(plain, null, 2)}\n`, 0o600);
  const now = new Date().toISOString();
  return saveDeployment(root, {
    id,
    template: template.id,
    template_source: template.source,
    status: 'planning',
    params: maskedParams,
    sensitive: sensitiveNames,
    created: now,
    updated: now,
    outputs: {},
    resources: [],
    operations: [],
    dir: files.dir,
  });
}

/** Every deployment id in the store. */
export async function deploymentIds(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, 'deployment.json'))).map((e) => e.name);
}

/** Reads one deployment; unknown ids get a suggestion. */
export async function loadDeployment(root: string, id: string): Promise<Deployment> {
  const files = deploymentFiles(root, id);
  if (!/^[A-Za-z0-9_.-]+$/.test(id) || !existsSync(files.record)) {
    const ids = await deploymentIds(root);
    const prefixed = ids.filter((x) => x.startsWith(id));
    if (prefixed.length === 1 && id.length >= 3) return loadDeployment(root, prefixed[0]);
    const suggestion = closest(id, ids);
    throw new UsageError(m('unknown', { id }), { hint: suggestion ? m('didYouMean', { suggestion }) : m('list'), code: 'unknown_deployment' });
  }
  const text = await readFile(files.record, 'utf8');
  try {
    const d = parseJsonWithLine(text) as Deployment;
    return { ...d, dir: files.dir };
  } catch (err) {
    throw new CloudyaError(m('parse', { reason: (err as Error).message }), {
      where: { file: files.record, line: (err as { line?: number }).line },
      hint: m('parseHint'),
      code: 'deployment_parse',
    });
  }
}

/** Every deployment, newest first (records that fail to parse are skipped and reported). */
export async function listDeployments(root: string): Promise<{ deployments: Deployment[]; problems: string[] }> {
  const deployments: Deployment[] = [];
  const problems: string[] = [];
  for (const id of await deploymentIds(root)) {
    try {
      deployments.push(await loadDeployment(root, id));
    } catch (err) {
      problems.push(`${deploymentFiles(root, id).record}: ${(err as Error).message}`);
    }
  }
  deployments.sort((a, b) => b.created.localeCompare(a.created));
  return { deployments, problems };
}
