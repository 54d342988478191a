/**
 * The two token pools of an account, kept apart in the ledger by `bucket`: 'allowance' (the plan's
 * monthly tokens, partly lost at renewal) and 'purchased' (recharges, never lost).
 *
 * Spend order: allowance first, then purchased. Debits are written without a pool (bucket
 * 'allowance'), so the purchased tokens left are min(balance, net purchased credits): whatever the
 * balance holds beyond the purchased credits is allowance, and once the balance fell below them the
 * allowance is gone. `settlePurchased` writes that consumption down at each renewal so the rule stays
 * true across periods.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../accounts/schema.js';
import { applyMove } from '../ledger/ledger.js';

export interface Buckets {
  balance: number;
  allowance: number;
  purchased: number;
}

/** The account's balance split into its two pools. */
export async function bucketsOf(db: Kysely<Database>, accountId: string): Promise<Buckets> {
  const account = await db.selectFrom('accounts').select('balance').where('id', '=', accountId).executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('ledger')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('net'))
    .where('account_id', '=', accountId)
    .where('bucket', '=', 'purchased')
    .executeTakeFirst();
  const purchased = Math.max(0, Math.min(account.balance, Number(row?.net ?? 0)));
  return { balance: account.balance, purchased, allowance: account.balance - purchased };
}

/**
 * Records purchased tokens already spent (after the allowance ran out) as moved to the allowance
 * pool: a zero-sum pair of ledger rows, so the next period starts with an exact purchased figure.
 */
export async function settlePurchased(trx: Kysely<Database>, accountId: string, ref: string, now: number): Promise<void> {
  const row = await trx
    .selectFrom('ledger')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('net'))
    .where('account_id', '=', accountId)
    .where('bucket', '=', 'purchased')
    .executeTakeFirst();
  const net = Number(row?.net ?? 0);
  const { purchased } = await bucketsOf(trx, accountId);
  const spent = net - purchased;
  if (spent <= 0) return;
  await applyMove(trx, { accountId, amount: spent, kind: 'purchased_spent', bucket: 'allowance', ref: `${ref}:settle+`, now });
  await applyMove(trx, { accountId, amount: -spent, kind: 'purchased_spent', bucket: 'purchased', ref: `${ref}:settle-`, now });
}
