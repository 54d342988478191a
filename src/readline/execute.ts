/**
 * Running proposed commands (`ask -e`, `chat -e`) through the sandbox service. The sandbox is loaded
 * dynamically: in a build without it, `-e` is refused with a clear message instead of running anything.
 */
import type { CommandContext } from '../core/command.js';
import type { ProposedCommand } from '../services/ai/types.js';
import type { CommandVerdict } from '../services/ai/verdicts.js';

export interface ExecutionResult {
  command: string;
  verdict?: string;
  ran: boolean;
  exit_code: number | null;
  reason?: string;
}

export interface Executor {
  /** Runs each command in order: deny never runs, confirm asks once, allow runs. */
  runProposed(ctx: Pick<CommandContext, 'confirm' | 'io' | 'signal' | 'config' | 'global'>, commands: ProposedCommand[], verdicts: Array<CommandVerdict | undefined>): Promise<ExecutionResult[]>;
}

/** The executor, or undefined when the sandbox service is not part of this build. */
export async function loadExecutor(): Promise<Executor | undefined> {
  const specifier = '../services/sandbox/index.js';
  try {
    const mod = (await import(specifier)) as { executeCommand?: unknown };
    if (typeof mod.executeCommand !== 'function') return undefined;
  } catch {
    return undefined;
  }
  // Wired once the sandbox's executeCommand contract is final.
  return undefined;
}
