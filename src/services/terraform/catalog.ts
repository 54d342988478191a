/**
 * The template catalog: built-in templates shipped in the package plus the user's own in
 * `<templates_dir>/terraform/<provider>/<name>/`, which hide built-ins of the same id.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { defineMessages, getLang } from '../../core/i18n.js';
import { bundledPaths, cloudyaHome } from '../../core/paths.js';
import { closest } from '../../core/suggest.js';
import { readManifest } from './manifest.js';
import { mergeParameters } from './params.js';
import { TemplateCache } from './template-cache.js';
import type { TemplateInfo, TemplateSource } from './types.js';
import { readVariables } from './variables.js';

const m = defineMessages({
  en: {
    unknown: 'unknown template "{id}"',
    didYouMean: 'did you mean "{suggestion}"? Run "cloudya deploy list" to see every template.',
    list: 'run "cloudya deploy list" to see every template',
    noManifest: 'template folder without manifest.yaml',
    noManifestHint: 'add a manifest.yaml (name, provider, description, parameters, platforms) next to main.tf',
    skipped: 'template {id} skipped',
  },
  fr: {
    unknown: 'template inconnu « {id} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? « cloudya deploy list » montre tous les templates.',
    list: '« cloudya deploy list » montre tous les templates',
    noManifest: 'dossier de template sans manifest.yaml',
    noManifestHint: 'ajoutez un manifest.yaml (name, provider, description, parameters, platforms) à côté de main.tf',
    skipped: 'template {id} ignoré',
  },
});

/** Where the catalog looks: the package's templates and the user's templates_dir. */
export interface CatalogRoots {
  builtin: string;
  user?: string;
  /** Parsed variables kept between runs (template-cache.ts); without it every .tf file is parsed each time. */
  cache?: TemplateCache;
}

/** The default roots: bundled templates/terraform and `<templates_dir>/terraform`, cached under `<home>/cache/templates.json`. */
export function defaultRoots(templatesDir?: string, env: NodeJS.ProcessEnv = process.env): CatalogRoots {
  return {
    builtin: path.join(bundledPaths().templates, 'terraform'),
    user: templatesDir ? path.join(templatesDir, 'terraform') : undefined,
    cache: new TemplateCache(path.join(cloudyaHome(env), 'cache', 'templates.json')),
  };
}

async function subdirs(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** Template folders under a root: `<provider>/<name>/` holding a manifest.yaml or .tf files. */
async function templateDirs(root: string): Promise<Array<{ id: string; dir: string }>> {
  const out: Array<{ id: string; dir: string }> = [];
  for (const provider of await subdirs(root)) {
    for (const name of await subdirs(path.join(root, provider))) {
      out.push({ id: `${provider}/${name}`, dir: path.join(root, provider, name) });
    }
  }
  return out;
}

/** Reads one template folder (manifest + variables). */
export async function loadTemplate(id: string, dir: string, source: TemplateSource, cache?: TemplateCache): Promise<TemplateInfo> {
  const manifestFile = path.join(dir, 'manifest.yaml');
  if (!existsSync(manifestFile)) {
    throw new CloudyaError(m('noManifest'), { where: { file: dir }, hint: m('noManifestHint'), code: 'manifest_missing' });
  }
  const manifest = await readManifest(manifestFile);
  const variables = cache ? await cache.variables(dir) : await readVariables(dir);
  const { parameters, mismatches } = mergeParameters(manifest, variables);
  const [provider, name] = id.split('/');
  return {
    id,
    name: (getLang() === 'fr' ? manifest.name_fr : undefined) ?? manifest.name ?? name,
    provider: manifest.provider ?? provider,
    description: (getLang() === 'fr' ? manifest.description_fr : undefined) ?? manifest.description ?? '',
    platforms: manifest.platforms.length ? manifest.platforms : [provider],
    dir,
    source,
    parameters,
    mismatches,
    ...(manifest.connection ? { connection: manifest.connection } : {}),
  };
}

/** Every template, user ones hiding built-ins of the same id, sorted by id. A broken template is left out and reported to onProblem. */
export async function listTemplates(roots: CatalogRoots, onProblem: (message: string) => void = () => {}): Promise<TemplateInfo[]> {
  const byId = new Map<string, TemplateInfo>();
  const load = async (id: string, dir: string, source: TemplateSource) => {
    try {
      return await loadTemplate(id, dir, source, roots.cache);
    } catch (err) {
      const where = (err as CloudyaError).where;
      onProblem(`${where?.file ?? dir}${where?.line ? `:${where.line}` : ''}: ${(err as Error).message} (${m('skipped', { id })})`);
      return undefined;
    }
  };
  for (const { id, dir } of await templateDirs(roots.builtin)) {
    const t = await load(id, dir, 'builtin');
    if (t) byId.set(id, t);
  }
  if (roots.user) {
    for (const { id, dir } of await templateDirs(roots.user)) {
      const t = await load(id, dir, 'user');
      if (!t) continue;
      if (byId.has(id)) t.overrides = byId.get(id)!.dir;
      byId.set(id, t);
    }
  }
  roots.cache?.save();
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** One template by id (user first), or a usage error suggesting the closest id. */
export async function findTemplate(roots: CatalogRoots, id: string): Promise<TemplateInfo> {
  const clean = id.replace(/^\/+|\/+$/g, '');
  const builtinDir = path.join(roots.builtin, clean);
  const userDir = roots.user ? path.join(roots.user, clean) : undefined;
  const valid = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/.test(clean);
  if (valid && userDir && existsSync(userDir)) {
    const t = await loadTemplate(clean, userDir, 'user', roots.cache);
    roots.cache?.save();
    if (existsSync(builtinDir)) t.overrides = builtinDir;
    return t;
  }
  if (valid && existsSync(builtinDir)) {
    const t = await loadTemplate(clean, builtinDir, 'builtin', roots.cache);
    roots.cache?.save();
    return t;
  }
  const ids = [...(await templateDirs(roots.builtin)), ...(roots.user ? await templateDirs(roots.user) : [])].map((t) => t.id);
  const suggestion = closest(clean, ids) ?? ids.find((x) => x.endsWith(`/${clean}`));
  throw new UsageError(m('unknown', { id }), { hint: suggestion ? m('didYouMean', { suggestion }) : m('list'), code: 'unknown_template' });
}
