/**
 * The bridge to the safety service: a verdict for each proposed command, recorded in the audit
 * log as a validation shown (ARCHITECTURE: every command shown goes through one validator).
 */
import type { Config } from '../../core/config.js';
import { withLang, type Lang } from '../../core/i18n.js';
import { debug } from '../../core/log.js';
import { appendAudit, type AuditSource } from '../audit/index.js';
import { loadParser, policyFromConfig, validateWithParser } from '../safety/index.js';

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
 * from the interface's); the language in force otherwise.
 */
export async function verdictsFor(commands: string[], config?: Config, audit?: VerdictAudit, lang?: Lang): Promise<Array<CommandVerdict | undefined>> {
  let policy: ReturnType<typeof policyFromConfig> | undefined;
  try {
    policy = config ? policyFromConfig(config) : undefined;
  } catch (err) {
    debug(`safety policy unavailable: ${(err as Error).message}`);
  }
  let auditWarned = false;
  let parser: Awaited<ReturnType<typeof loadParser>>;
  try {
    parser = await loadParser();
  } catch (err) {
    debug(`safety check unavailable: ${(err as Error).message}`);
    return commands.map(() => undefined);
  }
  const validate = (command: string) => validateWithParser(parser, withoutPlaceholders(command), policy === undefined ? undefined : { policy });
  return Promise.all(
    commands.map(async (command) => {
      try {
        const v = lang ? withLang(lang, () => validate(command)) : validate(command);
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
        return { command, verdict: v.verdict, reasons: v.reasons };
      } catch (err) {
        debug(`safety check failed for a command: ${(err as Error).message}`);
        return undefined;
      }
    }),
  );
}
