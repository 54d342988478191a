/**
 * Allowance periods. A refill starts a period: allowance left over is kept up to 20% of the ending
 * plan's monthly allowance (the rest is lost), purchased tokens are all kept, then the new plan's
 * allowance is credited. Paid plans refill on Stripe's `invoice.paid`; Free refills itself on the
 * first use in a new UTC calendar month (`ensureFreePeriod`). A mid-period upgrade does not start a
 * period: it tops up the allowance difference for the time left (`upgradeTopUp`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../accounts/schema.js';
import { applyMove, monthStart } from '../ledger/ledger.js';
import { bucketsOf, settlePurchased } from './buckets.js';
import { planOf, rolloverCap } from './plans.js';

export interface RefillResult {
  rolledOver: number;
  expired: number;
  credited: number;
  balance: number;
  /** True when this refill had already been applied (nothing changed). */
  duplicate?: boolean;
}

/**
 * Refills an account inside the caller's transaction and starts a new period at `periodStart`
 * (default `now`); `ref` (the invoice, or Free's month) makes it apply once.
 */
export async function refill(trx: Kysely<Database>, accountId: string, opts: { endingPlan: string; newPlan: string; ref: string; now: number; periodStart?: number }): Promise<RefillResult> {
  const done = await trx.selectFrom('ledger').select('id').where('ref', '=', `${opts.ref}:refill`).executeTakeFirst();
  if (done) {
    const row = await trx.selectFrom('accounts').select('balance').where('id', '=', accountId).executeTakeFirstOrThrow();
    return { rolledOver: 0, expired: 0, credited: 0, balance: row.balance, duplicate: true };
  }
  await settlePurchased(trx, accountId, opts.ref, opts.now);
  const { allowance } = await bucketsOf(trx, accountId);
  const rolledOver = Math.min(allowance, rolloverCap(opts.endingPlan));
  const expired = allowance - rolledOver;
  if (expired > 0) await applyMove(trx, { accountId, amount: -expired, kind: 'allowance_expired', bucket: 'allowance', ref: `${opts.ref}:expire`, now: opts.now });
  const credited = planOf(opts.newPlan).monthlyTokens;
  const r = await applyMove(trx, { accountId, amount: credited, kind: 'allowance', bucket: 'allowance', ref: `${opts.ref}:refill`, now: opts.now });
  await trx
    .updateTable('accounts')
    .set({ period_start: opts.periodStart ?? opts.now, period_allowance: rolledOver + credited, period_used: 0, period_plan: planOf(opts.newPlan).id })
    .where('id', '=', accountId)
    .execute();
  return { rolledOver, expired, credited, balance: r.balance };
}

/** "2026-12" for a time (the key of Free's monthly refill). */
function monthKey(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

/** Whether a Free account whose period began at `periodStart` is due its monthly refill at `now` (no query). */
export function freeRefillDue(plan: string, periodStart: number | null, now = Date.now()): boolean {
  return planOf(plan).id === 'free' && (periodStart === null || periodStart < monthStart(now));
}

/**
 * Free's monthly refill, without Stripe: on the account's first use (an answer, `info`, `tokens info`)
 * in a UTC month after the one its period started in. Claiming the period is a conditional UPDATE, so
 * two requests or two instances at once refill once. Returns true when it refilled.
 */
export async function ensureFreePeriod(db: Kysely<Database>, accountId: string, now = Date.now()): Promise<boolean> {
  const month = monthStart(now);
  const a = await db.selectFrom('accounts').select(['plan', 'period_start']).where('id', '=', accountId).executeTakeFirst();
  if (!a || !freeRefillDue(a.plan, a.period_start === null ? null : Number(a.period_start), now)) return false;
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('accounts')
      .set({ period_start: month })
      .where('id', '=', accountId)
      .where('plan', '=', a.plan)
      .where((eb) => eb.or([eb('period_start', 'is', null), eb('period_start', '<', month)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    const r = await refill(trx, accountId, { endingPlan: 'free', newPlan: 'free', ref: `free:${accountId}:${monthKey(month)}`, now, periodStart: month });
    return !r.duplicate;
  });
}

/** The start of the monthly period ending at `end` (same day and time one calendar month before, clamped to the month's length). */
export function monthBefore(end: number): number {
  const d = new Date(end);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - 1;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

/** The share of a monthly period left between `from` and the period's `end` (0..1). */
export function remainingShare(from: number, end: number): number {
  const length = end - monthBefore(end);
  if (length <= 0) return 0;
  return Math.min(1, Math.max(0, (end - from) / length));
}

export interface TopUpResult {
  tokens: number;
  /** The monthly allowance difference before proration. */
  difference: number;
  share: number;
}

/**
 * A mid-period upgrade (Stripe's `subscription_update` invoice, prorated): the allowance grows by the
 * difference between the new plan's monthly tokens and those of the plan the period was granted
 * for, prorated by the share of the period left - the same share Stripe charged for. A downgrade
 * takes nothing back and changes nothing (the period keeps the larger grant until it ends).
 */
export async function upgradeTopUp(trx: Kysely<Database>, accountId: string, opts: { newPlan: string; share: number; ref: string; now: number }): Promise<TopUpResult> {
  const a = await trx.selectFrom('accounts').select(['plan', 'period_plan']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const difference = planOf(opts.newPlan).monthlyTokens - planOf(a.period_plan ?? a.plan).monthlyTokens;
  if (difference <= 0) return { tokens: 0, difference, share: opts.share };
  const tokens = Math.floor(difference * opts.share);
  if (tokens > 0) {
    const r = await applyMove(trx, { accountId, amount: tokens, kind: 'allowance_topup', bucket: 'allowance', ref: `${opts.ref}:topup`, now: opts.now });
    if (r.ok && r.duplicate) return { tokens: 0, difference, share: opts.share };
  }
  await trx
    .updateTable('accounts')
    .set((eb) => ({ period_plan: planOf(opts.newPlan).id, period_allowance: eb(eb.fn.coalesce('period_allowance', eb.val(0)), '+', tokens) }))
    .where('id', '=', accountId)
    .execute();
  return { tokens, difference, share: opts.share };
}
