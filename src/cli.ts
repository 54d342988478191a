/**
 * Entry point: parse argv, load exactly one command module (or start the full-screen shell),
 * run it, print its result under the output contract, and own the exit code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { CommandContext, CommandSpec, ConfirmRequest, GlobalOptions, OptionSpec } from './core/command.js';
import type { Config } from './core/config.js';
import { CloudyaError, ExitCode, InterruptedError, isAbortError, UsageError } from './core/errors.js';
import { exitHeld, msSinceExitHeldReleased } from './core/exit-hold.js';
import { defineMessages, detectLang, setLang, type Lang } from './core/i18n.js';
import { debug, debugEnabled, setDebugSetting } from './core/log.js';
import { emitLine, printError, printResult, toJson, type Io, type OutputMode } from './core/output.js';
import { packageRoot } from './core/paths.js';
import { colorWanted, configureColor, style } from './core/style.js';
import { clip } from './core/printable.js';
import { closest } from './core/suggest.js';
import { GLOBAL_OPTIONS } from './globals.js';
import { commandNames, loadAllCommands, loadCommand } from './registry.js';

const m = defineMessages({
  en: {
    unknownCommand: 'unknown command "{name}"',
    unknownAction: 'unknown action "{action}" for "cloudya {command}"',
    missingAction: '"cloudya {command}" needs an action: {actions}',
    unknownOption: 'unknown option {option} for "cloudya {command}"',
    unknownOptionTop: 'unknown option {option}',
    missingValue: 'option --{option} needs a value',
    badChoice: '--{option} must be one of {choices}, got "{value}"',
    notNumber: '--{option} must be a number, got "{value}"',
    notInteger: '--{option} must be a whole number, got "{value}"',
    tooSmall: '--{option} must be {op} {min}, got {value}',
    tooLarge: '--{option} must be at most {max}, got {value}',
    notUtf8: 'argument {index} holds bytes that are not valid UTF-8 (shown as \uFFFD): Cloudya would act on something other than what was typed',
    notUtf8Hint: 'retype it in UTF-8, or use an ASCII form of the text',
    tooFewArgs: '"cloudya {command}{action}" expects {expected}',
    tooManyArgs: 'unexpected argument "{arg}" for "cloudya {command}{action}"',
    optionNotHere: '--{option} does not apply to "cloudya {command}{action}"; it is for: {where}',
    didYouMean: 'did you mean "{suggestion}"?',
    seeHelp: 'run "cloudya {command} --help" to see what it accepts',
    seeMainHelp: 'run "cloudya --help" to list commands',
    confirmNoTty: 'confirmation needed, but there is no terminal to ask on',
    confirmNoTtyHint: 'add --yes to confirm from a script',
    interrupted: 'interrupted',
    unexpected: 'unexpected error: {message}',
    unexpectedHint: 'run again with CLOUDYA_DEBUG=1 for details',
    yesNo: '[y/N]',
    yesNoDefaultYes: '[Y/n]',
  },
  fr: {
    unknownCommand: 'commande inconnue « {name} »',
    unknownAction: 'action inconnue « {action} » pour « cloudya {command} »',
    missingAction: '« cloudya {command} » attend une action : {actions}',
    unknownOption: 'option inconnue {option} pour « cloudya {command} »',
    unknownOptionTop: 'option inconnue {option}',
    missingValue: "l'option --{option} attend une valeur",
    badChoice: '--{option} doit valoir {choices}, reçu « {value} »',
    notNumber: '--{option} doit être un nombre, reçu « {value} »',
    notInteger: '--{option} doit être un nombre entier, reçu « {value} »',
    tooSmall: '--{option} doit être {op} {min}, reçu {value}',
    tooLarge: '--{option} doit valoir au plus {max}, reçu {value}',
    notUtf8: "l'argument {index} contient des octets qui ne sont pas de l'UTF-8 valide (affichés \uFFFD) : Cloudya agirait sur autre chose que ce qui a été tapé",
    notUtf8Hint: 'retapez-le en UTF-8, ou utilisez une forme ASCII du texte',
    tooFewArgs: '« cloudya {command}{action} » attend {expected}',
    tooManyArgs: 'argument inattendu « {arg} » pour « cloudya {command}{action} »',
    optionNotHere: '--{option} ne s’applique pas à « cloudya {command}{action} » ; il sert à : {where}',
    didYouMean: 'vouliez-vous dire « {suggestion} » ?',
    seeHelp: '« cloudya {command} --help » montre ce qu’elle accepte',
    seeMainHelp: '« cloudya --help » liste les commandes',
    confirmNoTty: "confirmation nécessaire, mais aucun terminal pour la demander",
    confirmNoTtyHint: 'ajoutez --yes pour confirmer depuis un script',
    interrupted: 'interrompu',
    unexpected: 'erreur inattendue : {message}',
    unexpectedHint: 'relancez avec CLOUDYA_DEBUG=1 pour les détails',
    yesNo: '[o/N]',
    yesNoDefaultYes: '[O/n]',
  },
});

/** The package version (from package.json). */
export function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export interface MainOptions {
  io?: Io;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Finds the value given to a global string option before full parsing (for --lang/--output on early errors). */
function peekOption(argv: string[], name: string, short?: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === `--${name}` || (short && a === `-${short}`)) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** "fr_FR.UTF-8", "FR", "fr-CA" -> "fr": --lang takes what LANG would hold too. */
function langCode(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase().split(/[_.@-]/)[0] : undefined;
}

function isHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function toParseArgsOptions(options: Record<string, OptionSpec>) {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  return out;
}

/**
 * Joins "--count -1" into "--count=-1" so a negative number reaches validation instead of looking like a
 * flag; likewise the VALUE of `configure set KEY -5` is moved after "--" to stay a positional.
 */
function joinNegativeValues(argv: string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  const positionals: string[] = [];
  const shortTakesValue = new Set(Object.values(options).filter((o) => o.short && o.type !== 'boolean').map((o) => `-${o.short}`));
  let negativeValue: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const spec = name ? options[name] : undefined;
    if (spec && spec.type !== 'boolean' && /^-\d/.test(argv[i + 1] ?? '')) {
      out.push(`${a}=${argv[i + 1]}`);
      i++;
    } else if (/^-\d/.test(a) && negativeValue === undefined && positionals.length === 3 && positionals[0] === 'configure' && positionals[1] === 'set') {
      negativeValue = a;
      positionals.push(a);
    } else {
      out.push(a);
      if (((spec && spec.type !== 'boolean') || shortTakesValue.has(a)) && i + 1 < argv.length) out.push(argv[++i]);
      else if (!a.startsWith('-') || a === '-') positionals.push(a);
    }
  }
  if (negativeValue === undefined) return out;
  // After "--" everything is positional; the value keeps its place as the third positional.
  const dashes = out.indexOf('--');
  if (dashes === -1) return [...out, '--', negativeValue];
  return [...out.slice(0, dashes + 1), negativeValue, ...out.slice(dashes + 1)];
}

function convertOption(name: string, spec: OptionSpec, raw: unknown, command?: string): unknown {
  if (raw === undefined) return spec.default;
  if (spec.type === 'boolean') return raw;
  // Every bad value says where to read what the option accepts.
  const hint = command ? m('seeHelp', { command }) : m('seeMainHelp');
  const check = (value: string): unknown => {
    if (spec.choices && !spec.choices.includes(value)) {
      const suggestion = closest(value, spec.choices);
      throw new UsageError(m('badChoice', { option: name, choices: spec.choices.join('|'), value: clip(value) }), {
        flag: `--${name}`,
        hint: suggestion ? m('didYouMean', { suggestion }) : hint,
        code: 'bad_value',
      });
    }
    if (spec.type !== 'number') return value;
    const n = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(n)) throw new UsageError(m('notNumber', { option: name, value: clip(value) }), { flag: `--${name}`, hint, code: 'bad_value' });
    if (spec.integer && !Number.isInteger(n)) throw new UsageError(m('notInteger', { option: name, value: clip(value) }), { flag: `--${name}`, hint, code: 'bad_value' });
    if (spec.max !== undefined && n > spec.max) throw new UsageError(m('tooLarge', { option: name, max: spec.max, value }), { flag: `--${name}`, hint, code: 'bad_value' });
    if (spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min)) {
      throw new UsageError(m('tooSmall', { option: name, op: spec.minExclusive ? '>' : '>=', min: spec.min, value }), { flag: `--${name}`, hint, code: 'bad_value' });
    }
    return n;
  };
  return Array.isArray(raw) ? raw.map((v) => check(String(v))) : check(String(raw));
}

function translateParseError(err: unknown, command: string | undefined, known: string[]): never {
  const e = err as { code?: string; message: string };
  // Node quotes the option as '--name' or, for a missing value, as '-o, --output <value>': name the long form.
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const opt = clip(/--[\w-]+/.exec(quoted)?.[0] ?? /-[^\s,]+/.exec(quoted)?.[0] ?? '', 60);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const suggestion = closest(opt.replace(/^-+/, ''), known);
    throw new UsageError(command ? m('unknownOption', { option: opt, command }) : m('unknownOptionTop', { option: opt }), {
      flag: opt,
      hint: suggestion ? m('didYouMean', { suggestion: `--${suggestion}` }) : command ? m('seeHelp', { command }) : m('seeMainHelp'),
      code: 'unknown_option',
    });
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = opt.replace(/^-+/, '');
    throw new UsageError(m('missingValue', { option: name }), { flag: opt, hint: command ? m('seeHelp', { command }) : m('seeMainHelp'), code: 'missing_value' });
  }
  throw new UsageError(e.message, { code: 'usage' });
}

async function askYesNo(io: Io, request: ConfirmRequest): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    const hint = request.defaultAnswer ? m('yesNoDefaultYes') : m('yesNo');
    const answer = await new Promise<string | undefined>((resolve, reject) => {
      // In raw mode Ctrl+C reaches readline, not the process: without these the prompt would hang or exit 0.
      rl.once('SIGINT', () => reject(new InterruptedError(m('interrupted'))));
      // End of input (Ctrl+D) is no answer: the safe default, never a yes.
      rl.once('close', () => resolve(undefined));
      rl.question(`${request.message} ${hint} `, resolve);
    });
    if (answer === undefined) {
      io.stderr.write('\n');
      return false;
    }
    const a = answer.trim().toLowerCase();
    if (a === '') return !!request.defaultAnswer;
    return ['y', 'yes', 'o', 'oui'].includes(a);
  } finally {
    rl.close();
  }
}

function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/** Runs the CLI for argv and returns the exit code (never calls process.exit). */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const io = opts.io ?? defaultIo();
  const env = opts.env ?? process.env;
  const signal = opts.signal ?? new AbortController().signal;
  const langPeek = langCode(peekOption(argv, 'lang'));
  setLang(langPeek === 'en' || langPeek === 'fr' ? langPeek : detectLang(env));
  const outputPeek = peekOption(argv, 'output', 'o');
  let mode: OutputMode = outputPeek === 'json' ? 'json' : 'text';
  configureColor(colorWanted(io.stdout, argv.includes('--no-color'), env));
  // The log_level setting can turn the debug output on once the configuration is read: ask at error time.
  setDebugSetting(undefined);
  const debugOn = () => debugEnabled(env);

  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      io.stdout.write(`${version()}\n`);
      return ExitCode.OK;
    }
    const globalNames = Object.keys(GLOBAL_OPTIONS);
    const first = firstPositional(argv);
    if (first === undefined) {
      if (argv.includes('--version') || argv.includes('-V')) {
        io.stdout.write(mode === 'json' ? `${JSON.stringify({ version: version() })}\n` : `${version()}\n`);
        return ExitCode.OK;
      }
      // Validate stray global flags even here, so typos are caught.
      try {
        parseArgs({ args: argv.filter((a) => a !== '--version' && a !== '-V'), options: toParseArgsOptions(GLOBAL_OPTIONS), strict: true, allowPositionals: true });
      } catch (err) {
        translateParseError(err, undefined, [...globalNames, 'version']);
      }
      const interactive = !!io.stdin.isTTY && !!io.stdout.isTTY && !isHelp(argv) && mode === 'text';
      if (interactive && opts.io === undefined) {
        const { startShell } = await import('../screens/shell.js');
        const code = await startShell({ env, signal });
        return signal.aborted ? ExitCode.INTERRUPTED : code;
      }
      const { mainHelp, mainHelpDocument } = await import('./help.js');
      // --output json promises one JSON document, help included.
      io.stdout.write(mode === 'json' ? toJson(mainHelpDocument(version(), await loadAllCommands())) : mainHelp(version(), await loadAllCommands()));
      return ExitCode.OK;
    }

    // Node turns bytes that are not UTF-8 into U+FFFD: acting on that text would run or look up
    // something other than what was typed.
    const badArg = argv.findIndex((a) => a.includes('\uFFFD'));
    if (badArg !== -1) throw new UsageError(m('notUtf8', { index: badArg + 1 }), { hint: m('notUtf8Hint'), code: 'not_utf8' });
    const names = commandNames();
    // "cloudya help [command]", as git and kubectl accept it: the same as --help.
    if (first === 'help' && !names.includes('help')) {
      const at = argv.indexOf('help');
      return await main([...argv.slice(0, at), ...argv.slice(at + 1), '--help'], opts);
    }
    if (!names.includes(first)) {
      const suggestion = closest(first, names);
      throw new UsageError(m('unknownCommand', { name: clip(first, 60) }), {
        hint: suggestion ? m('didYouMean', { suggestion: `cloudya ${suggestion}` }) : m('seeMainHelp'),
        code: 'unknown_command',
      });
    }
    debug(`loading command ${first}`);
    const spec = await loadCommand(first);
    if (isHelp(argv)) {
      const { commandHelp, commandHelpDocument } = await import('./help.js');
      io.stdout.write(mode === 'json' ? toJson(commandHelpDocument(first, spec)) : commandHelp(first, spec));
      return ExitCode.OK;
    }

    const allOptions: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...(spec.options ?? {}) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: joinNegativeValues(argv, allOptions), options: toParseArgsOptions(allOptions), strict: true, allowPositionals: true });
    } catch (err) {
      translateParseError(err, first, Object.keys(allOptions));
    }
    const values = parsed.values as Record<string, unknown>;
    const outputFile = outputFileOf(spec, parsed.positionals[1], values.output);
    const global: GlobalOptions = {
      output: convertOption('output', GLOBAL_OPTIONS.output, outputFile === undefined ? (values.output ?? 'text') : 'text', first) as OutputMode,
      lang: convertOption('lang', GLOBAL_OPTIONS.lang, langCode(values.lang) ?? detectLang(env), first) as Lang,
      langGiven: values.lang !== undefined,
      color: colorWanted(io.stdout, !!values['no-color'], env),
      yes: !!values.yes,
      debug: debugOn(),
    };
    mode = global.output;
    setLang(global.lang);
    configureColor(global.color);

    const options: Record<string, unknown> = {};
    for (const [name, optSpec] of Object.entries(spec.options ?? {})) {
      options[name] = convertOption(name, optSpec, values[name], first);
    }
    if (outputFile !== undefined) options.outputFile = outputFile;
    const positionals = parsed.positionals.slice(1);
    const { action, args } = resolveAction(first, spec, positionals);
    checkOptionsFitAction(first, spec, action, values);

    let config: Config | undefined;
    let configWarned = false;
    const ctx: CommandContext = {
      command: first,
      action,
      args,
      options,
      global,
      io,
      env,
      signal,
      config(flags) {
        if (!config || flags) {
          // Imported lazily: --version and --help never read or create files.
          config = loadConfigSync({ env, flags });
          setDebugSetting(String(config.get('log_level') ?? ''));
          if (!configWarned) {
            configWarned = true;
            for (const line of configWarnings(config.file, config.paths.config)) io.stderr.write(`${style().yellow(line)}\n`);
          }
        }
        return config;
      },
      async confirm(request) {
        if (global.yes) return true;
        if (!io.stdin.isTTY) throw new CloudyaError(m('confirmNoTty'), { hint: m('confirmNoTtyHint'), code: 'confirmation_required' });
        return askYesNo(io, request);
      },
      emit(data, text) {
        emitLine(io, mode, data, text);
      },
      progress(message) {
        if (mode === 'text') io.stderr.write(`${style().dim(message)}\n`);
      },
    };
    const t0 = performance.now();
    const result = await runCommand(spec, ctx);
    debug(`command ${first}${action ? ` ${action}` : ''} took ${(performance.now() - t0).toFixed(1)}ms`);
    if (signal.aborted) {
      // A command that wound down on Ctrl+C still reports what it did (monitor record: samples kept).
      printResult(io, mode, result);
      return ExitCode.INTERRUPTED;
    }
    return printResult(io, mode, result);
  } catch (err) {
    if (isAbortError(err) || signal.aborted) {
      // Always the translated message: services raise InterruptedError() without knowing the language.
      printError(io, mode, new InterruptedError(m('interrupted')), false);
      return ExitCode.INTERRUPTED;
    }
    if (err instanceof CloudyaError) {
      printError(io, mode, err, debugOn());
      return err.exitCode;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    // A file-system failure that carries its path is the user's to fix: say which file and how.
    const fsError = (await import('./core/fs-errors.js')).explainFsError(e, 'write');
    if (fsError) {
      printError(io, mode, fsError, debugOn());
      return fsError.exitCode;
    }
    const wrapped = new CloudyaError(m('unexpected', { message: e.message }), { hint: m('unexpectedHint'), code: 'internal' });
    wrapped.stack = e.stack;
    printError(io, mode, wrapped, debugOn());
    return ExitCode.FAILURE;
  }
}

let loadConfigSync: (opts: { env: NodeJS.ProcessEnv; flags?: Record<string, unknown> }) => Config;
let configWarnings: (file: Record<string, unknown>, path: string) => string[];

async function runCommand(spec: CommandSpec, ctx: CommandContext) {
  if (!loadConfigSync) ({ loadConfig: loadConfigSync, unknownSettingWarnings: configWarnings } = await import('./core/config.js'));
  return spec.run(ctx);
}

/** The file path given as --output to an action declared in outputFileActions (anything but text|json). */
function outputFileOf(spec: CommandSpec, action: string | undefined, output: unknown): string | undefined {
  if (typeof output !== 'string' || !action || !spec.outputFileActions?.includes(action)) return undefined;
  return GLOBAL_OPTIONS.output.choices?.includes(output) ? undefined : output;
}

/** The first positional argument (the command name), skipping global options and their values. */
function firstPositional(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-') || a === '-') return a;
    const name = a.replace(/^-+/, '');
    const spec = GLOBAL_OPTIONS[name] ?? Object.values(GLOBAL_OPTIONS).find((s) => s.short === name);
    if (spec && spec.type !== 'boolean' && !a.includes('=')) i++;
  }
  return undefined;
}

function expectedArgs(min: number, max: number, label?: string): string {
  const what = label ?? 'arguments';
  if (min === max) return `${what} (${min})`;
  return max === Infinity ? `${what} (>= ${min})` : `${what} (${min}-${max})`;
}

/** An option given to an action it does not belong to is refused rather than silently ignored. */
function checkOptionsFitAction(command: string, spec: CommandSpec, action: string | undefined, values: Record<string, unknown>): void {
  for (const [name, optSpec] of Object.entries(spec.options ?? {})) {
    if (!optSpec.actions || values[name] === undefined || optSpec.actions.includes(action ?? '')) continue;
    const where = optSpec.actions.map((a) => `cloudya ${command}${a ? ` ${a}` : ''}`).join(', ');
    throw new UsageError(m('optionNotHere', { option: name, command, action: action ? ` ${action}` : '', where }), { hint: m('seeHelp', { command }), code: 'option_not_for_action' });
  }
}

function resolveAction(command: string, spec: CommandSpec, positionals: string[]): { action?: string; args: string[] } {
  let action: string | undefined;
  let args = positionals;
  let min = spec.minArgs ?? 0;
  let max = spec.maxArgs ?? (spec.args ? Infinity : 0);
  let label = spec.args;
  if (spec.actions) {
    const actions = Object.keys(spec.actions);
    if (positionals.length && spec.actions[positionals[0]]) {
      action = positionals[0];
      args = positionals.slice(1);
    } else if (positionals.length && !spec.args) {
      const suggestion = closest(positionals[0], actions);
      throw new UsageError(m('unknownAction', { action: clip(positionals[0], 60), command }), {
        hint: suggestion ? m('didYouMean', { suggestion: `cloudya ${command} ${suggestion}` }) : m('seeHelp', { command }),
        code: 'unknown_action',
      });
    } else if (!positionals.length && spec.defaultAction) {
      action = spec.defaultAction;
    } else if (!positionals.length && !spec.args && !spec.actionOptional) {
      throw new UsageError(m('missingAction', { command, actions: actions.join(', ') }), { hint: m('seeHelp', { command }), code: 'missing_action' });
    }
    if (action) {
      const as = spec.actions[action];
      min = as.minArgs ?? 0;
      max = as.maxArgs ?? (as.args ? (as.minArgs ?? 1) : 0);
      label = as.args;
    }
  }
  const suffix = action ? ` ${action}` : '';
  if (args.length < min) {
    throw new UsageError(m('tooFewArgs', { command, action: suffix, expected: expectedArgs(min, max, label) }), { hint: m('seeHelp', { command }), code: 'missing_argument' });
  }
  if (args.length > max) {
    throw new UsageError(m('tooManyArgs', { command, action: suffix, arg: clip(args[max]) }), { hint: m('seeHelp', { command }), code: 'extra_argument' });
  }
  return { action, args };
}

/** The exit code a signal stops a command with: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function signalExitCode(sig: NodeJS.Signals): number {
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  return codes[sig] ?? ExitCode.INTERRUPTED;
}

/** How long work cancelled by a signal may take to wind down before the process exits anyway. */
const SIGNAL_GRACE_MS = 10_000;
/** The longest a signalled process waits for child processes being stopped (each escalates to SIGKILL sooner). */
const SIGNAL_HOLD_MAX_MS = 60_000;
/** Once the children are gone, time left to write the records saying so. */
const AFTER_HOLD_MS = 5_000;

/**
 * Exits with `code` SIGNAL_GRACE_MS from now - later while child processes are still being stopped
 * (core/exit-hold.ts), so a Terraform saving its state or an Ansible finishing a task is not cut off.
 */
function exitAfterGrace(code?: number): void {
  const start = Date.now();
  const check = () => {
    if (exitHeld() && Date.now() - start < SIGNAL_HOLD_MAX_MS) setTimeout(check, 250).unref();
    // The time to write the records counts from when the children were gone, even if that was just before the grace ended.
    else setTimeout(() => process.exit(code), exitHeld() ? 0 : Math.max(0, AFTER_HOLD_MS - msSinceExitHeldReleased())).unref();
  };
  setTimeout(check, SIGNAL_GRACE_MS).unref();
}

/** The bin entry: wires process streams, signals and the exit code. */
export function runFromProcess(): void {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  // SIGINT, SIGTERM and SIGHUP all cancel through the same AbortSignal as Ctrl+C (the full-screen shell
  // restores the terminal on it); a second one means "now".
  const onSignal = (sig: NodeJS.Signals) => {
    if (received) process.exit(signalExitCode(received));
    received = sig;
    debug(`received ${sig}: cancelling`);
    controller.abort(new InterruptedError());
    // Work that ignores the cancellation (or a terminal that is gone, as after SIGHUP) must not keep a
    // signalled process alive for ever: the grace period starts now, not when main() returns.
    exitAfterGrace(signalExitCode(sig));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { signal: controller.signal }).then(
    (code) => {
      process.exitCode = received && code === ExitCode.INTERRUPTED ? signalExitCode(received) : code;
      // Work that ignores the cancellation must not keep a signalled process alive for ever.
      if (received) exitAfterGrace();
    },
    (err: unknown) => {
      process.stderr.write(`cloudya: ${String(err)}\n`);
      process.exitCode = ExitCode.FAILURE;
    },
  );
}
