/** Reads a template's manifest.yaml (the product description's format). */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import type { HostConnection } from './types.js';

export interface ManifestParam {
  name: string;
  description?: string;
  /** French description (optional; French output falls back to `description`). */
  description_fr?: string;
  /** French texts for the variable's validation blocks, in their order (optional; else Terraform's error_message). */
  error_fr?: string[];
  default?: unknown;
  required?: boolean;
  sensitive?: boolean;
}

export interface Manifest {
  name?: string;
  /** French display name (optional; French output falls back to `name`). */
  name_fr?: string;
  provider?: string;
  description?: string;
  /** French description (optional; French output falls back to `description`). */
  description_fr?: string;
  parameters: ManifestParam[];
  platforms: string[];
  /** Which outputs give the SSH connection to the host it creates (optional). */
  connection?: HostConnection;
}

const m = defineMessages({
  en: {
    parse: 'cannot parse this manifest: {reason}',
    shape: 'bad manifest: {reason}',
    hint: 'Fix manifest.yaml (see "Templates" in the README for its format).',
    notMapping: 'expected a mapping at the top level',
    paramsList: '"parameters" must be a list',
    paramName: 'parameter #{n} has no "name"',
    notText: '"{field}" must be a text',
    notTexts: '"{field}" must be a text or a list of texts',
    connection: '"connection" must be a mapping with a "host_output" text (and optional user_output, port_output, key_output, user, key texts and a port number)',
  },
  fr: {
    parse: 'manifeste illisible : {reason}',
    shape: 'manifeste incorrect : {reason}',
    hint: 'Corrigez manifest.yaml (voir « Templates » dans le README pour son format).',
    notMapping: 'un dictionnaire est attendu au premier niveau',
    paramsList: '« parameters » doit être une liste',
    paramName: "le paramètre n°{n} n'a pas de « name »",
    notText: '« {field} » doit être un texte',
    notTexts: '« {field} » doit être un texte ou une liste de textes',
    connection: '« connection » doit être un dictionnaire avec un texte « host_output » (et facultativement des textes user_output, port_output, key_output, user, key et un nombre port)',
  },
});

/** Parses manifest.yaml text; throws a CloudyaError naming the file and line. */
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file });
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    throw new CloudyaError(m('parse', { reason: (err as { reason?: string }).reason ?? (err as Error).message }), {
      where: { file, line: mark ? mark.line + 1 : undefined },
      hint: m('hint'),
      code: 'manifest_parse',
    });
  }
  const fail = (reason: string) => new CloudyaError(m('shape', { reason }), { where: { file }, hint: m('hint'), code: 'manifest_invalid' });
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw fail(m('notMapping'));
  const d = data as Record<string, unknown>;
  // Optional translations: absent is fine (older manifests), but a wrong shape is reported, never ignored.
  const optText = (v: unknown, field: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw fail(m('notText', { field }));
    return v;
  };
  const optTexts = (v: unknown, field: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    throw fail(m('notTexts', { field }));
  };
  const rawParams = d.parameters ?? [];
  if (!Array.isArray(rawParams)) throw fail(m('paramsList'));
  const parameters = rawParams.map((p, i) => {
    if (!p || typeof p !== 'object' || typeof (p as { name?: unknown }).name !== 'string') throw fail(m('paramName', { n: i + 1 }));
    const q = p as Record<string, unknown>;
    return {
      name: String(q.name),
      description: q.description === undefined ? undefined : String(q.description),
      description_fr: optText(q.description_fr, `parameters[${i}].description_fr`),
      error_fr: optTexts(q.error_fr, `parameters[${i}].error_fr`),
      default: q.default,
      required: q.required === undefined ? undefined : q.required === true,
      sensitive: q.sensitive === true,
    };
  });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const connection = d.connection === undefined || d.connection === null ? undefined : parseConnection(d.connection);
  if (connection === false) throw fail(m('connection'));
  return {
    name: str(d.name),
    name_fr: optText(d.name_fr, 'name_fr'),
    provider: str(d.provider),
    description: str(d.description),
    description_fr: optText(d.description_fr, 'description_fr'),
    parameters,
    platforms: Array.isArray(d.platforms) ? d.platforms.map(String) : [],
    ...(connection ? { connection } : {}),
  };
}

/** A `connection:` mapping, or false when its shape is wrong (a typo must not silently mean port 22). */
function parseConnection(v: unknown): HostConnection | false {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  const texts = ['host_output', 'user_output', 'port_output', 'key_output', 'user', 'key'] as const;
  if (typeof c.host_output !== 'string' || !c.host_output) return false;
  if (Object.keys(c).some((k) => k !== 'port' && !(texts as readonly string[]).includes(k))) return false;
  if (texts.some((k) => c[k] !== undefined && typeof c[k] !== 'string')) return false;
  if (c.port !== undefined && !(Number.isInteger(c.port) && (c.port as number) >= 1 && (c.port as number) <= 65535)) return false;
  const out: HostConnection = { host_output: c.host_output };
  for (const k of texts) if (typeof c[k] === 'string') (out as unknown as Record<string, string>)[k] = c[k] as string;
  if (c.port !== undefined) out.port = c.port as number;
  return out;
}

/** Reads and parses a manifest file. */
export async function readManifest(file: string): Promise<Manifest> {
  return parseManifest(await readFile(file, 'utf8'), file);
}
