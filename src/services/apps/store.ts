/**
 * Installation records: `<home>/apps/<id>/` holds installation.json, a copy of the app template
 * (what uninstall runs, even after Cloudya's own copy changed), the non-secret variables and the
 * operation log. Records are written atomically; one that cannot be read is reported, never rewritten.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { parseJsonWithLine, writeFileAtomically } from '../../core/files.js';
import { defineMessages } from '../../core/i18n.js';
import { cloudyaHome } from '../../core/paths.js';
import { closest } from '../../core/suggest.js';
import type { Target } from '../ansible/inventory.js';
import type { ParamValue } from '../terraform/types.js';
import { INSTALLATION_STATUSES, type AppInfo, type Installation } from './types.js';

const m = defineMessages({
  en: {
    unknown: 'unknown installation "{id}"',
    didYouMean: 'did you mean "{suggestion}"? Run "cloudya app status" to see them all.',
    list: 'run "cloudya app status" to see every installation',
    parse: 'cannot read this installation record: {reason}',
    parseHint: 'the file was left untouched; fix it by hand or move the folder away',
    shape: '"{field}" is missing or has the wrong type',
    idMismatch: '"id" is "{id}" but the folder is "{folder}"',
  },
  fr: {
    unknown: 'installation inconnue « {id} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? « cloudya app status » les liste toutes.',
    list: '« cloudya app status » liste toutes les installations',
    parse: "fiche d'installation illisible : {reason}",
    parseHint: "le fichier n'a pas été modifié ; corrigez-le à la main ou déplacez le dossier",
    shape: '« {field} » est absent ou du mauvais type',
    idMismatch: '« id » vaut « {id} » mais le dossier est « {folder} »',
  },
});

/** The installations folder under the Cloudya home. */
export function appsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cloudyaHome(env), 'apps');
}

/** Files of one installation. */
export function installationFiles(root: string, id: string) {
  const dir = path.join(root, id);
  return {
    dir,
    record: path.join(dir, 'installation.json'),
    app: path.join(dir, 'app'),
    vars: path.join(dir, 'vars.json'),
    log: path.join(dir, 'operations.log'),
    knownHosts: path.join(path.dirname(root), 'known_hosts'),
  };
}

/** A new id: "app-" and 6 hex digits. */
export function newInstallationId(): string {
  return `app-${randomBytes(3).toString('hex')}`;
}

/** Writes installation.json atomically (updated timestamp refreshed). */
export async function saveInstallation(root: string, inst: Installation): Promise<Installation> {
  inst.updated = new Date().toISOString();
  const { dir: _dir, ...onDisk } = inst;
  await writeFileAtomically(installationFiles(root, inst.id).record, `${JSON.stringify(onDisk, null, 2)}\n`, 0o600);
  return inst;
}

export interface NewInstallation {
  app: AppInfo;
  platform: string;
  target: Target;
  targetLabel: string;
  /** Non-secret values, written to vars.json. */
  plain: Record<string, ParamValue>;
  masked: Record<string, unknown>;
  sensitiveNames: string[];
  outputs: Record<string, string>;
}

/** Creates an installation folder (template copy, vars.json, record); removed again if any step fails. */
export async function createInstallation(root: string, n: NewInstallation): Promise<Installation> {
  let id = newInstallationId();
  while (existsSync(path.join(root, id))) id = newInstallationId();
  const files = installationFiles(root, id);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  try {
    await cp(n.app.dir, files.app, { recursive: true });
    await writeFileAtomically(files.vars, `${JSON.stringify(n.plain, null, 2)}\n`, 0o600);
    const now = new Date().toISOString();
    return await saveInstallation(root, {
      id,
      app: n.app.id,
      app_source: n.app.source,
      platform: n.platform,
      target: n.targetLabel,
      target_spec: n.target,
      status: 'installing',
      params: n.masked,
      sensitive: n.sensitiveNames,
      created: now,
      updated: now,
      outputs: n.outputs,
      services: n.app.services,
      operations: [],
      dir: files.dir,
    });
  } catch (err) {
    // Nothing half-recorded: a folder without its record would be an installation nobody can see.
    await rm(files.dir, { recursive: true, force: true });
    throw err;
  }
}

/** Every installation id in the store. */
export async function installationIds(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, 'installation.json'))).map((e) => e.name).sort();
}

/** A record that cannot be used: where and why. */
export class InstallationRecordError extends CloudyaError {
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(m('parse', { reason }), { where: { file, line }, hint: m('parseHint'), code: 'installation_parse' });
  }
}

function checkShape(data: unknown, folder: string): void {
  const r = (data && typeof data === 'object' && !Array.isArray(data) ? data : undefined) as Record<string, unknown> | undefined;
  const bad = (field: string) => new Error(m('shape', { field }));
  if (!r) throw bad('id');
  for (const f of ['id', 'app', 'platform', 'target', 'created', 'updated']) if (typeof r[f] !== 'string') throw bad(f);
  if (!INSTALLATION_STATUSES.includes(r.status as Installation['status'])) throw bad('status');
  for (const f of ['params', 'outputs', 'target_spec']) if (!r[f] || typeof r[f] !== 'object' || Array.isArray(r[f])) throw bad(f);
  for (const f of ['sensitive', 'operations', 'services']) if (!Array.isArray(r[f])) throw bad(f);
  if (r.id !== folder) throw new Error(m('idMismatch', { id: String(r.id), folder }));
}

/** Reads one installation; unknown ids get a suggestion (a unique prefix is enough). */
export async function loadInstallation(root: string, id: string): Promise<Installation> {
  const files = installationFiles(root, id);
  if (!/^[A-Za-z0-9_.-]+$/.test(id) || !existsSync(files.record)) {
    const ids = await installationIds(root);
    const prefixed = ids.filter((x) => x.startsWith(id));
    if (prefixed.length === 1 && id.length >= 3) return loadInstallation(root, prefixed[0]);
    const suggestion = closest(id, ids);
    throw new UsageError(m('unknown', { id }), { hint: suggestion ? m('didYouMean', { suggestion }) : m('list'), code: 'unknown_installation' });
  }
  try {
    const data = parseJsonWithLine(await readFile(files.record, 'utf8'));
    checkShape(data, id);
    return { ...(data as Omit<Installation, 'dir'>), dir: files.dir };
  } catch (err) {
    throw new InstallationRecordError((err as Error).message, files.record, (err as { line?: number }).line);
  }
}

/** Every installation, newest first; unreadable records are returned as problems. */
export async function listInstallations(root: string): Promise<{ installations: Installation[]; problems: Array<{ id: string; file: string; line?: number; reason: string }> }> {
  const installations: Installation[] = [];
  const problems: Array<{ id: string; file: string; line?: number; reason: string }> = [];
  for (const id of await installationIds(root)) {
    try {
      installations.push(await loadInstallation(root, id));
    } catch (err) {
      const e = err as Partial<InstallationRecordError> & Error;
      problems.push({ id, file: e.file ?? installationFiles(root, id).record, line: e.line, reason: e.reason ?? e.message });
    }
  }
  installations.sort((a, b) => b.created.localeCompare(a.created));
  return { installations, problems };
}
