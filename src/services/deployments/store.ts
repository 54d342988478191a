/**
 * The deployment store: `<deployments>/<id>/` holds deployment.json, a copy of the template
 * (Terraform's working folder, with its state), the non-secret variables and the operation log.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { lineOfOffset, parseJsonWithLine, writeFileAtomically } from '../../core/files.js';
import { defineMessages } from '../../core/i18n.js';
import { closest } from '../../core/suggest.js';
import type { ParamValue, TemplateInfo } from '../terraform/types.js';
import { DEPLOYMENT_STATUSES, type Deployment } from './types.js';

const m = defineMessages({
  en: {
    unknown: 'unknown deployment "{id}"',
    didYouMean: 'did you mean "{suggestion}"? Run "cloudya deploy list-deployments" to see them all.',
    list: 'run "cloudya deploy list-deployments" to see them all',
    parse: 'cannot read this deployment record: {reason}',
    parseHint: 'the file was left untouched; fix it by hand or move the folder away',
    notObject: 'expected a JSON object describing a deployment, got {got}',
    fieldMissing: '"{field}" is missing',
    fieldString: '"{field}" must be a string',
    fieldChoice: '"{field}" must be one of {choices}',
    fieldObject: '"{field}" must be an object',
    fieldList: '"{field}" must be a list',
    fieldStrings: '"{field}" must be a list of strings',
    fieldOperations: '"{field}" must be a list of operations (objects with "op", "result" and "started")',
    idMismatch: '"id" is "{id}" but the folder is "{folder}"',
  },
  fr: {
    unknown: 'déploiement inconnu « {id} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? « cloudya deploy list-deployments » les liste tous.',
    list: '« cloudya deploy list-deployments » les liste tous',
    parse: 'fiche de déploiement illisible : {reason}',
    parseHint: "le fichier n'a pas été modifié ; corrigez-le à la main ou déplacez le dossier",
    notObject: 'un objet JSON décrivant un déploiement est attendu, reçu {got}',
    fieldMissing: '« {field} » est absent',
    fieldString: '« {field} » doit être une chaîne',
    fieldChoice: '« {field} » doit valoir {choices}',
    fieldObject: '« {field} » doit être un objet',
    fieldList: '« {field} » doit être une liste',
    fieldStrings: '« {field} » doit être une liste de chaînes',
    fieldOperations: '« {field} » doit être une liste d’opérations (objets avec « op », « result » et « started »)',
    idMismatch: '« id » vaut « {id} » mais le dossier est « {folder} »',
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
  try {
    const text = await readFile(files.record, 'utf8');
    const data = parseJsonWithLine(text);
    checkShape(data, id, text);
    return { ...(data as Omit<Deployment, 'dir'>), dir: files.dir };
  } catch (err) {
    const line = (err as { line?: number }).line;
    throw new DeploymentRecordError((err as Error).message, files.record, line);
  }
}

/** A deployment.json that cannot be used: where it is and why, for the message and for the list's summary. */
export class DeploymentRecordError extends CloudyaError {
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(m('parse', { reason }), { where: { file, line }, hint: m('parseHint'), code: 'deployment_parse' });
  }
}

/** A shape problem, carrying the line of the offending key when it can be found. */
class ShapeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Throws a ShapeError unless the parsed record has every field the commands rely on, with the right types. */
function checkShape(data: unknown, folder: string, text: string): void {
  // The line of the first `"field":` in the file (the top-level one in a record saveDeployment wrote), else line 1.
  const lineOf = (field: string) => {
    const at = new RegExp(`${JSON.stringify(field).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).exec(text)?.index;
    return at === undefined ? 1 : lineOfOffset(text, at).line;
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ShapeError(m('notObject', { got: data === null ? 'null' : Array.isArray(data) ? 'a list' : JSON.stringify(data) }), 1);
  }
  const r = data as Record<string, unknown>;
  const fail = (field: string, key: 'fieldString' | 'fieldChoice' | 'fieldObject' | 'fieldList' | 'fieldStrings' | 'fieldOperations', choices?: readonly string[]) => {
    throw new ShapeError(r[field] === undefined ? m('fieldMissing', { field }) : m(key, { field, choices: (choices ?? []).join(', ') }), lineOf(field));
  };
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const f of ['id', 'template', 'created', 'updated']) if (typeof r[f] !== 'string') fail(f, 'fieldString');
  if (!DEPLOYMENT_STATUSES.includes(r.status as Deployment['status'])) fail('status', 'fieldChoice', DEPLOYMENT_STATUSES);
  if (r.template_source !== 'builtin' && r.template_source !== 'user') fail('template_source', 'fieldChoice', ['builtin', 'user']);
  for (const f of ['params', 'outputs']) if (!isObject(r[f])) fail(f, 'fieldObject');
  for (const f of ['sensitive', 'resources']) if (!Array.isArray(r[f]) || !(r[f] as unknown[]).every((x) => typeof x === 'string')) fail(f, Array.isArray(r[f]) ? 'fieldStrings' : 'fieldList');
  const ops = r.operations;
  if (!Array.isArray(ops) || !ops.every((o) => isObject(o) && typeof o.op === 'string' && typeof o.result === 'string' && typeof o.started === 'string')) fail('operations', 'fieldOperations');
  // Every file path is derived from the id: one that names another folder would act on the wrong deployment.
  if (r.id !== folder) throw new ShapeError(m('idMismatch', { id: String(r.id), folder }), lineOf('id'));
}

/** A record the list could not read: its file (with the line when known) and why. */
export interface UnreadableRecord {
  id: string;
  file: string;
  line?: number;
  reason: string;
}

/** Every deployment, newest first; records that cannot be read are skipped and returned as problems. */
export async function listDeployments(root: string): Promise<{ deployments: Deployment[]; problems: UnreadableRecord[] }> {
  const deployments: Deployment[] = [];
  const problems: UnreadableRecord[] = [];
  for (const id of await deploymentIds(root)) {
    try {
      deployments.push(await loadDeployment(root, id));
    } catch (err) {
      const e = err as Partial<DeploymentRecordError> & Error;
      problems.push({ id, file: e.file ?? deploymentFiles(root, id).record, line: e.line, reason: e.reason ?? e.message });
    }
  }
  deployments.sort((a, b) => b.created.localeCompare(a.created));
  return { deployments, problems };
}
