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
import type { QuotaAlert } from '../billing/quota.js';
import { ensureFreePeriod, freeRefillDue } from '../billing/refill.js';
import { debitUsage } from './debit-batch.js';
import { balanceOf, tokensOf } from './ledger.js';
import { minimumEstimate, usageOf, type Usage } from './usage.js';

export interface MeteredRequest {
  accountId: string;
  userInput: string;
  mode: 'dry_run' | 'supervised';
  lang: 'en' | 'fr';
  signal?: AbortSignal;
  /** Made on demand instead of `signal` (its timer costs more than a cached answer): the signal to stop computing at. */
  deadline?: () => AbortSignal;
}

/** Answers already computed (offline answers are deterministic for a question and a knowledge base). */
export interface AnswerCache {
  get(key: string): { answer: Answer; verdicts: CommandVerdict[] } | undefined;
  set(key: string, value: { answer: Answer; verdicts: CommandVerdict[] }): void;
}

/** A small LRU cache (Map keeps insertion order; a hit moves the entry to the end). */
export function lruCache(size = 1000): AnswerCache {
  const map = new Map<string, { answer: Answer; verdicts: CommandVerdict[] }>();
  return {
    get(key) {
      const v = map.get(key);
      if (v) {
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key, value) {
      map.set(key, value);
      if (map.size > size) map.delete(map.keys().next().value!);
    },
  };
}

export interface MeteredAnswer {
  answer: Answer;
  verdicts: CommandVerdict[];
  usage: Usage & { remaining_balance: number };
  /** The quota alert this answer's debit raised (at most one answer per threshold and period carries it). */
  quotaAlert?: QuotaAlert;
}

function insufficient(balance: number, needed: number): ServiceError {
  return new ServiceError('insufficient_tokens', `not enough tokens for this request (balance ${balance}, needed at least ${needed})`, { balance, needed });
}

type Checked = { answer: Answer; verdicts: CommandVerdict[] };
// Cacheable answers being computed: the same question asked by many requests at once is answered once.
const pending = new WeakMap<AnswerCache, Map<string, Promise<Checked>>>();

async function answerUncached(engine: Engine, config: Config | undefined, req: MeteredRequest): Promise<{ checked: Checked; complete: boolean }> {
  const answer = await collectAnswer(engine, { messages: [{ role: 'user', content: req.userInput }], lang: req.lang, signal: req.signal });
  if (!answer) throw new Error('the engine gave no answer');
  const checked = await verdictsFor(answer.commands.map((c) => c.command), config);
  // The validator fails closed: a command it could not check is shown as denied, never as allowed.
  const verdicts = checked.map((v, i) => v ?? { command: answer.commands[i].command, verdict: 'deny' as const, reasons: [{ rule: 'check.failed', verdict: 'deny', message: 'the safety check could not run' }] });
  return { checked: { answer, verdicts }, complete: checked.every(Boolean) };
}

/** The answer and its verdicts, computed once for concurrent identical cacheable questions. */
async function answerOnce(engine: Engine, config: Config | undefined, req: MeteredRequest, cache: AnswerCache | undefined, key: string | undefined): Promise<Checked> {
  if (!key || !cache) return (await answerUncached(engine, config, req)).checked;
  let waiting = pending.get(cache);
  if (!waiting) pending.set(cache, (waiting = new Map()));
  const inFlight = waiting.get(key);
  if (inFlight) return untilAborted(inFlight, req.signal);
  // Computed without this request's abort signal: a waiter must not fail because the first asker timed out.
  const work = answerUncached(engine, config, { ...req, signal: undefined }).then(({ checked, complete }) => {
    if (complete) cache.set(key, checked);
    return checked;
  });
  waiting.set(key, work);
  void work.then(
    () => waiting.delete(key),
    () => waiting.delete(key),
  );
  return untilAborted(work, req.signal);
}

/** `work`, or a rejection as soon as `signal` aborts (each waiter keeps its own deadline). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/** Answers a question for an account and debits what it cost. */
export async function meteredAnswer(db: Db, engine: Engine, config: Config | undefined, req: MeteredRequest, cache?: AnswerCache): Promise<MeteredAnswer> {
  const floor = minimumEstimate(req.userInput);
  // One read gives the balance and tells whether a Free account's first answer of a month starts its new period (the refill) first.
  const tokens = await tokensOf(db, req.accountId);
  let before = tokens?.balance ?? 0;
  if (tokens && freeRefillDue(tokens.plan, tokens.period?.start ?? null) && (await ensureFreePeriod(db, req.accountId))) before = await balanceOf(db, req.accountId);
  if (before < floor) throw insufficient(before, floor);
  // Only the offline engine is cached: a model's answer (and its usage) differs on every call.
  const key = engine.name === 'offline' && cache ? `${req.lang}\u0000${req.userInput.trim()}` : undefined;
  const hit = (key ? cache!.get(key) : undefined) ?? (await answerOnce(engine, config, { ...req, signal: req.signal ?? req.deadline?.() }, cache, key));
  const { answer, verdicts } = hit;
  const usage = usageOf(req.userInput, answer);
  // The debit and the alerts it crosses commit together: an alert exists exactly when its spending does.
  const { moved, quotaAlert } = await debitUsage(db, { accountId: req.accountId, amount: -usage.total_tokens, kind: 'command', promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, use: true });
  if (!moved.ok) throw insufficient(moved.balance, usage.total_tokens);
  return { answer, verdicts, usage: { ...usage, remaining_balance: moved.balance }, ...(quotaAlert ? { quotaAlert } : {}) };
}
