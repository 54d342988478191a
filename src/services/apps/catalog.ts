/**
 * The app catalog: apps shipped in templates/apps/<name>/ plus the user's own in
 * `<templates_dir>/apps/<name>/`, which hide built-ins of the same name.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { bundledPaths } from '../../core/paths.js';
import { closest } from '../../core/suggest.js';
import type { TemplateSource } from '../terraform/types.js';
import { readAppManifest } from './manifest.js';
import type { AppInfo } from './types.js';

const m = defineMessages({
  en: {
    unknown: 'unknown app "{id}"',
    didYouMean: 'did you mean "{suggestion}"? Run "cloudya app list" to see every app.',
    list: 'run "cloudya app list" to see every app ({all})',
    noManifest: 'app folder without manifest.yaml',
    noPlaybook: 'app folder without playbook.yml',
    missingHint: 'an app folder holds manifest.yaml, playbook.yml, uninstall.yml, templates/ and README.md',
    skipped: 'app {id} skipped',
  },
  fr: {
    unknown: 'application inconnue « {id} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? « cloudya app list » montre toutes les applications.',
    list: '« cloudya app list » montre toutes les applications ({all})',
    noManifest: "dossier d'application sans manifest.yaml",
    noPlaybook: "dossier d'application sans playbook.yml",
    missingHint: "un dossier d'application contient manifest.yaml, playbook.yml, uninstall.yml, templates/ et README.md",
    skipped: 'application {id} ignorée',
  },
});

export interface AppRoots {
  builtin: string;
  user?: string;
}

/** The bundled templates/apps and `<templates_dir>/apps`. */
export function appRoots(templatesDir?: string): AppRoots {
  return { builtin: path.join(bundledPaths().templates, 'apps'), user: templatesDir ? path.join(templatesDir, 'apps') : undefined };
}

async function appDirs(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** Reads one app folder. */
export async function loadApp(id: string, dir: string, source: TemplateSource): Promise<AppInfo> {
  const manifestFile = path.join(dir, 'manifest.yaml');
  if (!existsSync(manifestFile)) throw new CloudyaError(m('noManifest'), { where: { file: dir }, hint: m('missingHint'), code: 'manifest_missing' });
  if (!existsSync(path.join(dir, 'playbook.yml'))) throw new CloudyaError(m('noPlaybook'), { where: { file: dir }, hint: m('missingHint'), code: 'playbook_missing' });
  const man = await readAppManifest(manifestFile);
  const readmeFile = path.join(dir, 'README.md');
  return {
    id,
    name: man.name ?? id,
    description: man.description ?? '',
    platforms: man.platforms.length ? man.platforms : ['local'],
    parameters: man.parameters,
    outputs: man.outputs,
    ...(man.health ? { health: man.health } : {}),
    services: man.services,
    installs: man.installs,
    dir,
    source,
    ...(existsSync(readmeFile) ? { readme: await readFile(readmeFile, 'utf8') } : {}),
    hasUninstall: existsSync(path.join(dir, 'uninstall.yml')),
  };
}

/** Every app, user ones hiding built-ins of the same name; a broken one is left out and reported. */
export async function listApps(roots: AppRoots, onProblem: (message: string) => void = () => {}): Promise<AppInfo[]> {
  const byId = new Map<string, AppInfo>();
  const load = async (id: string, dir: string, source: TemplateSource) => {
    try {
      return await loadApp(id, dir, source);
    } catch (err) {
      const where = (err as CloudyaError).where;
      onProblem(`${where?.file ?? dir}${where?.line ? `:${where.line}` : ''}: ${(err as Error).message} (${m('skipped', { id })})`);
      return undefined;
    }
  };
  for (const id of await appDirs(roots.builtin)) {
    const a = await load(id, path.join(roots.builtin, id), 'builtin');
    if (a) byId.set(id, a);
  }
  if (roots.user) {
    for (const id of await appDirs(roots.user)) {
      const a = await load(id, path.join(roots.user, id), 'user');
      if (!a) continue;
      if (byId.has(id)) a.overrides = byId.get(id)!.dir;
      byId.set(id, a);
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** One app by name (the user's first), or a usage error suggesting the closest name. */
export async function findApp(roots: AppRoots, id: string): Promise<AppInfo> {
  const clean = id.trim().toLowerCase();
  if (/^[a-z0-9][a-z0-9_.-]*$/.test(clean)) {
    const userDir = roots.user ? path.join(roots.user, clean) : undefined;
    const builtinDir = path.join(roots.builtin, clean);
    if (userDir && existsSync(userDir)) {
      const a = await loadApp(clean, userDir, 'user');
      if (existsSync(builtinDir)) a.overrides = builtinDir;
      return a;
    }
    if (existsSync(builtinDir)) return loadApp(clean, builtinDir, 'builtin');
  }
  const ids = [...new Set([...(await appDirs(roots.builtin)), ...(roots.user ? await appDirs(roots.user) : [])])];
  const suggestion = closest(clean, ids);
  throw new UsageError(m('unknown', { id }), { hint: suggestion ? m('didYouMean', { suggestion }) : m('list', { all: ids.join(', ') }), code: 'unknown_app' });
}
