/** Help pages: the command list (`cloudya --help`) and one command's page (`cloudya X --help`). */
import type { CommandSpec, OptionSpec } from './core/command.js';
import { defineMessages, getLang, tr } from './core/i18n.js';
import { style } from './core/style.js';
import { GLOBAL_OPTIONS } from './globals.js';

const m = defineMessages({
  en: {
    tagline: 'the DevOps assistant for your terminal',
    usage: 'Usage',
    shell: 'with no arguments on a terminal: the full-screen shell (Chat, Monitor, Deploy, Diagnose)',
    commands: 'Commands',
    actions: 'Actions',
    options: 'Options',
    globals: 'Global options',
    examples: 'Examples',
    more: 'Run "cloudya <command> --help" for its actions, options and examples.',
    env: 'Environment: CLOUDYA_HOME (default ~/.cloudya), CLOUDYA_DEBUG=1 (timings and subprocesses on stderr), NO_COLOR.',
    exitCodes: 'Exit codes: 0 ok, 1 failure, 2 usage error, 3 problems found, 130 interrupted.',
    default: 'default',
    colon: ':',
    mainUsage: 'cloudya <command> [action] [args] [options]',
    actionUsage: '<action> [args] [options]',
    optionsWord: '[options]',
    onlyFor: 'with {actions}',
  },
  fr: {
    tagline: "l'assistant DevOps de votre terminal",
    usage: 'Usage',
    shell: 'sans argument dans un terminal : le shell plein écran (Chat, Supervision, Déploiement, Diagnostic)',
    commands: 'Commandes',
    actions: 'Actions',
    options: 'Options',
    globals: 'Options globales',
    examples: 'Exemples',
    more: '« cloudya <commande> --help » détaille ses actions, options et exemples.',
    env: 'Environnement : CLOUDYA_HOME (par défaut ~/.cloudya), CLOUDYA_DEBUG=1 (durées et sous-processus sur stderr), NO_COLOR.',
    exitCodes: 'Codes de sortie : 0 ok, 1 échec, 2 erreur d’usage, 3 problèmes détectés, 130 interrompu.',
    default: 'défaut',
    colon: ' :',
    mainUsage: 'cloudya <commande> [action] [arguments] [options]',
    actionUsage: '<action> [arguments] [options]',
    optionsWord: '[options]',
    onlyFor: 'avec {actions}',
  },
});

/** Placeholders in French, so that "--file FICHIER" matches the description that says FICHIER. */
const FRENCH_PLACEHOLDERS: Record<string, string> = { DIR: 'DOSSIER', ENGINE: 'MOTEUR', FAMILY: 'FAMILLE', FILE: 'FICHIER', NAME: 'NOM', RULE: 'RÈGLE', SECONDS: 'SECONDES', WHEN: 'QUAND', VALUE: 'VALEUR', MIB: 'MIO', KEY: 'CLÉ', QUESTION: 'QUESTION', COMMAND: 'COMMANDE' };

function placeholder(name: string): string {
  return getLang() === 'fr' ? name.replace(/[A-Z]+/g, (w) => FRENCH_PLACEHOLDERS[w] ?? w) : name;
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '    ';
  const value = spec.type === 'boolean' ? '' : ` ${spec.valueName ? placeholder(spec.valueName) : spec.choices ? spec.choices.join('|') : spec.type === 'number' ? 'N' : placeholder('VALUE')}`;
  return `${short}--${name}${value}`;
}

function table(rows: Array<[string, string]>, indent = 2): string {
  const width = Math.min(34, Math.max(...rows.map(([a]) => a.length)) + 2);
  return rows
    .map(([a, b]) => (a.length + 2 > width ? `${' '.repeat(indent)}${a}\n${' '.repeat(indent + width)}${b}` : `${' '.repeat(indent)}${a.padEnd(width)}${b}`))
    .join('\n');
}

/** A section heading: "Options:" / "Options :" (French puts a space before the colon). */
function heading(text: string): string {
  return style().bold(`${text}${m('colon')}`);
}

function optionRows(options: Record<string, OptionSpec>, command = ''): Array<[string, string]> {
  return Object.entries(options).map(([name, spec]) => {
    const def = spec.default !== undefined && spec.type !== 'boolean' ? ` (${m('default')}${m('colon')} ${String(spec.default)})` : '';
    const description = tr(spec.description);
    // Say which actions an option belongs to, unless its description already starts with one ("report: ...").
    const scoped = spec.actions?.length && !spec.actions.some((a) => new RegExp(`^${a} ?:`).test(description)) ? ` [${m('onlyFor', { actions: (spec.actions.includes('') ? spec.actions.map((a) => `cloudya ${command}${a ? ` ${a}` : ''}`) : spec.actions).join(', ') })}]` : '';
    return [optionLabel(name, spec), `${description}${def}${scoped}`];
  });
}

/** The top-level help: every command with its one-line summary. */
export function mainHelp(version: string, commands: Map<string, CommandSpec>): string {
  const s = style();
  const lines = [
    `${s.bold('cloudya')} ${version} - ${m('tagline')}`,
    '',
    `${heading(m('usage'))} ${m('mainUsage')}`,
    `       cloudya   (${m('shell')})`,
    '',
    heading(m('commands')),
    table([...commands].map(([name, spec]) => [name, tr(spec.summary)])),
    '',
    heading(m('globals')),
    table([...optionRows(GLOBAL_OPTIONS), ['-V, --version', tr({ en: 'Print the version', fr: 'Afficher la version' })]]),
    '',
    m('more'),
    m('env'),
    m('exitCodes'),
  ];
  return `${lines.join('\n')}\n`;
}

/** One command's help page: usage, actions, options, examples. */
export function commandHelp(name: string, spec: CommandSpec): string {
  const usage = spec.actions
    ? `cloudya ${name} ${m('actionUsage')}`
    : `cloudya ${name}${spec.args ? ` ${placeholder(spec.args)}` : ''} ${m('optionsWord')}`;
  const lines = [`${heading(m('usage'))} ${usage}`, '', tr(spec.summary)];
  if (spec.actions) {
    lines.push('', heading(m('actions')));
    lines.push(table(Object.entries(spec.actions).map(([a, as]) => [`${a}${as.args ? ` ${placeholder(as.args)}` : ''}`, tr(as.summary)])));
  }
  if (spec.options && Object.keys(spec.options).length) {
    lines.push('', heading(m('options')), table(optionRows(spec.options, name)));
  }
  lines.push('', heading(m('globals')), table(optionRows(GLOBAL_OPTIONS)));
  if (spec.notes) lines.push('', tr(spec.notes));
  if (spec.examples?.length) {
    lines.push('', heading(m('examples')), ...spec.examples.map((e) => `  ${e}`));
  }
  return `${lines.join('\n')}\n`;
}

function optionDocs(options: Record<string, OptionSpec>) {
  return Object.entries(options).map(([name, spec]) => ({
    name: `--${name}`,
    ...(spec.short ? { short: `-${spec.short}` } : {}),
    type: spec.type,
    ...(spec.choices ? { choices: spec.choices } : {}),
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.actions ? { actions: spec.actions } : {}),
    description: tr(spec.description),
  }));
}

/** The top-level help as one JSON document (for --output json). */
export function mainHelpDocument(version: string, commands: Map<string, CommandSpec>): Record<string, unknown> {
  return {
    version,
    usage: m('mainUsage'),
    commands: [...commands].map(([name, spec]) => ({ name, summary: tr(spec.summary) })),
    global_options: optionDocs(GLOBAL_OPTIONS),
  };
}

/** One command's help as one JSON document (for --output json). */
export function commandHelpDocument(name: string, spec: CommandSpec): Record<string, unknown> {
  return {
    command: name,
    summary: tr(spec.summary),
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.actions ? { actions: Object.entries(spec.actions).map(([a, as]) => ({ name: a, ...(as.args ? { args: as.args } : {}), summary: tr(as.summary) })) } : {}),
    options: optionDocs(spec.options ?? {}),
    global_options: optionDocs(GLOBAL_OPTIONS),
    ...(spec.notes ? { notes: tr(spec.notes) } : {}),
    examples: spec.examples ?? [],
  };
}
