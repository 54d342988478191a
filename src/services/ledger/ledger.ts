/**
 * The token ledger: the only code that moves a balance. Every move is one conditional UPDATE of the
 * balance plus one ledger row, in one transaction, so concurrent requests can neither overdraw an
 * account nor make balance and ledger disagree (balance == sum of the account's ledger amounts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Db } from '../accounts/schema.js';
import { planOf } from '../billing/plans.js';

/** Tokens a new Free account starts with (the Free plan's monthly allowance, from the plans configuration). */
export const FREE_PLAN_TOKENS = planOf('free').monthlyTokens;

export interface Move {
  accountId: string;
  /** Positive credit or negative debit. */
  amount: number;
  kind: string;
  bucket?: 'allowance' | 'purchased';
  /** Idempotency key: a second move with the same ref is ignored (a replayed webhook credits once). */
  ref?: string;
  promptTokens?: number;
  completionTokens?: number;
  now?: number;
}

export type MoveResult = { ok: true; balance: number; duplicate?: boolean } | { ok: false; balance: number };

/** Runs fn in a transaction, or in the caller's when db already is one. */
async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/**
 * Applies a move unless it would take the balance below zero ({ok:false} then, nothing changed).
 * A debit is `amount < 0`: `balance = balance + amount WHERE balance + amount >= 0` is the whole check.
 */
export async function applyMove(db: Db, move: Move): Promise<MoveResult> {
  if (!Number.isInteger(move.amount)) throw new Error('ledger amounts are whole tokens');
  const now = move.now ?? Date.now();
  const result = await inTransaction(db, async (trx): Promise<MoveResult> => {
    if (move.ref) {
      const seen = await trx.selectFrom('ledger').select('id').where('ref', '=', move.ref).executeTakeFirst();
      if (seen) return { ok: true, balance: await balanceOf(trx, move.accountId), duplicate: true };
    }
    const row = await trx
      .updateTable('accounts')
      .set((eb) => ({ balance: eb('balance', '+', move.amount) }))
      .where('id', '=', move.accountId)
      .where((eb) => eb(eb('balance', '+', move.amount), '>=', 0))
      .returning('balance')
      .executeTakeFirst();
    if (!row) return { ok: false, balance: await balanceOf(trx, move.accountId) };
    await trx
      .insertInto('ledger')
      .values({
        account_id: move.accountId,
        amount: move.amount,
        kind: move.kind,
        bucket: move.bucket ?? 'allowance',
        ref: move.ref ?? null,
        balance_after: row.balance,
        prompt_tokens: move.promptTokens ?? null,
        completion_tokens: move.completionTokens ?? null,
        created_at: now,
      })
      .execute();
    return { ok: true, balance: row.balance };
  });
  return result;
}

/** The current balance (0 for an unknown account). */
export async function balanceOf(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await db.selectFrom('accounts').select('balance').where('id', '=', accountId).executeTakeFirst();
  return row?.balance ?? 0;
}

/** The sum of an account's ledger (what the balance must equal). */
export async function ledgerSum(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.val(0)).as('total'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

const DAY = 86_400_000;

export interface UsageDay {
  date: string;
  kind: string;
  /** Tokens spent (positive) that day for that kind. */
  tokens: number;
  requests: number;
}

/** Debits per UTC day and kind over the last `days` days (today included), oldest first. */
export async function usageByDay(db: Db, accountId: string, days: number, now = Date.now()): Promise<UsageDay[]> {
  const since = (Math.floor(now / DAY) - (days - 1)) * DAY;
  // A literal divisor: PostgreSQL must see the same expression in SELECT and GROUP BY (not two parameters).
  const day = sql<number>`created_at / ${sql.lit(DAY)}`;
  const rows = await db
    .selectFrom('ledger')
    .select((eb) => [
      day.as('day'),
      'kind',
      eb.fn.sum<number>('amount').as('amount'),
      eb.fn.countAll<number>().as('requests'),
    ])
    .where('account_id', '=', accountId)
    .where('amount', '<', 0)
    .where('created_at', '>=', since)
    .groupBy([day, 'kind'])
    .execute();
  return rows
    .map((r) => ({ date: new Date(Math.floor(Number(r.day)) * DAY).toISOString().slice(0, 10), kind: r.kind, tokens: -Number(r.amount), requests: Number(r.requests) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/** Tokens spent since a time (debits only). */
export async function spentSince(db: Db, accountId: string, since: number, until = Number.MAX_SAFE_INTEGER): Promise<number> {
  const row = await db
    .selectFrom('ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.val(0)).as('total'))
    .where('account_id', '=', accountId)
    .where('amount', '<', 0)
    .where('created_at', '>=', since)
    .where('created_at', '<', until)
    .executeTakeFirst();
  return -Number(row?.total ?? 0);
}

/** Start of the current UTC month. */
export function monthStart(now = Date.now()): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
