/**
 * An app's manifest.yaml: the product description's format (name, type: ansible, description,
 * platforms, parameters) plus outputs (url, health), services and what it installs. Parameters
 * become the same TemplateParam shape deploy checks, their rules written as the validation
 * conditions terraform/params.ts already evaluates, so apps get deploy's checks and messages.
 */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages, getLang } from '../../core/i18n.js';
import { looksSensitive } from '../terraform/params.js';
import type { ParamRule, ParamType, ParamValue, TemplateParam } from '../terraform/types.js';
import type { HealthSpec } from './types.js';

const m = defineMessages({
  en: {
    parse: 'cannot parse this app manifest: {reason}',
    shape: 'bad app manifest: {reason}',
    hint: 'fix manifest.yaml (see "Applications" in the README for its format)',
    notMapping: 'expected a mapping at the top level',
    notAnsible: '"type" must be "ansible"',
    paramsList: '"parameters" must be a list',
    paramName: 'parameter #{n} needs a "name" made of letters, digits and _',
    paramType: 'parameter "{name}": "type" must be string, number or bool',
    badPattern: 'parameter "{name}": "pattern" is not a valid regular expression',
    badHealth: '"outputs.health" must be a URL or a mapping with "url"',
    pattern: 'must match {pattern}',
    between: 'must be between {min} and {max}',
    atLeast: 'must be at least {min}',
    atMost: 'must be at most {max}',
  },
  fr: {
    parse: "manifeste d'application illisible : {reason}",
    shape: "manifeste d'application incorrect : {reason}",
    hint: 'corrigez manifest.yaml (voir « Applications » dans le README pour son format)',
    notMapping: 'un dictionnaire est attendu au premier niveau',
    notAnsible: '« type » doit valoir « ansible »',
    paramsList: '« parameters » doit être une liste',
    paramName: 'le paramètre n°{n} doit avoir un « name » fait de lettres, chiffres et _',
    paramType: 'paramètre « {name} » : « type » doit valoir string, number ou bool',
    badPattern: "paramètre « {name} » : « pattern » n'est pas une expression régulière valide",
    badHealth: '« outputs.health » doit être une URL ou un dictionnaire avec « url »',
    pattern: 'doit correspondre à {pattern}',
    between: 'doit être compris entre {min} et {max}',
    atLeast: 'doit valoir au moins {min}',
    atMost: 'doit valoir au plus {max}',
  },
});

export interface AppManifest {
  name?: string;
  description?: string;
  platforms: string[];
  parameters: TemplateParam[];
  outputs: Record<string, string>;
  health?: HealthSpec;
  services: string[];
  installs: string[];
}

const TYPES: Record<string, ParamType> = { string: 'string', number: 'number', bool: 'bool', boolean: 'bool', int: 'number', integer: 'number' };

/** Parses manifest.yaml text; throws a CloudyaError naming the file (and line for YAML errors). */
export function parseAppManifest(text: string, file: string): AppManifest {
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file });
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    throw new CloudyaError(m('parse', { reason: (err as { reason?: string }).reason ?? (err as Error).message }), { where: { file, line: mark ? mark.line + 1 : undefined }, hint: m('hint'), code: 'manifest_parse' });
  }
  const fail = (reason: string) => new CloudyaError(m('shape', { reason }), { where: { file }, hint: m('hint'), code: 'manifest_invalid' });
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw fail(m('notMapping'));
  const d = data as Record<string, unknown>;
  if (d.type !== undefined && d.type !== 'ansible') throw fail(m('notAnsible'));
  const fr = getLang() === 'fr';
  const text_ = (en: unknown, frText: unknown) => (fr && typeof frText === 'string' ? frText : typeof en === 'string' ? en : undefined);
  const raw = d.parameters ?? [];
  if (!Array.isArray(raw)) throw fail(m('paramsList'));
  const parameters = raw.map((p, i): TemplateParam => {
    const q = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
    const name = q.name;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw fail(m('paramName', { n: i + 1 }));
    const type = TYPES[String(q.type ?? 'string')];
    if (!type) throw fail(m('paramType', { name }));
    const own = text_(q.error, q.error_fr);
    const rules: ParamRule[] = [];
    let choices: string[] | undefined;
    if (Array.isArray(q.choices)) {
      choices = q.choices.map(String);
      rules.push({ condition: `contains(${JSON.stringify(choices)}, var.${name})`, message: own ?? '' });
    }
    if (typeof q.pattern === 'string') {
      try {
        new RegExp(q.pattern);
      } catch {
        throw fail(m('badPattern', { name }));
      }
      rules.push({ condition: `can(regex(${JSON.stringify(q.pattern)}, var.${name}))`, message: own ?? m('pattern', { pattern: q.pattern }) });
    }
    const min = typeof q.min === 'number' ? q.min : undefined;
    const max = typeof q.max === 'number' ? q.max : undefined;
    if (min !== undefined || max !== undefined) {
      const parts = [min !== undefined ? `var.${name} >= ${min}` : '', max !== undefined ? `var.${name} <= ${max}` : ''].filter(Boolean);
      const msg = min !== undefined && max !== undefined ? m('between', { min, max }) : min !== undefined ? m('atLeast', { min }) : m('atMost', { max });
      rules.push({ condition: parts.join(' && '), message: own ?? msg });
    }
    const def = q.default === undefined ? undefined : (q.default as ParamValue);
    return {
      name,
      description: text_(q.description, q.description_fr) ?? '',
      type,
      typeExpr: type,
      ...(def !== undefined ? { default: def } : {}),
      required: q.required === true && def === undefined,
      sensitive: q.sensitive === true || (q.sensitive !== false && looksSensitive(name)),
      ...(choices ? { choices } : {}),
      rules,
    };
  });
  const outputs: Record<string, string> = {};
  let health: HealthSpec | undefined;
  const rawOutputs = (d.outputs && typeof d.outputs === 'object' ? d.outputs : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(rawOutputs)) {
    if (k === 'health') {
      if (typeof v === 'string') health = { url: v };
      else if (v && typeof v === 'object' && typeof (v as { url?: unknown }).url === 'string') {
        const h = v as Record<string, unknown>;
        health = {
          url: String(h.url),
          ...(Array.isArray(h.status) ? { status: h.status.map(Number) } : typeof h.status === 'number' ? { status: [h.status] } : {}),
          ...(typeof h.contains === 'string' ? { contains: h.contains } : {}),
        };
      } else throw fail(m('badHealth'));
    } else if (typeof v === 'string') outputs[k] = v;
  }
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    name: text_(d.name, d.name_fr),
    description: text_(d.description, d.description_fr),
    platforms: list(d.platforms),
    parameters,
    outputs,
    ...(health ? { health } : {}),
    services: list(d.services),
    installs: fr && Array.isArray(d.installs_fr) ? list(d.installs_fr) : list(d.installs),
  };
}

/** Reads and parses an app manifest file. */
export async function readAppManifest(file: string): Promise<AppManifest> {
  return parseAppManifest(await readFile(file, 'utf8'), file);
}

/** Fills {placeholders} from values; unknown ones are left as they are. */
export function fillTemplate(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (values[key] === undefined || values[key] === null ? whole : String(values[key])));
}
