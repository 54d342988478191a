/**
 * The output contract: a command returns a result; this module prints it as text or as
 * exactly one JSON document. Streams (monitor samples, deployment progress) go out as one
 * line each: NDJSON with --output json. Progress and logs always go to stderr.
 */
import { CloudyaError, ExitCode, formatWhere } from './errors.js';
import { defineMessages } from './i18n.js';
import { redact } from './redact.js';
import { style } from './style.js';

export type OutputMode = 'text' | 'json';

/** The streams a command writes to (process.stdout/stderr in real life, buffers in tests). */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

/** What a command's run() returns. */
export interface CommandResult<T = unknown> {
  /** The JSON document for --output json (keys in English). */
  data?: T;
  /** The text rendering; omitted when the command already streamed its output. */
  text?: string;
  exitCode?: number;
}

const m = defineMessages({
  en: { error: 'error', hint: 'hint', colon: ':' },
  // French puts a space before the colon (as GNU tools do in French: "ls : impossible ...").
  fr: { error: 'erreur', hint: 'conseil', colon: ' :' },
});

/** Serialises a JSON document (always ends with a newline). */
export function toJson(data: unknown): string {
  return `${JSON.stringify(data ?? null, null, 2)}\n`;
}

/** Prints a command's result according to the output mode. */
export function printResult(io: Io, mode: OutputMode, result: CommandResult | void): number {
  if (!result) return ExitCode.OK;
  if (mode === 'json') {
    if (result.data !== undefined) io.stdout.write(toJson(result.data));
  } else if (result.text !== undefined && result.text !== '') {
    io.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  }
  return result.exitCode ?? ExitCode.OK;
}

/** Writes one item of a stream: an NDJSON line in json mode, the text line otherwise. */
export function emitLine(io: Io, mode: OutputMode, data: unknown, text?: string): void {
  if (mode === 'json') io.stdout.write(`${JSON.stringify(data)}\n`);
  else if (text !== undefined) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The JSON shape of an error (stdout, so scripts parsing --output json always get a document). */
export function errorDocument(err: CloudyaError): Record<string, unknown> {
  return {
    error: {
      code: err.code,
      message: redact(err.message),
      ...(err.hint ? { hint: redact(err.hint) } : {}),
      ...(err.where ? { where: err.where } : {}),
      exit_code: err.exitCode,
    },
  };
}

/** Prints an error: one line (what and where) and a hint, on stderr; JSON on stdout too in json mode. */
export function printError(io: Io, mode: OutputMode, err: CloudyaError, debugStack = false): void {
  const s = style();
  const where = formatWhere(err.where);
  io.stderr.write(`${s.red.bold(`cloudya${m('colon')} ${m('error')}${m('colon')}`)} ${where}${redact(err.message)}\n`);
  if (err.hint) io.stderr.write(`${s.dim(`${m('hint')}${m('colon')}`)} ${redact(err.hint)}\n`);
  if (debugStack && err.stack) io.stderr.write(`${s.dim(redact(err.stack))}\n`);
  // One line: still one JSON document for a command, and a valid last line for NDJSON streams (monitor, deploy, chat).
  if (mode === 'json') io.stdout.write(`${JSON.stringify(errorDocument(err))}\n`);
}
