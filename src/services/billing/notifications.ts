/** Account notifications (payment failed, refund shortfall, quota alerts); `dedupe` makes each appear once. */
import type { Kysely } from 'kysely';
import type { Database } from '../accounts/schema.js';

/** Adds a notification unless one with the same dedupe key exists. */
export async function notify(db: Kysely<Database>, n: { accountId: string; kind: string; message: string; dedupe?: string; now?: number }): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ account_id: n.accountId, kind: n.kind, message: n.message, dedupe: n.dedupe ?? null, created_at: n.now ?? Date.now(), read_at: null })
    .onConflict((oc) => oc.column('dedupe').doNothing())
    .execute();
}

/** The account's notifications, newest first. */
export async function listNotifications(db: Kysely<Database>, accountId: string, limit = 20): Promise<Array<{ kind: string; message: string; created_at: number }>> {
  return db.selectFrom('notifications').select(['kind', 'message', 'created_at']).where('account_id', '=', accountId).orderBy('id', 'desc').limit(limit).execute();
}
