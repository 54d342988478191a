/** Line prompts on stderr for one-shot commands: a default shown in brackets, hidden input for secrets. */
import { createInterface } from 'node:readline';
import { InterruptedError } from '../core/errors.js';
import type { Io } from '../core/output.js';

export interface AskOptions {
  default?: string;
  /** Nothing typed is echoed (passwords, tokens). */
  hidden?: boolean;
}

/** Asks one question; Enter keeps the default; Ctrl+C is an interruption; end of input gives undefined. */
export async function ask(io: Io, question: string, opts: AskOptions = {}): Promise<string | undefined> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: !!io.stdin.isTTY });
  const shown = opts.default ? `${question} [${opts.default}]: ` : `${question}: `;
  let muted = false;
  if (opts.hidden) {
    // readline echoes typed characters through _writeToOutput; muting it after the question hides them.
    const internal = rl as unknown as { _writeToOutput: (s: string) => void };
    const original = internal._writeToOutput.bind(rl);
    internal._writeToOutput = (s: string) => {
      if (!muted) original(s);
    };
  }
  try {
    const answer = await new Promise<string | undefined>((resolve, reject) => {
      rl.once('SIGINT', () => reject(new InterruptedError()));
      rl.once('close', () => resolve(undefined));
      rl.question(shown, resolve);
      muted = !!opts.hidden;
    });
    if (opts.hidden) io.stderr.write('\n');
    if (answer === undefined) return undefined;
    const a = answer.trim();
    return a === '' ? opts.default : a;
  } finally {
    rl.close();
  }
}

/** Reads one line from a non-terminal stdin (a secret piped in by a script). */
export async function readLineFromStdin(io: Io): Promise<string | undefined> {
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of rl) return line.replace(/\r$/, '');
    return undefined;
  } finally {
    rl.close();
  }
}
