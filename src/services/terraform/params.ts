/**
 * Template parameters: merging manifest.yaml with variables.tf, parsing `--params k=v,k2=v2`,
 * and checking values before Terraform runs (required, types, validation blocks, unknown keys).
 */
import { UsageError } from '../../core/errors.js';
import { defineMessages, getLang } from '../../core/i18n.js';
import { clip } from '../../core/printable.js';
import { closest } from '../../core/suggest.js';
import { checksCidr, choicesOf, evaluateCondition } from './conditions.js';
import type { Manifest } from './manifest.js';
import type { ParamType, ParamValue, TemplateParam } from './types.js';
import type { VariableDef } from './variables.js';

const m = defineMessages({
  en: {
    onlyManifest: 'parameter "{name}" is in manifest.yaml but not declared in variables.tf (Terraform would refuse it)',
    onlyVariables: 'variable "{name}" is declared in variables.tf but not listed in manifest.yaml',
    defaultDiffers: 'parameter "{name}": manifest default {manifest} differs from variables.tf default {variables}',
    requiredDiffers: 'parameter "{name}": manifest says required but variables.tf gives a default ({variables}); the default applies',
    badPair: 'cannot read "{pair}" in --params: expected key=value',
    badPairHint: 'e.g. --params name=web,node_count=2 (see the parameters with "cloudya deploy show TEMPLATE")',
    unknown: 'unknown parameter "{name}" for template {template}',
    didYouMean: 'did you mean "{suggestion}"? Parameters: {all}',
    didYouMeanShort: 'did you mean "{suggestion}"?',
    listParams: 'parameters of {template}: {all}',
    missing: 'missing required parameter "{name}" ({description})',
    missingBare: 'missing required parameter "{name}"',
    undeclared: 'parameter "{name}" is listed in manifest.yaml but not declared in variables.tf: Terraform would ignore its value',
    undeclaredHint: 'fix the template: declare variable "{name}" in variables.tf or correct its name in manifest.yaml (see "cloudya deploy show {template}")',
    several: '{count} problems with the parameters of template {template}:',
    severalHint: 'see "cloudya deploy show {template}" for every parameter and its allowed values',
    missingHint: 'give it with --params {name}=VALUE (see "cloudya deploy show {template}")',
    notNumber: 'parameter "{name}" must be a number, got "{value}"',
    notBool: 'parameter "{name}" must be true or false, got "{value}"',
    notList: 'parameter "{name}" must be a list (JSON such as ["a","b"] or a YAML list in --params-file)',
    notMap: 'parameter "{name}" must be a map (JSON such as {"k":"v"} or a YAML mapping in --params-file)',
    notString: 'parameter "{name}" must be a string',
    invalid: 'invalid value for "{name}": {message}',
    notChoice: 'expected one of {choices}',
    notCidr: 'expected a CIDR block such as 10.0.0.0/16',
    showHint: 'see "cloudya deploy show {template}" for the allowed values',
  },
  fr: {
    onlyManifest: 'le paramètre « {name} » est dans manifest.yaml mais pas déclaré dans variables.tf (Terraform le refuserait)',
    onlyVariables: 'la variable « {name} » est déclarée dans variables.tf mais absente de manifest.yaml',
    defaultDiffers: 'paramètre « {name} » : la valeur par défaut du manifeste {manifest} diffère de celle de variables.tf {variables}',
    requiredDiffers: 'paramètre « {name} » : requis selon le manifeste mais variables.tf donne une valeur par défaut ({variables}) ; elle s’applique',
    badPair: 'impossible de lire « {pair} » dans --params : clé=valeur attendu',
    badPairHint: 'par ex. --params name=web,node_count=2 (les paramètres : « cloudya deploy show TEMPLATE »)',
    unknown: 'paramètre inconnu « {name} » pour le template {template}',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? Paramètres : {all}',
    didYouMeanShort: 'vouliez-vous dire « {suggestion} » ?',
    listParams: 'paramètres de {template} : {all}',
    missing: 'paramètre requis manquant « {name} » ({description})',
    missingBare: 'paramètre requis manquant « {name} »',
    undeclared: 'le paramètre « {name} » est listé dans manifest.yaml mais pas déclaré dans variables.tf : Terraform ignorerait sa valeur',
    undeclaredHint: 'corrigez le template : déclarez la variable « {name} » dans variables.tf ou corrigez son nom dans manifest.yaml (voir « cloudya deploy show {template} »)',
    several: '{count} problèmes dans les paramètres du template {template} :',
    severalHint: 'voir « cloudya deploy show {template} » pour chaque paramètre et ses valeurs permises',
    missingHint: 'donnez-le avec --params {name}=VALEUR (voir « cloudya deploy show {template} »)',
    notNumber: 'le paramètre « {name} » doit être un nombre, reçu « {value} »',
    notBool: 'le paramètre « {name} » doit valoir true ou false, reçu « {value} »',
    notList: 'le paramètre « {name} » doit être une liste (JSON comme ["a","b"] ou une liste YAML dans --params-file)',
    notMap: 'le paramètre « {name} » doit être un dictionnaire (JSON comme {"k":"v"} ou YAML dans --params-file)',
    notString: 'le paramètre « {name} » doit être une chaîne',
    invalid: 'valeur invalide pour « {name} » : {message}',
    notChoice: 'une valeur parmi {choices} attendue',
    notCidr: 'un bloc CIDR comme 10.0.0.0/16 est attendu',
    showHint: 'voir « cloudya deploy show {template} » pour les valeurs permises',
  },
});

/** Names that mark a parameter as sensitive: password, secret, token, *_key (not public keys or key names). */
const SENSITIVE_NAME = /(pass(word|wd)?|secret|token|credential|(^|_)(api_|access_|private_|secret_)?key$)/i;

/** True when a parameter name alone says it holds a secret. */
export function looksSensitive(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !/public_?key/i.test(name);
}

/** Maps a Terraform type expression to the value type Cloudya checks. */
export function paramType(typeExpr: string): ParamType {
  const t = typeExpr.replace(/\s+/g, '');
  if (t === 'string' || t === 'number' || t === 'bool') return t;
  if (/^(list|set|tuple)\b/.test(t)) return 'list';
  if (/^(map|object)\b/.test(t)) return 'map';
  return 'any';
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

/** Merges manifest parameters with variable declarations and lists the disagreements. */
export function mergeParameters(manifest: Manifest, variables: VariableDef[]): { parameters: TemplateParam[]; mismatches: string[] } {
  const mismatches: string[] = [];
  const vars = new Map(variables.map((v) => [v.name, v]));
  const listed = new Set(manifest.parameters.map((p) => p.name));
  const parameters: TemplateParam[] = [];
  const order = [...manifest.parameters.map((p) => p.name), ...variables.map((v) => v.name).filter((n) => !listed.has(n))];
  for (const name of order) {
    const mp = manifest.parameters.find((p) => p.name === name);
    const v = vars.get(name);
    if (mp && !v) mismatches.push(m('onlyManifest', { name }));
    if (v && !mp) mismatches.push(m('onlyVariables', { name }));
    if (mp && v) {
      if (mp.default !== undefined && v.hasDefault && JSON.stringify(mp.default) !== JSON.stringify(v.default)) {
        mismatches.push(m('defaultDiffers', { name, manifest: show(mp.default), variables: show(v.default) }));
      }
      if (mp.required === true && mp.default === undefined && v.hasDefault) mismatches.push(m('requiredDiffers', { name, variables: show(v.default) }));
    }
    const typeExpr = v?.type ?? 'string';
    const french = getLang() === 'fr';
    // A French validation text from the manifest replaces Terraform's error_message of the same block.
    const rules = (v?.validations ?? []).map((r, i) => (french && mp?.error_fr?.[i] ? { ...r, message: mp.error_fr[i] } : r));
    const choices = rules.map((r) => choicesOf(r.condition, name)).find((c) => c !== undefined);
    const def = (v?.hasDefault ? v.default : mp?.default) as ParamValue | undefined;
    parameters.push({
      name,
      description: (french ? mp?.description_fr : undefined) ?? mp?.description ?? v?.description ?? '',
      type: paramType(typeExpr),
      typeExpr,
      default: def,
      // Terraform decides: no default means Terraform will ask for it.
      required: v ? !v.hasDefault : mp?.required === true && mp.default === undefined,
      sensitive: !!(mp?.sensitive || v?.sensitive || looksSensitive(name)),
      choices,
      format: rules.some((r) => checksCidr(r.condition, name)) ? 'cidr' : undefined,
      rules,
      // Terraform drops a value for a variable it does not declare (a warning only): refused before it runs.
      ...(mp && !v ? { undeclared: true as const } : {}),
    });
  }
  return { parameters, mismatches };
}

/** Splits `k=v,k2=v2` into pairs; a comma only separates when a `key=` follows, so values may hold commas. */
export function parseParamString(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (text.trim() === '') return out;
  for (const pair of text.split(/,(?=\s*[A-Za-z_][A-Za-z0-9_-]*\s*=)/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(m('badPair', { pair }), { flag: 'params', hint: m('badPairHint'), code: 'bad_params' });
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

function coerce(p: TemplateParam, raw: unknown): ParamValue {
  const fromText = typeof raw === 'string';
  const fail = (key: 'notNumber' | 'notBool' | 'notList' | 'notMap' | 'notString') =>
    new UsageError(m(key, { name: p.name, value: clip(String(raw)) }), { flag: 'params', code: 'bad_param_value' });
  switch (p.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : fromText && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw fail('notNumber');
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).toLowerCase();
      if (['true', 'yes', '1', 'on'].includes(s)) return true;
      if (['false', 'no', '0', 'off'].includes(s)) return false;
      throw fail('notBool');
    }
    case 'list':
    case 'map': {
      let v = raw;
      if (fromText) {
        try {
          v = JSON.parse(raw);
        } catch {
          throw fail(p.type === 'list' ? 'notList' : 'notMap');
        }
      }
      if (p.type === 'list' ? !Array.isArray(v) : !v || typeof v !== 'object' || Array.isArray(v)) throw fail(p.type === 'list' ? 'notList' : 'notMap');
      return v as ParamValue;
    }
    case 'string':
      if (raw !== null && typeof raw === 'object') throw fail('notString');
      return String(raw);
    default:
      return raw as ParamValue;
  }
}

/** One parameter's problem, or undefined when the value passes every check Cloudya understands. */
export function checkParam(p: TemplateParam, value: ParamValue): string | undefined {
  for (const rule of p.rules) {
    if (evaluateCondition(rule.condition, p.name, value) === false) {
      return rule.message || (p.choices ? m('notChoice', { choices: p.choices.join(', ') }) : p.format === 'cidr' ? m('notCidr') : rule.condition);
    }
  }
  return undefined;
}

/** The template's own fault: a value for this parameter would never reach Terraform. */
function undeclaredError(p: TemplateParam, template: string): UsageError {
  return new UsageError(m('undeclared', { name: p.name }), { flag: 'params', hint: m('undeclaredHint', { name: p.name, template }), code: 'undeclared_param' });
}

/** Coerces one raw value (text from the command line or the form) and checks it; throws a UsageError. */
export function coerceParam(p: TemplateParam, raw: unknown, template: string): ParamValue {
  if (p.undeclared) throw undeclaredError(p, template);
  let value: ParamValue;
  try {
    value = coerce(p, raw);
  } catch (err) {
    // A value of the wrong type gets the same way out as any bad value: where the allowed values are listed.
    if (!(err instanceof UsageError) || err.hint) throw err;
    throw new UsageError(err.message, { flag: 'params', hint: m('showHint', { template }), code: err.code });
  }
  const problem = checkParam(p, value);
  if (problem) {
    throw new UsageError(m('invalid', { name: p.name, message: problem }), { flag: 'params', hint: m('showHint', { template }), code: 'bad_param_value' });
  }
  return value;
}

/**
 * Checks user values against a template's parameters; returns the values to pass (defaults left to Terraform).
 * A null value (`name: null` in a params file) means "not given". Every problem is reported, one line each.
 */
export function resolveParams(template: { id: string; parameters: TemplateParam[] }, given: Record<string, unknown>): Record<string, ParamValue> {
  const byName = new Map(template.parameters.map((p) => [p.name, p]));
  const all = template.parameters.map((p) => p.name).join(', ');
  const problems: Array<{ error: UsageError; suggestion?: string }> = [];
  for (const key of Object.keys(given)) {
    if (!byName.has(key)) {
      const suggestion = closest(key, byName.keys());
      const error = new UsageError(m('unknown', { name: key, template: template.id }), {
        flag: 'params',
        hint: suggestion ? m('didYouMean', { suggestion, all }) : m('listParams', { template: template.id, all }),
        code: 'unknown_param',
      });
      problems.push({ error, suggestion });
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const p of template.parameters) {
    const raw = given[p.name];
    if (raw === undefined || raw === null) {
      // Asking for a required value Terraform would ignore helps nobody: the template needs fixing.
      if (p.required && p.undeclared) problems.push({ error: undeclaredError(p, template.id) });
      else if (p.required) {
        const error = new UsageError(p.description ? m('missing', { name: p.name, description: p.description }) : m('missingBare', { name: p.name }), {
          flag: 'params',
          hint: m('missingHint', { name: p.name, template: template.id }),
          code: 'missing_param',
        });
        problems.push({ error });
      }
      continue;
    }
    try {
      out[p.name] = coerceParam(p, raw, template.id);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push({ error: err });
    }
  }
  if (problems.length === 1) throw problems[0].error;
  if (problems.length > 1) {
    const lines = problems.map(({ error, suggestion }) => `  - ${error.message}${suggestion ? ` (${m('didYouMeanShort', { suggestion })})` : ''}`);
    const codes = new Set(problems.map((x) => x.error.code));
    // Undeclared parameters are the template's fault: their hint says how to fix it.
    const undeclared = problems.find((x) => x.error.code === 'undeclared_param');
    throw new UsageError([m('several', { count: problems.length, template: template.id }), ...lines].join('\n'), {
      flag: 'params',
      hint: undeclared?.error.hint ?? m('severalHint', { template: template.id }),
      code: codes.size === 1 ? problems[0].error.code : 'bad_params',
    });
  }
  return out;
}

/** Splits values into those written to a tfvars file and the sensitive ones passed as TF_VAR_ variables. */
export function splitSensitive(parameters: TemplateParam[], values: Record<string, ParamValue>) {
  const sensitive = new Set(parameters.filter((p) => p.sensitive).map((p) => p.name));
  const plain: Record<string, ParamValue> = {};
  const secret: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(values)) (sensitive.has(k) ? secret : plain)[k] = v;
  return { plain, secret };
}

/** The TF_VAR_ environment for sensitive values (strings as-is, others in HCL/JSON syntax). */
export function tfVarEnv(values: Record<string, ParamValue>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) env[`TF_VAR_${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  return env;
}

/** A copy of values with sensitive ones masked, for display and deployment.json. */
export function maskParams(parameters: TemplateParam[], values: Record<string, unknown>): Record<string, unknown> {
  const sensitive = new Set(parameters.filter((p) => p.sensitive).map((p) => p.name));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, sensitive.has(k) || looksSensitive(k) ? '****' : v]));
}
