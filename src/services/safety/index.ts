/**
 * The command validator: parses shell text with a real grammar (tree-sitter-bash), judges every
 * simple command anywhere in it, applies whole-line rules and the user's policy, and fails closed:
 * anything it cannot parse or resolve is denied.
 */
import os from 'node:os';
import type { Parser } from 'web-tree-sitter';
import { extractCommands, type ProgramFacts, type SimpleCommand } from './extract.js';
import { judgeSimple } from './judge.js';
import { loadParser, parseShellSync } from './parser.js';
import { plainFacts } from './plain.js';
import { applyPolicy, emptyPolicy } from './policy.js';
import { programRules } from './program.js';
import { deny } from './reason.js';
import type { CommandVerdict, Policy, Reason, ValidationResult, Verdict } from './types.js';
import { verdictOf } from './types.js';

export type { CommandVerdict, Policy, Reason, ValidationResult, Verdict } from './types.js';
export { policyFromConfig, emptyPolicy, patternMatches } from './policy.js';
export { loadParser } from './parser.js';

export interface ValidateOptions {
  policy?: Policy;
  /** Home directory used to resolve ~ and $HOME (default: $HOME). */
  home?: string;
}

const MAX_LENGTH = 64 * 1024;
const MAX_NESTING = 6;
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/u;

interface Collected {
  commands: CommandVerdict[];
  program: Reason[];
}

/** Thrown when a line needs the shell grammar and none was given: the caller loads it and starts again. */
class NeedsParser extends Error {}

/** Whether lines of plain words skip the grammar (always, but for the test proving both ways agree). */
let plainShortcut = true;

/** Test hook: turns the plain-words shortcut off (true) or on again (false). */
export function disablePlainShortcut(off: boolean): void {
  plainShortcut = !off;
}

/** The facts of a line: without parsing for plain words (plain.ts), else from the grammar. */
function factsOf(parser: Parser | undefined, text: string): ProgramFacts {
  const plain = plainShortcut ? plainFacts(text) : undefined;
  if (plain) return plain;
  if (!parser) throw new NeedsParser();
  const tree = parseShellSync(parser, text);
  try {
    return extractCommands(tree);
  } finally {
    tree.delete();
  }
}

function run(parser: Parser | undefined, text: string, policy: Policy, home: string, depth: number, into: Collected, part?: string): Reason[] {
  if (depth > MAX_NESTING) {
    const r = deny('parse.too-deep', { en: 'shell code nested too deeply to check: {part}', fr: 'code shell trop imbriqué pour être vérifié : {part}' }, part);
    into.program.push(r);
    return [r];
  }
  const facts = factsOf(parser, text);
  const all: Reason[] = [];
  if (facts.syntaxError !== undefined) {
    const r = deny('parse.error', { en: 'cannot parse this shell text near: {part}', fr: 'texte shell illisible près de : {part}' }, facts.syntaxError || text.slice(0, 40));
    into.program.push(r);
    all.push(r);
  }
  const functions = new Set(facts.functions.keys());
  const vars = staticAssignments(facts.commands);
  const credentialReaders: SimpleCommand[] = [];
  for (const cmd of facts.commands) {
    const judged = judgeSimple(cmd, {
      home,
      functions,
      vars,
      nested: (code, nestedPart, d) => run(parser, code, policy, home, depth + 1 + d, into, nestedPart),
    });
    if (judged.reasons.some((r) => r.rule === 'creds.read')) credentialReaders.push(cmd);
    const reasons = applyPolicy(judged.argv, judged.reasons, policy);
    into.commands.push({ argv: judged.argv, verdict: verdictOf(reasons), reasons });
    all.push(...reasons);
  }
  const prog = programRules(facts, credentialReaders, home);
  into.program.push(...prog);
  all.push(...prog);
  if (!facts.commands.length && facts.syntaxError === undefined) {
    const r = deny('parse.empty', { en: 'there is no command to run', fr: "il n'y a aucune commande à exécuter" }, part);
    into.program.push(r);
    all.push(r);
  }
  return all;
}

/** Variables assigned exactly once in the line, to a literal value (bare assignments and declarations). */
function staticAssignments(commands: readonly SimpleCommand[]): Map<string, string> {
  const seen = new Map<string, string | undefined>();
  const put = (name: string, value: string | undefined) => seen.set(name, seen.has(name) ? undefined : value);
  for (const c of commands) {
    for (const a of c.assignments) put(a.name, a.value.dynamic ? undefined : a.value.text);
    const head = c.argv[0]?.text;
    if (head && /^(export|declare|local|readonly|typeset)$/.test(head)) {
      for (const a of c.argv.slice(1)) {
        const eq = a.text.indexOf('=');
        if (eq > 0 && !a.text.startsWith('-')) put(a.text.slice(0, eq), a.dynamic ? undefined : a.text.slice(eq + 1));
      }
    }
  }
  const out = new Map<string, string>();
  for (const [k, v] of seen) if (v !== undefined) out.set(k, v);
  return out;
}

/** Validates a command line: the strictest verdict of every command in it, with the reasons. */
export function validateWithParser(parser: Parser, command: string, opts: ValidateOptions = {}): ValidationResult {
  return validateSync(parser, command, opts)!;
}

/**
 * Validates without the shell grammar when the line (and any code nested in it) is plain words;
 * undefined when the grammar is needed (then validateWithParser gives the same result as this would).
 */
export function validatePlain(command: string, opts: ValidateOptions = {}): ValidationResult | undefined {
  return validateSync(undefined, command, opts);
}

function validateSync(parser: Parser | undefined, command: string, opts: ValidateOptions): ValidationResult | undefined {
  const policy = opts.policy ?? emptyPolicy();
  const home = opts.home ?? process.env.HOME ?? os.homedir();
  const into: Collected = { commands: [], program: [] };
  if (command.length > MAX_LENGTH) {
    into.program.push(deny('parse.too-long', { en: 'the command is too long to check ({part} characters)', fr: 'la commande est trop longue pour être vérifiée ({part} caractères)' }, String(command.length)));
  } else {
    if (INVISIBLE.test(command.replace(/\r\n/g, '\n'))) {
      const ch = INVISIBLE.exec(command)![0];
      into.program.push(deny('unicode.invisible', { en: 'the text contains an invisible or control character ({part}) that can hide what runs', fr: 'le texte contient un caractère invisible ou de contrôle ({part}) qui peut masquer ce qui s’exécute' }, `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`));
    }
    try {
      run(parser, command, policy, home, 0, into);
    } catch (err) {
      if (err instanceof NeedsParser) return undefined;
      // Fail closed: whatever breaks the checker (absurd nesting exhausting the stack...) is a deny.
      into.program.push(deny('parse.error', { en: 'the command could not be checked ({part})', fr: 'la commande n’a pas pu être vérifiée ({part})' }, (err as Error).message.slice(0, 80)));
    }
  }
  const everything = [...into.program, ...into.commands.flatMap((c) => c.reasons)];
  const verdict: Verdict = verdictOf(everything);
  const seen = new Set<string>();
  const reasons = everything.filter((r) => {
    if (r.verdict !== verdict) return false;
    const key = `${r.rule}|${r.part ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { command, verdict, reasons, commands: into.commands };
}

/** Validates a command line (loads the shell grammar on first use). */
export async function validateCommand(command: string, opts: ValidateOptions = {}): Promise<ValidationResult> {
  const plain = validatePlain(command, opts);
  if (plain) return plain;
  const parser = await loadParser();
  return validateWithParser(parser, command, opts);
}
