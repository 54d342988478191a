/**
 * The token ledger: the only code that moves a balance. Every move is one conditional UPDATE of the
 * balance plus one ledger row, in one transaction, so concurrent requests can neither overdraw an
 * account nor make balance and ledger disagree (balance == sum of the account's ledger amounts).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database, Db } from '../accounts/schema.js';
import { prepared, type Arg } from '../accounts/prepared.js';
import type { SyncSqlite } from '../accounts/sync-sqlite.js';
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
  /** A debit for usage (an answer): also counted in the account's period usage, in the same statement (quota alerts). */
  use?: boolean;
}

/** The account's allowance period after a usage debit. */
export interface PeriodAfter {
  start: number;
  allowance: number;
  used: number;
}

export type MoveResult = { ok: true; balance: number; duplicate?: boolean; period?: PeriodAfter } | { ok: false; balance: number };

/** Runs fn in a transaction, or in the caller's when db already is one. */
async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

// The statements of every debit, compiled once (they run on each /api/command).
// The same statement keeps the month's usage counter: a move in a newer month restarts it, a backdated
// debit from an older month leaves it alone (it was not spent this month).
const moveSet = (arg: Arg) => ({
  month_spent: sql<number>`case when month_start = cast(${arg(2)} as bigint) then month_spent + cast(${arg(3)} as integer) when month_start is null or month_start < cast(${arg(2)} as bigint) then cast(${arg(3)} as integer) else month_spent end`,
  month_start: sql<number>`case when month_start is null or month_start < cast(${arg(2)} as bigint) then cast(${arg(2)} as bigint) else month_start end`,
});
const conditionalMove = prepared((db, arg) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ balance: eb('balance', '+', arg(0)), ...moveSet(arg) }))
    .where('id', '=', arg(1))
    .where((eb) => eb(eb('balance', '+', arg(0)), '>=', 0))
    .returning('balance'),
);
// A usage debit (an answer) also counts in the allowance period, in the same statement: quota alerts are
// decided from the figures it returns, so among concurrent answers exactly one crosses each threshold.
const conditionalUse = prepared((db, arg) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ balance: eb('balance', '+', arg(0)), ...moveSet(arg), period_used: sql<number>`coalesce(period_used, 0) + cast(${arg(3)} as integer)` }))
    .where('id', '=', arg(1))
    .where((eb) => eb(eb('balance', '+', arg(0)), '>=', 0))
    .returning(['balance', 'period_start', 'period_allowance', 'period_used']),
);
const insertMove = prepared((db, arg) =>
  db.insertInto('ledger').values({
    account_id: arg(0),
    amount: arg(1),
    kind: arg(2),
    bucket: arg(3),
    ref: arg(4),
    balance_after: arg(5),
    prompt_tokens: arg(6),
    completion_tokens: arg(7),
    created_at: arg(8),
  }),
);
const balanceQuery = prepared((db, arg) => db.selectFrom('accounts').select('balance').where('id', '=', arg(0)));

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
    const row = move.use
      ? (await conditionalUse(trx, move.amount, move.accountId, monthStart(now), Math.max(0, -move.amount))).rows[0]
      : (await conditionalMove(trx, move.amount, move.accountId, monthStart(now), Math.max(0, -move.amount))).rows[0];
    if (!row) return { ok: false, balance: await balanceOf(trx, move.accountId) };
    await insertMove(trx, move.accountId, move.amount, move.kind, move.bucket ?? 'allowance', move.ref ?? null, row.balance, move.promptTokens ?? null, move.completionTokens ?? null, now);
    return moved(move, row);
  });
  return result;
}

function moved(move: Move, row: { balance: number }): MoveResult {
  const p = row as { period_start?: number | null; period_allowance?: number | null; period_used?: number | null };
  const period = move.use && p.period_start != null ? { start: Number(p.period_start), allowance: Number(p.period_allowance ?? 0), used: Number(p.period_used ?? 0) } : undefined;
  return { ok: true, balance: row.balance, ...(period ? { period } : {}) };
}

// PostgreSQL: the usage debit and its ledger row in ONE statement (a data-modifying CTE), so the account's row
// lock is held for one statement, not across the round trips of BEGIN/UPDATE/INSERT/COMMIT: debits of one
// busy account queue for microseconds instead of network round trips. Same figures as conditionalUse + insertMove.
const PG_USE_DEBIT = `with moved as (
  update accounts set balance = balance + $1::integer,
    month_spent = case when month_start = $3::bigint then month_spent + $4::integer when month_start is null or month_start < $3::bigint then $4::integer else month_spent end,
    month_start = case when month_start is null or month_start < $3::bigint then $3::bigint else month_start end,
    period_used = coalesce(period_used, 0) + $4::integer
  where id = $2 and balance + $1::integer >= 0
  returning balance, period_start, period_allowance, period_used
), entry as (
  insert into ledger (account_id, amount, kind, bucket, ref, balance_after, prompt_tokens, completion_tokens, created_at)
  select $2, $1::integer, $5, $6, null, balance, $7::integer, $8::integer, $9::bigint from moved
)
select balance, period_start, period_allowance, period_used from moved`;

/** applyMove for a usage debit (no ref) on PostgreSQL, in one atomic statement outside any transaction. */
export async function applyUsePg(db: Db, move: Move): Promise<MoveResult> {
  if (!Number.isInteger(move.amount) || move.ref || !move.use) throw new Error('applyUsePg takes whole-token usage debits without ref');
  const now = move.now ?? Date.now();
  const params = [move.amount, move.accountId, monthStart(now), Math.max(0, -move.amount), move.kind, move.bucket ?? 'allowance', move.promptTokens ?? null, move.completionTokens ?? null, now];
  const row = (await db.executeQuery<{ balance: number }>(CompiledQuery.raw(PG_USE_DEBIT, params))).rows[0];
  if (!row) return { ok: false, balance: await balanceOf(db, move.accountId) };
  return moved(move, row);
}

/**
 * applyMove for a usage debit (no ref), run synchronously inside the caller's SQLite transaction
 * (the batched debits of debit-batch.ts): the same two statements, the same conditional check.
 */
export function applyUseSync(sync: SyncSqlite, db: Db, move: Move): MoveResult {
  if (!Number.isInteger(move.amount) || move.ref || !move.use) throw new Error('applyUseSync takes whole-token usage debits without ref');
  const now = move.now ?? Date.now();
  const row = conditionalUse.sync(sync, db, move.amount, move.accountId, monthStart(now), Math.max(0, -move.amount)).rows[0];
  if (!row) return { ok: false, balance: balanceQuery.sync(sync, db, move.accountId).rows[0]?.balance ?? 0 };
  insertMove.sync(sync, db, move.accountId, move.amount, move.kind, move.bucket ?? 'allowance', null, row.balance, move.promptTokens ?? null, move.completionTokens ?? null, now);
  return moved(move, row);
}

/** The current balance (0 for an unknown account). */
export async function balanceOf(db: Kysely<Database>, accountId: string): Promise<number> {
  return (await balanceQuery(db, accountId)).rows[0]?.balance ?? 0;
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
  return 0 - Number(row?.total ?? 0); // never -0
}

const tokensQuery = prepared((db, arg) =>
  db
    .selectFrom('accounts')
    .select(['plan', 'balance', 'disabled_at', 'period_start', 'period_allowance', 'period_used'])
    .select(sql<number>`case when month_start = cast(${arg(1)} as bigint) then month_spent else 0 end`.as('spent'))
    .where('id', '=', arg(0)),
);

/**
 * Balance, plan and this month's debits in one single-row read (GET /api/tokens/info): the same figure as
 * `spentSince(db, id, monthStart(now))`, from the counter the ledger keeps; undefined for a missing or disabled account.
 */
export async function tokensOf(db: Db, accountId: string, now = Date.now()): Promise<TokensRow | undefined> {
  const row = (await tokensQuery(db, accountId, monthStart(now))).rows[0];
  if (!row || row.disabled_at !== null) return undefined;
  const period = row.period_start === null ? null : { start: Number(row.period_start), allowance: Number(row.period_allowance ?? 0), used: Number(row.period_used ?? 0) };
  return { balance: row.balance, plan: row.plan, spent: Number(row.spent), period };
}

/** One account's token figures (tokensOf). */
export interface TokensRow {
  balance: number;
  plan: string;
  /** This month's debits. */
  spent: number;
  /** The allowance period (null for a row from before periods existed). */
  period: PeriodAfter | null;
}

/** Start of the current UTC month. */
export function monthStart(now = Date.now()): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
