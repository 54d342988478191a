/**
 * The contract between src/cli.ts and each file in src/commands/: a command module default-exports
 * a CommandSpec. Keep command modules light at import time (import services inside run()), since
 * `cloudya --help` loads every one of them.
 */
import type { Config } from './config.js';
import type { Lang, Text } from './i18n.js';
import type { CommandResult, Io, OutputMode } from './output.js';

export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  short?: string;
  description: Text;
  /** Allowed values for a string option. */
  choices?: readonly string[];
  /** Name shown in help for the value ("SECONDS"). */
  valueName?: string;
  multiple?: boolean;
  min?: number;
  /** min is exclusive (e.g. an interval must be > 0). */
  minExclusive?: boolean;
  /** The largest value accepted (e.g. an interval Node's timers can hold). */
  max?: number;
  integer?: boolean;
  default?: string | number | boolean;
  /** Only accepted with these actions ('' = the command without an action); elsewhere it is a usage error. */
  actions?: readonly string[];
}

export interface ActionSpec {
  summary: Text;
  /** Positional arguments in help ("ID", "KEY VALUE"). */
  args?: string;
  /** Inclusive range of positional arguments after the action. */
  minArgs?: number;
  maxArgs?: number;
}

export interface GlobalOptions {
  output: OutputMode;
  color: boolean;
  lang: Lang;
  /** --lang was on the command line: it then wins over the language of a question (LANG only suggests it). */
  langGiven?: boolean;
  yes: boolean;
  debug: boolean;
}

export interface ConfirmRequest {
  message: string;
  /** What is assumed when the user just presses Enter. */
  defaultAnswer?: boolean;
}

/** Everything a command's run() receives. */
export interface CommandContext {
  command: string;
  action?: string;
  args: string[];
  options: Record<string, unknown>;
  global: GlobalOptions;
  io: Io;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl+C / SIGTERM. */
  signal: AbortSignal;
  /** The effective configuration (loaded on first call; command-line flags applied). */
  config(flags?: Record<string, unknown>): Config;
  /** Asks a yes/no question: --yes answers yes; without a TTY it fails asking for --yes. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** One item of a stream: NDJSON line in json mode, the text line otherwise. */
  emit(data: unknown, text?: string): void;
  /** A progress line on stderr (text mode only, never pollutes stdout). */
  progress(message: string): void;
}

export interface CommandSpec {
  summary: Text;
  /** Free-form positional arguments when there are no actions ("QUESTION"). */
  args?: string;
  minArgs?: number;
  maxArgs?: number;
  actions?: Record<string, ActionSpec>;
  /** Action used when none is given. */
  defaultAction?: string;
  /** With actions: running with no action at all is valid (run() sees action undefined). */
  actionOptional?: boolean;
  options?: Record<string, OptionSpec>;
  /**
   * Actions where the global --output also accepts a file path (`monitor report --output r.html`):
   * a value other than text|json reaches run() as options.outputFile, and the output mode stays text.
   */
  outputFileActions?: readonly string[];
  examples?: readonly string[];
  /** Extra help text (paragraphs) shown after options. */
  notes?: Text;
  run(ctx: CommandContext): Promise<CommandResult | void>;
}

/** Identity helper giving command files type checking. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
