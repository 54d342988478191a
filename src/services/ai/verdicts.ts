/**
 * The bridge to the safety service: a verdict for each proposed command. The safety module is
 * loaded dynamically so the assistant still works (showing no verdicts) in a build without it.
 */
import { debug } from '../../core/log.js';

export type Verdict = 'allow' | 'confirm' | 'deny';

export interface CommandVerdict {
  command: string;
  verdict: Verdict;
  reasons: Array<{ rule: string; verdict: string; message: string; part?: string }>;
}

interface SafetyModule {
  validateCommand?: (command: string, opts?: { policy?: unknown }) => Promise<CommandVerdict>;
  policyFromConfig?: (config: unknown) => unknown;
}

let cached: Promise<SafetyModule | undefined> | undefined;

function loadSafety(): Promise<SafetyModule | undefined> {
  cached ??= (async () => {
    // A variable specifier keeps the type checker from requiring the module at build time.
    const specifier = '../safety/index.js';
    try {
      const mod = (await import(specifier)) as SafetyModule;
      return typeof mod.validateCommand === 'function' ? mod : undefined;
    } catch (err) {
      debug(`safety service unavailable: ${(err as Error).message}`);
      return undefined;
    }
  })();
  return cached;
}

/** The safety validator, or undefined when the safety service is not available. */
export async function loadValidator(): Promise<SafetyModule['validateCommand']> {
  return (await loadSafety())?.validateCommand;
}

const PLACEHOLDER = /<([A-Za-z][\w.:/-]*)>/g;

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
 * Verdicts for a list of commands (undefined entries when safety is absent or a check failed).
 * `config` supplies the user's safety.allow/deny policy, so the verdict shown is the one execution applies.
 */
export async function verdictsFor(commands: string[], config?: unknown): Promise<Array<CommandVerdict | undefined>> {
  const safety = await loadSafety();
  const validate = safety?.validateCommand;
  if (!validate) return commands.map(() => undefined);
  let policy: unknown;
  try {
    policy = config !== undefined && safety.policyFromConfig ? safety.policyFromConfig(config) : undefined;
  } catch (err) {
    debug(`safety policy unavailable: ${(err as Error).message}`);
  }
  return Promise.all(
    commands.map(async (command) => {
      try {
        const v = await validate(withoutPlaceholders(command), policy === undefined ? undefined : { policy });
        return { command, verdict: v.verdict, reasons: v.reasons };
      } catch (err) {
        debug(`safety check failed for a command: ${(err as Error).message}`);
        return undefined;
      }
    }),
  );
}
