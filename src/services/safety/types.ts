/** Shared shapes of the command validator: verdicts, reasons, results and the user policy. */

export type Verdict = 'allow' | 'confirm' | 'deny';

/** Why a verdict was given: the rule, its verdict, a message, and the part of the command it is about. */
export interface Reason {
  rule: string;
  verdict: Verdict;
  message: string;
  part?: string;
}

/** The verdict of one simple command found anywhere in the input (after unwrapping wrappers). */
export interface CommandVerdict {
  argv: string[];
  verdict: Verdict;
  reasons: Reason[];
}

/** The validator's answer for a whole command line. */
export interface ValidationResult {
  command: string;
  verdict: Verdict;
  reasons: Reason[];
  commands: CommandVerdict[];
}

/** User rules on top of the built-ins (from safety.allow / safety.deny) and the --unsafe-allow grants. */
export interface Policy {
  /** Patterns whose matching commands are allowed (never over a built-in deny unless unsafe-allowed). */
  allow: string[];
  /** Patterns whose matching commands are denied. */
  deny: string[];
  /** Built-in deny rule ids the user lifted with --unsafe-allow RULE. */
  unsafeAllow: string[];
}

const RANK: Record<Verdict, number> = { allow: 0, confirm: 1, deny: 2 };

/** The stricter of two verdicts. */
export function stricter(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The strictest verdict among reasons (allow when there are none). */
export function verdictOf(reasons: readonly Reason[]): Verdict {
  let v: Verdict = 'allow';
  for (const r of reasons) v = stricter(v, r.verdict);
  return v;
}

/** Numeric rank of a verdict (allow 0, confirm 1, deny 2). */
export function rank(v: Verdict): number {
  return RANK[v];
}
