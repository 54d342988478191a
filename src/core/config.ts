/**
 * Effective configuration: defaults < ~/.cloudya/config.json < CLOUDYA_* environment < flags.
 * Files are created with defaults on first use; a file that fails to parse is reported with
 * its path and line and is never rewritten.
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { CloudyaError, UsageError } from './errors.js';
import { parseJsonWithLine, writeFileAtomically } from './files.js';
import { explainFsError, isUnwritable } from './fs-errors.js';
import { defineMessages } from './i18n.js';
import { debug } from './log.js';
import { cloudyaHome, ensureHome, expandHome, userPaths } from './paths.js';
import { maskValue, redact } from './redact.js';
import { envVarFor, SETTINGS, settingSpec, type SettingSpec, type SettingValue } from './settings.js';
import { closest } from './suggest.js';

export type Source = 'default' | 'file' | 'env' | 'flag';

export interface ConfigEntry {
  key: string;
  value: SettingValue | undefined;
  source: Source;
  secret: boolean;
}

const m = defineMessages({
  en: {
    parse: 'cannot parse this file: {reason}',
    notObject: 'the file must hold a JSON object',
    badFileValue: 'invalid value for "{key}": {reason}',
    badEnvValue: 'invalid value in ${env} for "{key}": {reason}',
    fixFile: 'Fix the file by hand (it was left unchanged), or move it away to start from defaults.',
    providersMapping: 'expected a mapping of providers',
    unknownKey: 'unknown setting "{key}"',
    badEnvValueHint: 'fix or unset ${env} (it overrides config.json)',
    badSetHint: 'nothing was saved; the setting keeps its value (cloudya configure get {key})',
    didYouMean: 'did you mean "{suggestion}"? Run "cloudya configure" to list settings.',
    listKeys: 'Run "cloudya configure" to list settings.',
    notNumber: 'expected a number, got "{value}"',
    notInteger: 'expected a whole number, got "{value}"',
    tooSmall: 'must be at least {min}',
    notAbove: 'must be greater than {min}',
    notEnvName: 'this setting takes the NAME of an environment variable (letters, digits and _, like OPENAI_API_KEY), not a key or other value; the value given was not saved or shown',
    envNameHint: 'put the key in a variable (export OPENAI_API_KEY=...) and give its name: cloudya configure set {key} OPENAI_API_KEY',
    order: '{key} = {value} must be {relation} {other} = {otherValue} (careful <= warning <= critical)',
    atMost: 'at most',
    atLeast: 'at least',
    orderHint: 'change {other} first, or pick a value between the levels around it (cloudya configure get {other})',
    tooLarge: 'must be at most {max}',
    notBoolean: 'expected true or false, got "{value}"',
    notChoice: 'expected one of {choices}, got "{value}"',
    notUrl: 'expected an http(s) URL, got "{value}"',
    empty: 'must not be empty',
    notText: 'the file is not text (binary content, or not UTF-8)',
    isFolder: 'this is a folder, not a file',
    unknownInFile: 'warning: {file}: unknown setting "{key}" (ignored)',
    unknownInFileHint: ' - did you mean "{suggestion}"?',
  },
  fr: {
    parse: 'fichier illisible : {reason}',
    notObject: 'le fichier doit contenir un objet JSON',
    badFileValue: 'valeur invalide pour « {key} » : {reason}',
    badEnvValue: 'valeur invalide dans ${env} pour « {key} » : {reason}',
    fixFile: "Corrigez le fichier à la main (il n'a pas été modifié), ou déplacez-le pour repartir des valeurs par défaut.",
    providersMapping: 'un dictionnaire de fournisseurs est attendu',
    unknownKey: 'paramètre inconnu « {key} »',
    badEnvValueHint: 'corrigez ou retirez ${env} (elle prime sur config.json)',
    badSetHint: "rien n'a été enregistré ; le paramètre garde sa valeur (cloudya configure get {key})",
    didYouMean: 'vouliez-vous dire « {suggestion} » ? « cloudya configure » liste les paramètres.',
    listKeys: '« cloudya configure » liste les paramètres.',
    notNumber: 'nombre attendu, reçu « {value} »',
    notInteger: 'nombre entier attendu, reçu « {value} »',
    tooSmall: 'doit valoir au moins {min}',
    notAbove: 'doit être supérieur à {min}',
    notEnvName: "ce paramètre prend le NOM d'une variable d'environnement (lettres, chiffres et _, comme OPENAI_API_KEY), pas une clé ni une autre valeur ; la valeur donnée n'a été ni enregistrée ni affichée",
    envNameHint: 'mettez la clé dans une variable (export OPENAI_API_KEY=...) et donnez son nom : cloudya configure set {key} OPENAI_API_KEY',
    order: '{key} = {value} doit être {relation} {other} = {otherValue} (attention <= avertissement <= critique)',
    atMost: 'au plus égal à',
    atLeast: 'au moins égal à',
    orderHint: "changez d'abord {other}, ou choisissez une valeur entre les niveaux qui l'encadrent (cloudya configure get {other})",
    tooLarge: 'doit valoir au plus {max}',
    notBoolean: 'true ou false attendu, reçu « {value} »',
    notChoice: 'une valeur parmi {choices} attendue, reçu « {value} »',
    notUrl: 'URL http(s) attendue, reçu « {value} »',
    empty: 'ne doit pas être vide',
    notText: "le fichier n'est pas du texte (contenu binaire, ou pas en UTF-8)",
    isFolder: "c'est un dossier, pas un fichier",
    unknownInFile: 'attention : {file} : paramètre inconnu « {key} » (ignoré)',
    unknownInFileHint: ' - vouliez-vous dire « {suggestion} » ?',
  },
});

export const DEFAULT_CREDENTIALS = `# Cloudya provider credentials (kept private: mode 0600).
# Secrets themselves stay in each provider's own store (~/.aws, gcloud, az);
# this file only says which profile, project or subscription to use.
aws:
  default_profile: "default"
  default_region: "us-east-1"

gcp:
  default_project: ""

azure:
  default_subscription: ""
`;

/** A refused value; `hint` says what to do instead when the generic one would not help. */
class BadValue extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Checks and converts a raw value for a setting; returns the value or throws a message. */
export function coerceSetting(spec: SettingSpec, raw: unknown): SettingValue {
  const s = typeof raw === 'string' ? raw.trim() : raw;
  // A pasted API key is the usual mistake here: refuse it without ever repeating it.
  if (spec.envVarName && (typeof s !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s))) throw new BadValue(m('notEnvName'), m('envNameHint', { key: spec.key }));
  switch (spec.type) {
    case 'number': {
      const n = typeof s === 'number' ? s : typeof s === 'string' && s !== '' ? Number(s) : NaN;
      if (!Number.isFinite(n)) throw new Error(m('notNumber', { value: String(raw) }));
      if (spec.integer && !Number.isInteger(n)) throw new Error(m('notInteger', { value: String(raw) }));
      if (spec.min !== undefined && spec.minExclusive && n <= spec.min) throw new Error(m('notAbove', { min: spec.min }));
      if (spec.min !== undefined && n < spec.min) throw new Error(m('tooSmall', { min: spec.min }));
      if (spec.max !== undefined && n > spec.max) throw new Error(m('tooLarge', { max: spec.max }));
      return n;
    }
    case 'boolean': {
      if (typeof s === 'boolean') return s;
      if (s === 'true' || s === '1' || s === 'yes') return true;
      if (s === 'false' || s === '0' || s === 'no') return false;
      throw new Error(m('notBoolean', { value: String(raw) }));
    }
    case 'enum': {
      const choices = spec.choices ?? [];
      const hit = choices.find((c) => c.toLowerCase() === String(s).toLowerCase());
      if (!hit) throw new Error(m('notChoice', { choices: choices.join('|'), value: String(raw) }));
      return hit;
    }
    case 'url': {
      const v = String(s);
      try {
        const u = new URL(v);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      } catch {
        throw new Error(m('notUrl', { value: v }));
      }
      return v.replace(/\/+$/, '');
    }
    case 'list': {
      if (Array.isArray(s)) return s.map(String);
      if (typeof s === 'string') return s === '' ? [] : s.split(',').map((x) => x.trim()).filter(Boolean);
      throw new Error(m('notChoice', { choices: 'a,b,c', value: String(raw) }));
    }
    default: {
      if (typeof s !== 'string' || s === '') throw new Error(m('empty'));
      return s;
    }
  }
}

const LEVELS = ['careful', 'warning', 'critical'] as const;
const THRESHOLD_KEY = /^monitor\.thresholds\.([a-z]+)\.(careful|warning|critical)$/;

/** Two levels of one metric out of order: `key` (the one to blame) against `other`. */
export interface ThresholdConflict {
  key: string;
  value: number;
  other: string;
  otherValue: number;
  /** `key` must be at most (`atMost`) or at least (`atLeast`) `other`. */
  relation: 'atMost' | 'atLeast';
}

/**
 * Checks careful <= warning <= critical for the metric of `key`, blaming `key` (the value just
 * written, or the one the user set) and naming the level it conflicts with.
 */
export function thresholdConflict(key: string, valueOf: (key: string) => unknown): ThresholdConflict | undefined {
  const match = THRESHOLD_KEY.exec(key);
  if (!match) return undefined;
  const [, metric, level] = match;
  const value = Number(valueOf(key));
  const at = LEVELS.indexOf(level as (typeof LEVELS)[number]);
  for (const [i, other] of LEVELS.entries()) {
    if (i === at) continue;
    const otherKey = `monitor.thresholds.${metric}.${other}`;
    const otherValue = Number(valueOf(otherKey));
    if (!Number.isFinite(value) || !Number.isFinite(otherValue)) continue;
    if (i > at && value > otherValue) return { key, value, other: otherKey, otherValue, relation: 'atMost' };
    if (i < at && value < otherValue) return { key, value, other: otherKey, otherValue, relation: 'atLeast' };
  }
  return undefined;
}

function conflictMessage(c: ThresholdConflict): string {
  return m('order', { key: c.key, value: c.value, relation: m(c.relation), other: c.other, otherValue: c.otherValue });
}

/** Looks up a key's spec or throws a usage error with a suggestion. */
export function requireSpec(key: string): SettingSpec {
  const spec = settingSpec(key);
  if (spec) return spec;
  const suggestion = closest(key, SETTINGS.map((s) => s.key));
  throw new UsageError(m('unknownKey', { key }), {
    hint: suggestion ? m('didYouMean', { suggestion }) : m('listKeys'),
    code: 'unknown_setting',
  });
}

function getPath(obj: Record<string, unknown>, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (!cur[part] || typeof cur[part] !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  if (value === undefined) delete cur[parts[parts.length - 1]];
  else cur[parts[parts.length - 1]] = value;
}

function pruneEmpty(obj: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      pruneEmpty(v as Record<string, unknown>);
      if (Object.keys(v).length === 0) delete obj[k];
    }
  }
}

/**
 * Reads a settings file as text, refusing a folder or binary content with a named error (a parse
 * error would otherwise echo raw bytes to the terminal). The file itself is never touched.
 */
function readTextFile(file: string, code: string): string {
  if (statSync(file).isDirectory()) throw new CloudyaError(m('isFolder'), { where: { file }, hint: m('fixFile'), code });
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  // NUL bytes or bytes that do not decode as UTF-8 (they become U+FFFD): not a settings file.
  if (bytes.includes(0) || (text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD')))) {
    throw new CloudyaError(m('notText'), { where: { file, line: 1 }, hint: m('fixFile'), code });
  }
  return text;
}

/** Keys of config.json that are no setting (a typo silently ignored is a setting that never applies). */
export function unknownSettingKeys(file: Record<string, unknown>): string[] {
  const known = new Set(SETTINGS.map((x) => x.key));
  const prefixes = new Set(SETTINGS.flatMap((x) => x.key.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  const out: string[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (known.has(key)) continue;
      if (prefixes.has(key) && v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, key);
      else out.push(key);
    }
  };
  walk(file, '');
  return out;
}

/** One warning line per unknown key of config.json, with the closest setting when there is one. */
export function unknownSettingWarnings(file: Record<string, unknown>, filePath: string): string[] {
  return unknownSettingKeys(file).map((key) => {
    const suggestion = closest(key, SETTINGS.map((x) => x.key));
    return m('unknownInFile', { file: filePath, key }) + (suggestion ? m('unknownInFileHint', { suggestion }) : '');
  });
}

/** Reads and parses config.json; throws a CloudyaError naming the file and line on bad JSON. */
export function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readTextFile(file, 'config_parse');
  let data: unknown;
  try {
    data = text.trim() === '' ? {} : parseJsonWithLine(text);
  } catch (err) {
    const line = (err as { line?: number }).line;
    throw new CloudyaError(m('parse', { reason: (err as Error).message }), {
      where: { file, line },
      hint: m('fixFile'),
      code: 'config_parse',
    });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new CloudyaError(m('notObject'), { where: { file, line: 1 }, hint: m('fixFile'), code: 'config_parse' });
  }
  return data as Record<string, unknown>;
}

/** Reads and parses credentials.yaml; throws naming the file and line on bad YAML. */
export function readCredentialsFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readTextFile(file, 'credentials_parse');
  try {
    const data = yaml.load(text, { filename: file });
    if (data === undefined || data === null) return {};
    if (typeof data !== 'object' || Array.isArray(data)) throw new Error(m('providersMapping'));
    return data as Record<string, unknown>;
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    throw new CloudyaError(m('parse', { reason }), {
      where: { file, line: mark ? mark.line + 1 : 1 },
      hint: m('fixFile'),
      code: 'credentials_parse',
    });
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, by setting key (highest precedence). */
  flags?: Record<string, unknown>;
  /** Create config.json and credentials.yaml with defaults when missing (default true). */
  create?: boolean;
}

/** The effective configuration with the source of every value. */
export class Config {
  readonly paths: ReturnType<typeof userPaths>;
  private credentialsData?: Record<string, unknown>;

  /** credentials.yaml as data; throws (file:line) when it does not parse. */
  get credentials(): Record<string, unknown> {
    this.credentialsData ??= this.loadCredentials();
    return this.credentialsData;
  }
  private readonly values = new Map<string, ConfigEntry>();

  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly file: Record<string, unknown>,
    /** Reads credentials.yaml when first needed: a broken file must not stop commands that need no credentials. */
    private readonly loadCredentials: () => Record<string, unknown>,
    flags: Record<string, unknown>,
  ) {
    this.paths = userPaths(env);
    for (const spec of SETTINGS) {
      let entry: ConfigEntry = { key: spec.key, value: this.defaultOf(spec), source: 'default', secret: !!spec.secret };
      const fromFile = getPath(file, spec.key);
      if (fromFile !== undefined && fromFile !== null) {
        try {
          entry = { ...entry, value: coerceSetting(spec, fromFile), source: 'file' };
        } catch (err) {
          throw new CloudyaError(m('badFileValue', { key: spec.key, reason: (err as Error).message }), {
            where: { file: this.paths.config },
            hint: m('fixFile'),
            code: 'config_value',
          });
        }
      }
      const envName = envVarFor(spec.key);
      const fromEnv = env[envName];
      if (fromEnv !== undefined && fromEnv !== '') {
        try {
          entry = { ...entry, value: coerceSetting(spec, fromEnv), source: 'env' };
        } catch (err) {
          throw new UsageError(m('badEnvValue', { env: envName, key: spec.key, reason: (err as Error).message }), { hint: m('badEnvValueHint', { env: envName }), code: 'bad_value' });
        }
      }
      if (flags[spec.key] !== undefined) {
        try {
          entry = { ...entry, value: coerceSetting(spec, flags[spec.key]), source: 'flag' };
        } catch (err) {
          throw new UsageError(`${spec.key}: ${(err as Error).message}`);
        }
      }
      this.values.set(spec.key, entry);
    }
    this.checkThresholds();
  }

  /** Refuses levels out of order, naming the level the user set (the most specific source) and where. */
  private checkThresholds(): void {
    const rank: Record<Source, number> = { default: 0, file: 1, env: 2, flag: 3 };
    for (const e of [...this.values.values()].filter((x) => x.source !== 'default').sort((a, b) => rank[b.source] - rank[a.source])) {
      const conflict = thresholdConflict(e.key, (k) => this.values.get(k)?.value);
      if (!conflict) continue;
      const hint = m('orderHint', { other: conflict.other });
      if (e.source === 'file') throw new CloudyaError(m('badFileValue', { key: e.key, reason: conflictMessage(conflict) }), { where: { file: this.paths.config }, hint, code: 'config_value' });
      if (e.source === 'env') throw new UsageError(m('badEnvValue', { env: envVarFor(e.key), key: e.key, reason: conflictMessage(conflict) }), { hint, code: 'bad_value' });
      throw new UsageError(conflictMessage(conflict), { hint, code: 'bad_value' });
    }
  }

  private defaultOf(spec: SettingSpec): SettingValue | undefined {
    if (spec.key === 'templates_dir') return path.join(cloudyaHome(this.env), 'templates');
    return spec.default;
  }

  /** The effective value of a key (paths have "~" expanded). */
  get<T extends SettingValue | undefined = SettingValue | undefined>(key: string): T {
    const entry = this.values.get(key);
    if (!entry) throw new Error(`unknown setting ${key}`);
    const spec = settingSpec(key)!;
    if (spec.type === 'path' && typeof entry.value === 'string') return expandHome(entry.value, this.env) as T;
    return entry.value as T;
  }

  /** Every setting with its value and source, secrets masked (and the password of a URL like http://user:pw@host). */
  entries(): ConfigEntry[] {
    return [...this.values.values()].map((e) => {
      if (typeof e.value !== 'string') return e;
      if (e.secret) return { ...e, value: maskValue(e.value) };
      return settingSpec(e.key)?.type === 'url' ? { ...e, value: redact(e.value) } : e;
    });
  }

  /** One entry (value unmasked) - for internal use. */
  entry(key: string): ConfigEntry | undefined {
    return this.values.get(key);
  }
}

function ensureFiles(env: NodeJS.ProcessEnv): void {
  const p = userPaths(env);
  ensureHome(env);
  if (!existsSync(p.config)) {
    const defaults: Record<string, unknown> = {};
    for (const key of ['terraform_path', 'ansible_path', 'templates_dir', 'log_level', 'ai.engine', 'ai.base_url', 'ai.model', 'ai.api_key_env']) {
      const spec = settingSpec(key)!;
      setPath(defaults, key, spec.default);
    }
    // Under a relocated home, the templates folder follows it.
    if (env.CLOUDYA_HOME) defaults.templates_dir = p.templates;
    writeFileSync(p.config, `${JSON.stringify(defaults, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
  }
  if (!existsSync(p.credentials)) {
    writeFileSync(p.credentials, DEFAULT_CREDENTIALS, { flag: 'wx', mode: 0o600 });
  } else if ((statSync(p.credentials).mode & 0o077) !== 0) {
    // Tighten permissions only; the content is the user's and stays untouched.
    chmodSync(p.credentials, 0o600);
  }
}

/** Loads the effective configuration (creating default files on first use). */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const p = userPaths(env);
  if (opts.create !== false) {
    try {
      ensureFiles(env);
    } catch (err) {
      // Creating the default files is a convenience: on a read-only or full home, commands that only
      // read go on with the defaults; a command that writes names the file it cannot write.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' && !isUnwritable(err)) throw err;
      debug(`default files not created: ${(err as Error).message}`);
    }
  }
  const file = readConfigFile(p.config);
  return new Config(env, file, () => readCredentialsFile(p.credentials), opts.flags ?? {});
}

/** Validates and writes one key to config.json atomically; `undefined` removes it. Returns the stored value. */
export async function writeSetting(key: string, raw: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<SettingValue | undefined> {
  const spec = requireSpec(key);
  let value: SettingValue | undefined;
  try {
    value = raw === undefined ? undefined : coerceSetting(spec, raw);
  } catch (err) {
    throw new UsageError(`${key}: ${(err as Error).message}`, { hint: (err as BadValue).hint ?? m('badSetHint', { key }), code: 'bad_value' });
  }
  const p = userPaths(env);
  try {
    ensureFiles(env);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw explainFsError(err, 'write', p.config) ?? err;
  }
  // Only a file that does not parse is refused: an invalid value elsewhere in it must stay repairable
  // with set/unset (loading the whole configuration would refuse the very command that fixes it).
  const data = readConfigFile(p.config);
  setPath(data, key, value);
  pruneEmpty(data);
  const conflict = thresholdConflict(key, (k) => {
    const stored = getPath(data, k);
    const spec = settingSpec(k);
    if (stored === undefined || stored === null || !spec) return spec?.default;
    try {
      return coerceSetting(spec, stored);
    } catch {
      return undefined;
    }
  });
  if (conflict) throw new UsageError(conflictMessage(conflict), { hint: m('orderHint', { other: conflict.other }), code: 'bad_value' });
  await writeFileAtomically(p.config, `${JSON.stringify(data, null, 2)}\n`, 0o644);
  return value;
}
