/**
 * The bridge to the safety service: a verdict for each proposed command, recorded in the audit
 * log as a validation shown (ARCHITECTURE: every command shown goes through one validator).
 */
import os from 'node:os';
import type { Config } from '../../core/config.js';
import { getLang, withLang, type Lang } from '../../core/i18n.js';
import { debug } from '../../core/log.js';
import { appendAudit, type AuditSource } from '../audit/index.js';
import type { Parser } from 'web-tree-sitter';
import { policyFromConfig } from '../safety/policy.js';
import { loadVerdictFile, recall, remember, saveVerdictFile, verdictKey, type RememberedVerdict } from './verdict-cache.js';

export type Verdict = 'allow' | 'confirm' | 'deny';

export interface CommandVerdict {
  command: string;
  verdict: Verdict;
  reasons: Array<{ rule: string; verdict: string; message: string; part?: string }>;
}

/** Where shown verdicts are audited from (omitted in tests that only render). */
export interface VerdictAudit {
  source: AuditSource;
  env: NodeJS.ProcessEnv;
  /** Told once when the audit log cannot record a validation (disk full, read-only home...). */
  warn?: (message: string) => void;
}

const PLACEHOLDER = /<([A-Za-z0-9][\w.:/-]*)>/g;

/** Placeholders such as <bucket-name> in a proposed command. */
export function placeholdersIn(command: string): string[] {
  return [...command.matchAll(PLACEHOLDER)].map((x) => x[0]);
}

/**
 * The command as the validator should see it: "<bucket-name>" is a value to fill in, not a shell
 * redirection, so it is judged as the plain word "bucket-name".
 */
export function withoutPlaceholders(command: string): string {
  return command.replace(PLACEHOLDER, '$1');
}

/**
 * Verdicts for a list of commands (an undefined entry when a check failed), each audited when
 * `audit` is given. `config` supplies the user's safety.allow/deny policy, so the verdict shown is
 * the one execution applies. `lang` is the language of the reasons (the answer's, which may differ
 * from the interface's); the language in force otherwise. Verdicts are remembered (verdict-cache.ts:
 * keyed by command, policy, home, language and validator version), in `cacheFile` too when given, and
 * the shell grammar is loaded only for a command neither remembered nor made of plain words.
 */
export async function verdictsFor(commands: string[], config?: Config, audit?: VerdictAudit, lang?: Lang, opts: { cacheFile?: string } = {}): Promise<Array<CommandVerdict | undefined>> {
  let policy: ReturnType<typeof policyFromConfig> | undefined;
  try {
    policy = config ? policyFromConfig(config) : undefined;
  } catch (err) {
    debug(`safety policy unavailable: ${(err as Error).message}`);
  }
  if (opts.cacheFile) loadVerdictFile(opts.cacheFile);
  const home = process.env.HOME ?? os.homedir();
  const inLang = lang ?? getLang();
  const options = policy === undefined ? { home } : { policy, home };
  // The validator's ~25 modules load only for a command not remembered (an answer of known commands needs none).
  let safety: typeof import('../safety/index.js') | undefined;
  let parser: Parser | undefined;
  let learned = false;
  const judged: Array<RememberedVerdict | undefined | Error> = [];
  for (const command of commands) {
    const key = verdictKey(command, policy, home, inLang);
    const known = recall(key);
    if (known) {
      judged.push(known);
      continue;
    }
    try {
      const text = withoutPlaceholders(command);
      const check = (safety ??= await import('../safety/index.js'));
      let v = withLang(inLang, () => check.validatePlain(text, options));
      if (!v) {
        try {
          parser ??= await check.loadParser();
        } catch (err) {
          debug(`safety check unavailable: ${(err as Error).message}`);
          judged.push(undefined);
          continue;
        }
        const p = parser;
        v = withLang(inLang, () => check.validateWithParser(p, text, options));
      }
      const value = { verdict: v.verdict, reasons: v.reasons };
      remember(key, value);
      learned = true;
      judged.push(value);
    } catch (err) {
      judged.push(err as Error);
    }
  }
  if (learned && opts.cacheFile) saveVerdictFile(opts.cacheFile);
  let auditWarned = false;
  return commands.map((command, i) => {
    const v = judged[i];
    if (v instanceof Error) {
      debug(`safety check failed for a command: ${v.message}`);
      return undefined;
    }
    if (!v) return undefined;
    if (audit) {
      // The verdict stands even when the log cannot take it; the loss is said, never silent.
      try {
        appendAudit({ source: audit.source, event: 'validation', command, verdict: v.verdict, reasons: v.reasons }, audit.env);
      } catch (err) {
        if (!auditWarned) audit.warn?.((err as Error).message);
        else debug(`audit entry not written: ${(err as Error).message}`);
        auditWarned = true;
      }
    }
    // Copies: a remembered verdict is shared by every later answer proposing the same command.
    return { command, verdict: v.verdict, reasons: v.reasons.map((r) => ({ ...r })) };
  });
}
