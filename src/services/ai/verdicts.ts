/**
 * The bridge to the safety service: a verdict for each proposed command. The safety module is
 * loaded dynamically so the assistant works (showing no verdicts) in builds where it is absent.
 */
import { debug } from '../../core/log.js';

export type Verdict = 'allow' | 'confirm' | 'deny';

export interface CommandVerdict {
  command: string;
  verdict: Verdict;
  reasons: Array<{ rule: string; verdict: string; message: string; part?: string }>;
}

type Validate = (command: string, opts?: { policy?: unknown }) => Promise<CommandVerdict>;

let cached: Promise<Validate | undefined> | undefined;

/** The safety validator, or undefined when the safety service is not available. */
export function loadValidator(): Promise<Validate | undefined> {
  cached ??= (async () => {
    // A variable specifier keeps the type checker from requiring the module at build time.
    const specifier = '../safety/index.js';
    try {
      const mod = (await import(specifier)) as { validateCommand?: Validate };
      return typeof mod.validateCommand === 'function' ? mod.validateCommand : undefined;
    } catch (err) {
      debug(`safety service unavailable: ${(err as Error).message}`);
      return undefined;
    }
  })();
  return cached;
}

/** Verdicts for a list of commands (undefined entries when safety is absent or a check failed). */
export async function verdictsFor(commands: string[], policy?: unknown): Promise<Array<CommandVerdict | undefined>> {
  const validate = await loadValidator();
  if (!validate) return commands.map(() => undefined);
  return Promise.all(
    commands.map(async (command) => {
      try {
        return await validate(command, policy === undefined ? undefined : { policy });
      } catch (err) {
        debug(`safety check failed for a command: ${(err as Error).message}`);
        return undefined;
      }
    }),
  );
}
