/**
 * A shortcut around the shell grammar for the simplest command lines: plain words of a small character
 * set separated by spaces ("ls -la /tmp", "kubectl get pods -A"). For such a line the facts the grammar
 * would give are known without parsing - one simple command whose words are literal, no redirection,
 * assignment, quoting, expansion or glob - so `cloudya validate ls` need not load and compile the
 * WebAssembly parser (~0.1 s). Anything else (a quote, a pipe, `~`, `$`, `=` in the command name, a
 * reserved word, a tab...) returns undefined and goes through the grammar. Equivalence is proven by
 * test/services/safety/plain.test.ts: these facts equal the grammar's on every corpus command and on
 * generated lines, and every verdict is the same with and without the shortcut.
 */
import type { ProgramFacts, SimpleCommand } from './extract.js';

/** Characters that are literal in every position of an unquoted bash word (no expansion, glob, quote or operator). */
const PLAIN_LINE = /^[A-Za-z0-9_./:@%+,=-]+(?: +[A-Za-z0-9_./:@%+,=-]+)*$/;

/** What a command name may be made of for the shortcut. */
const COMMAND_NAME = /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/;

/**
 * Words that may open a compound command or change how the line is read (reserved words, declaration
 * builtins the grammar gives their own node): refused anywhere in the line, which is stricter than bash.
 */
const SPECIAL = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'in', 'function', 'select', 'time', 'coproc',
  'export', 'declare', 'local', 'readonly', 'typeset', 'unset', 'let', 'eval', 'test',
]);

/** The facts of a plain-words line (see the header), or undefined when the grammar must read it. */
export function plainFacts(line: string): ProgramFacts | undefined {
  const text = line.replace(/^ +| +$/g, '');
  if (text.length > 4096 || !PLAIN_LINE.test(text)) return undefined;
  const words = text.split(/ +/);
  // The command name is narrower still: NAME=value is an assignment, and the grammar reads `@`, `%`, `+`,
  // `:`, `,` or a leading `-` there otherwise than as a plain word (found by plain.test.ts's generated lines).
  if (!COMMAND_NAME.test(words[0])) return undefined;
  if (words.some((w) => SPECIAL.has(w))) return undefined;
  const command: SimpleCommand = {
    argv: words.map((w) => ({ text: w, dynamic: false, dynamicStart: false, raw: w, glob: false })),
    assignments: [],
    redirects: [],
    text,
    stdin: undefined,
    stdinText: undefined,
    stdinDynamic: false,
    upstream: [],
    substituted: false,
    processSubs: [],
  };
  return { commands: [command], functions: new Map(), loopBombs: [], syntaxError: undefined };
}
