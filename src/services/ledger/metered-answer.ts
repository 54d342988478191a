/**
 * One metered answer for the API: refuse before calling the model when the balance cannot cover the
 * least the question can cost, answer with the same engine and validator as the CLI, then debit the
 * real usage in one conditional statement. Nothing is ever executed here.
 */
import type { Config } from '../../core/config.js';
import { ServiceError } from '../accounts/errors.js';
import type { Db } from '../accounts/schema.js';
import { collectAnswer } from '../ai/index.js';
import type { Answer, Engine } from '../ai/types.js';
import { verdictsFor, type CommandVerdict } from '../ai/verdicts.js';
import { applyMove, balanceOf } from './ledger.js';
import { minimumEstimate, usageOf, type Usage } from './usage.js';

export interface MeteredRequest {
  accountId: string;
  userInput: string;
  mode: 'dry_run' | 'supervised';
  lang: 'en' | 'fr';
  signal?: AbortSignal;
}

export interface MeteredAnswer {
  answer: Answer;
  verdicts: CommandVerdict[];
  usage: Usage & { remaining_balance: number };
}

function insufficient(balance: number, needed: number): ServiceError {
  return new ServiceError('insufficient_tokens', `not enough tokens for this request (balance ${balance}, needed at least ${needed})`, { balance, needed });
}

/** Answers a question for an account and debits what it cost. */
export async function meteredAnswer(db: Db, engine: Engine, config: Config | undefined, req: MeteredRequest): Promise<MeteredAnswer> {
  const floor = minimumEstimate(req.userInput);
  const before = await balanceOf(db, req.accountId);
  if (before < floor) throw insufficient(before, floor);
  const answer = await collectAnswer(engine, { messages: [{ role: 'user', content: req.userInput }], lang: req.lang, signal: req.signal });
  if (!answer) throw new Error('the engine gave no answer');
  const checked = await verdictsFor(answer.commands.map((c) => c.command), config);
  // The validator fails closed: a command it could not check is shown as denied, never as allowed.
  const verdicts = checked.map((v, i) => v ?? { command: answer.commands[i].command, verdict: 'deny' as const, reasons: [{ rule: 'check.failed', verdict: 'deny', message: 'the safety check could not run' }] });
  const usage = usageOf(req.userInput, answer);
  const moved = await applyMove(db, { accountId: req.accountId, amount: -usage.total_tokens, kind: 'command', promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens });
  if (!moved.ok) throw insufficient(moved.balance, usage.total_tokens);
  return { answer, verdicts, usage: { ...usage, remaining_balance: moved.balance } };
}
