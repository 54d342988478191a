/**
 * The monthly refill: allowance left over is kept up to 20% of the ending plan's monthly allowance
 * (the rest is lost), purchased tokens are all kept, then the new plan's allowance is credited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../accounts/schema.js';
import { applyMove } from '../ledger/ledger.js';
import { bucketsOf, settlePurchased } from './buckets.js';
import { planOf, rolloverCap } from './plans.js';

export interface RefillResult {
  rolledOver: number;
  expired: number;
  credited: number;
  balance: number;
}

/** Refills an account inside the caller's transaction; `ref` (the invoice) makes it apply once. */
export async function refill(trx: Kysely<Database>, accountId: string, opts: { endingPlan: string; newPlan: string; ref: string; now: number }): Promise<RefillResult> {
  await settlePurchased(trx, accountId, opts.ref, opts.now);
  const { allowance } = await bucketsOf(trx, accountId);
  const rolledOver = Math.min(allowance, rolloverCap(opts.endingPlan));
  const expired = allowance - rolledOver;
  if (expired > 0) await applyMove(trx, { accountId, amount: -expired, kind: 'allowance_expired', bucket: 'allowance', ref: `${opts.ref}:expire`, now: opts.now });
  const credited = planOf(opts.newPlan).monthlyTokens;
  const r = await applyMove(trx, { accountId, amount: credited, kind: 'allowance', bucket: 'allowance', ref: `${opts.ref}:refill`, now: opts.now });
  return { rolledOver, expired, credited, balance: r.balance };
}
