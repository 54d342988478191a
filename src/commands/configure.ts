import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';
import { visible } from '../core/printable.js';

const m = defineMessages({
  en: {
    header: 'Configuration (flag > environment > file > default)',
    set: 'Set {key} = {value} in {file}',
    unset: 'Removed {key} from {file} (now: {value}, from {source})',
    key: 'KEY',
    value: 'VALUE',
    source: 'SOURCE',
    files: 'Files: {config}  {credentials}',
    src_default: 'default',
    src_file: 'file',
    src_env: 'env',
    src_flag: 'flag',
  },
  fr: {
    header: 'Configuration (option > environnement > fichier > défaut)',
    set: '{key} = {value} enregistré dans {file}',
    unset: '{key} retiré de {file} (maintenant : {value}, source {source})',
    key: 'CLÉ',
    value: 'VALEUR',
    source: 'SOURCE',
    files: 'Fichiers : {config}  {credentials}',
    src_default: 'défaut',
    src_file: 'fichier',
    src_env: 'environnement',
    src_flag: 'option',
  },
});

/** Where a value comes from, in the user's language (JSON keeps "default", "file", "env", "flag"). */
function sourceWord(source: string): string {
  return (m as (k: string) => string | undefined)(`src_${source}`) ?? source;
}

/** A value as text; it comes from a hand-editable file, so control characters are shown escaped. */
function show(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (Array.isArray(value)) return value.length ? visible(value.join(',')) : '[]';
  return visible(String(value));
}

export default defineCommand({
  summary: { en: 'Show or change the configuration (~/.cloudya/config.json)', fr: 'Afficher ou modifier la configuration (~/.cloudya/config.json)' },
  actions: {
    show: { summary: { en: 'Show every setting, its value and where it comes from (default)', fr: 'Afficher chaque paramètre, sa valeur et sa source (par défaut)' } },
    get: { summary: { en: 'Print one setting', fr: 'Afficher un paramètre' }, args: 'KEY', minArgs: 1, maxArgs: 1 },
    set: { summary: { en: 'Validate and save a setting', fr: 'Valider et enregistrer un paramètre' }, args: 'KEY VALUE', minArgs: 2, maxArgs: 2 },
    unset: { summary: { en: 'Remove a setting from the file (back to default)', fr: 'Retirer un paramètre du fichier (retour au défaut)' }, args: 'KEY', minArgs: 1, maxArgs: 1 },
  },
  defaultAction: 'show',
  options: {
    'api-url': { type: 'string', valueName: 'URL', description: { en: "Set the Cloudya backend API URL (same as 'set api_url URL')", fr: "Définir l'URL de l'API Cloudya (comme 'set api_url URL')" } },
  },
  examples: [
    'cloudya configure',
    'cloudya configure set ai.engine openai',
    'cloudya configure set ai.base_url http://localhost:11434/v1',
    'cloudya configure unset ai.model',
    'cloudya configure --api-url http://localhost:8000',
    'CLOUDYA_TERRAFORM_PATH=/opt/bin/terraform cloudya configure get terraform_path',
  ],
  notes: {
    en: 'Each key can be overridden by an environment variable: CLOUDYA_ + the key in upper case, dots as underscores (ai.model -> CLOUDYA_AI_MODEL).',
    fr: "Chaque clé peut être surchargée par une variable d'environnement : CLOUDYA_ + la clé en majuscules, points remplacés par des soulignés (ai.model -> CLOUDYA_AI_MODEL).",
  },
  async run(ctx) {
    const { writeSetting, requireSpec } = await import('../core/config.js');
    const { style } = await import('../core/style.js');
    let action = ctx.action ?? 'show';
    let args = ctx.args;
    if (ctx.options['api-url'] !== undefined) {
      action = 'set';
      args = ['api_url', String(ctx.options['api-url'])];
    }
    if (action === 'set' || action === 'unset') {
      const key = args[0];
      const spec = requireSpec(key);
      // The configuration is not loaded first: set/unset must be able to repair an invalid value in it.
      const stored = await writeSetting(key, action === 'set' ? args[1] : undefined, ctx.env);
      const { userPaths } = await import('../core/paths.js');
      const file = userPaths(ctx.env).config;
      let entry: { value: unknown; source: string };
      try {
        entry = ctx.config({}).entries().find((e) => e.key === key)!;
      } catch {
        // Another value is still invalid (the next command will say which): report what was written.
        const { maskValue, redact } = await import('../core/redact.js');
        const value = stored ?? spec.default;
        entry = { value: typeof value === 'string' ? (spec.secret ? maskValue(value) : spec.type === 'url' ? redact(value) : value) : value, source: stored === undefined ? 'default' : 'file' };
      }
      const text =
        action === 'set'
          ? m('set', { key, value: show(entry.value), file })
          : m('unset', { key, file, value: show(entry.value), source: sourceWord(entry.source) });
      return { data: { key, value: entry.value ?? null, source: entry.source, file }, text };
    }
    const cfg = ctx.config();
    // configure shows both files: a broken credentials.yaml is reported here (file:line), as before.
    void cfg.credentials;
    if (action === 'get') {
      const key = args[0];
      requireSpec(key);
      const entry = cfg.entries().find((e) => e.key === key)!;
      return { data: { key, value: entry.value ?? null, source: entry.source }, text: show(entry.value) };
    }
    const entries = cfg.entries();
    const s = style();
    const width = Math.max(...entries.map((e) => e.key.length)) + 2;
    const valueWidth = Math.min(40, Math.max(...entries.map((e) => show(e.value).length)) + 2);
    const lines = [
      s.bold(m('header')),
      '',
      s.dim(`${m('key').padEnd(width)}${m('value').padEnd(valueWidth)}${m('source')}`),
      ...entries.map((e) => `${e.key.padEnd(width)}${show(e.value).padEnd(valueWidth)}${e.source === 'default' ? s.dim(sourceWord(e.source)) : s.cyan(sourceWord(e.source))}`),
      '',
      s.dim(m('files', { config: cfg.paths.config, credentials: cfg.paths.credentials })),
    ];
    return {
      data: {
        config_file: cfg.paths.config,
        credentials_file: cfg.paths.credentials,
        settings: Object.fromEntries(entries.map((e) => [e.key, { value: e.value ?? null, source: e.source }])),
      },
      text: lines.join('\n'),
    };
  },
});
