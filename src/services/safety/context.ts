/** What a family rule receives besides the words: the home directory, the simple command, and recursion hooks. */
import type { SimpleCommand } from './extract.js';
import type { Reason } from './types.js';
import type { Arg } from './words.js';

export interface JudgeContext {
  home: string;
  /** The simple command being judged (redirections, stdin, pipeline). */
  cmd: SimpleCommand;
  /** Nesting depth of wrappers and nested code (bounded). */
  depth: number;
  /** The inner command receives more arguments at run time (xargs, find -exec). */
  dynamicArgs: boolean;
  /** Judges a wrapped command (sudo X, env X, find -exec X). */
  inner(argv: Arg[], opts?: { dynamicArgs?: boolean }): Reason[];
  /** Validates nested shell code (bash -c CODE, eval, ssh host CODE, watch CODE). */
  nested(code: string, part: string): Reason[];
}

/** A family's rules: the command name (basename) and its arguments. */
export type FamilyRule = (name: string, args: Arg[], ctx: JudgeContext) => Reason[];
