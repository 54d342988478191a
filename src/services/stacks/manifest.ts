/**
 * Stack manifests: the built-in templates/stacks/*.yaml and the user's <templates_dir>/stacks/*.yaml
 * (a user file with the same name hides the built-in one). A manifest that cannot be read is
 * reported with its file and line and left out of the list.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { defineMessages, getLang } from '../../core/i18n.js';
import { bundledPaths } from '../../core/paths.js';
import { closest } from '../../core/suggest.js';
import { PLATFORMS } from '../apps/platforms.js';
import type { TemplateSource } from '../terraform/types.js';
import type { StackConnection, StackManifest } from './types.js';

const m = defineMessages({
  en: {
    unknown: 'unknown stack "{name}"',
    didYouMean: 'did you mean "{suggestion}"? cloudya stack list shows them all',
    list: 'cloudya stack list shows them all',
    bad: 'cannot read stack manifest {file}{line}: {reason}',
    badHint: 'fix the file (it was left untouched); see templates/stacks/*.yaml for the format',
    notMapping: 'expected a mapping',
    field: '"{field}" must be {what}',
    aString: 'a non-empty string',
    aMapping: 'a mapping',
  },
  fr: {
    unknown: 'pile inconnue « {name} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? cloudya stack list les montre toutes',
    list: 'cloudya stack list les montre toutes',
    bad: 'manifeste de pile illisible {file}{line} : {reason}',
    badHint: "corrigez le fichier (il n'a pas été modifié) ; voir templates/stacks/*.yaml pour le format",
    notMapping: 'un dictionnaire est attendu',
    field: '« {field} » doit être {what}',
    aString: 'une chaîne non vide',
    aMapping: 'un dictionnaire',
  },
});

export interface StackRoots {
  builtin: string;
  user?: string;
}

/** The bundled templates/stacks and `<templates_dir>/stacks`. */
export function stackRoots(templatesDir?: string): StackRoots {
  return { builtin: path.join(bundledPaths().templates, 'stacks'), user: templatesDir ? path.join(templatesDir, 'stacks') : undefined };
}

function badManifest(file: string, reason: string, line?: number): CloudyaError {
  return new CloudyaError(m('bad', { file, line: line ? `:${line}` : '', reason }), { hint: m('badHint'), where: { file, ...(line ? { line } : {}) }, code: 'bad_stack_manifest' });
}

/** Reads and checks one manifest file. */
export async function loadStackManifest(file: string, source: TemplateSource): Promise<StackManifest> {
  let data: unknown;
  try {
    data = yaml.load(await readFile(file, 'utf8'), { filename: file });
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    throw badManifest(file, (err as { reason?: string }).reason ?? (err as Error).message, mark ? mark.line + 1 : undefined);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw badManifest(file, m('notMapping'));
  const d = data as Record<string, unknown>;
  const str = (k: string): string => {
    if (typeof d[k] !== 'string' || !(d[k] as string).trim()) throw badManifest(file, m('field', { field: k, what: m('aString') }));
    return d[k] as string;
  };
  const map = (k: string): Record<string, unknown> => {
    const v = d[k] ?? {};
    if (typeof v !== 'object' || Array.isArray(v) || v === null) throw badManifest(file, m('field', { field: k, what: m('aMapping') }));
    return v as Record<string, unknown>;
  };
  const conn = map('connection') as unknown as StackConnection;
  if (typeof conn.host_output !== 'string' || !conn.host_output) throw badManifest(file, m('field', { field: 'connection.host_output', what: m('aString') }));
  const fr = getLang() === 'fr';
  return {
    id: path.basename(file).replace(/\.ya?ml$/, ''),
    name: (fr && typeof d.name_fr === 'string' ? d.name_fr : undefined) ?? str('name'),
    description: (fr && typeof d.description_fr === 'string' ? d.description_fr : undefined) ?? str('description'),
    infra: str('infra'),
    app: str('app'),
    platform: typeof d.platform === 'string' ? d.platform : 'ssh',
    connection: conn,
    uninstall_on_destroy: d.uninstall_on_destroy === true,
    infra_params: map('infra_params'),
    app_params: map('app_params'),
    source,
    file,
  };
}

async function manifestFiles(dir: string | undefined): Promise<string[]> {
  if (!dir || !existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.')).sort().map((f) => path.join(dir, f));
}

/** Every stack, user ones hiding built-in ones of the same name; unreadable files go to onProblem. */
export async function listStacks(roots: StackRoots, onProblem: (message: string) => void = () => {}): Promise<StackManifest[]> {
  const byId = new Map<string, StackManifest>();
  for (const [source, dir] of [['builtin', roots.builtin], ['user', roots.user]] as const) {
    for (const file of await manifestFiles(dir)) {
      try {
        const s = await loadStackManifest(file, source);
        const hidden = byId.get(s.id);
        if (hidden) s.overrides = hidden.file;
        byId.set(s.id, s);
      } catch (err) {
        onProblem((err as Error).message);
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** One stack by name (user first); an unknown name gets a suggestion. */
export async function findStack(roots: StackRoots, name: string): Promise<StackManifest> {
  for (const [source, dir] of [['user', roots.user], ['builtin', roots.builtin]] as const) {
    if (!dir || !/^[A-Za-z0-9_.-]+$/.test(name)) continue;
    for (const ext of ['.yaml', '.yml']) {
      const file = path.join(dir, `${name}${ext}`);
      if (existsSync(file)) return loadStackManifest(file, source);
    }
  }
  const names = (await listStacks(roots)).map((s) => s.id);
  const suggestion = closest(name, names);
  throw new UsageError(m('unknown', { name }), { hint: suggestion ? m('didYouMean', { suggestion }) : m('list'), code: 'unknown_stack' });
}

/**
 * The manifest of a --template/--app pair (or of an app added to a deployment): the connection the
 * template's manifest declares, else that of a preconfigured stack on the same template, else a
 * guess by provider.
 */
export async function pairManifest(roots: StackRoots, templateId: string, appId: string, declared?: StackConnection): Promise<StackManifest> {
  const known = (await listStacks(roots)).find((x) => x.infra === templateId);
  const provider = templateId.split('/')[0];
  const platform = known?.platform ?? (provider in PLATFORMS && provider !== 'local' ? provider : 'ssh');
  const connection = declared ?? known?.connection ?? (provider === 'local' ? { host_output: 'host', user_output: 'ssh_user', port_output: 'ssh_port' } : { host_output: 'public_ip', user_output: 'ssh_command' });
  return { id: 'custom', name: `${templateId} + ${appId}`, description: '', infra: templateId, app: appId, platform, connection, uninstall_on_destroy: known?.uninstall_on_destroy ?? provider === 'local', infra_params: {}, app_params: {}, source: 'user', file: '' };
}
