/** Account notifications (payment failed, refund shortfall, quota alerts); `dedupe` makes each appear once. */
import type { Kysely } from 'kysely';
import type { Database } from '../accounts/schema.js';

export interface NewNotification {
  accountId: string;
  kind: string;
  message: string;
  dedupe?: string;
  data?: Record<string, unknown>;
  now?: number;
}

/** The insert of a notification, ignored when one with the same dedupe key exists (also run synchronously on SQLite). */
export function notifyQuery(db: Kysely<Database>, n: NewNotification) {
  return db
    .insertInto('notifications')
    .values({ account_id: n.accountId, kind: n.kind, message: n.message, dedupe: n.dedupe ?? null, data: n.data ? JSON.stringify(n.data) : null, created_at: n.now ?? Date.now(), read_at: null })
    .onConflict((oc) => oc.column('dedupe').doNothing());
}

/** Adds a notification unless one with the same dedupe key exists; true when it was added. */
export async function notify(db: Kysely<Database>, n: NewNotification): Promise<boolean> {
  const r = await notifyQuery(db, n).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface NotificationView {
  kind: string;
  message: string;
  created_at: number;
  /** Figures behind the message (quota alerts), for clients that word it themselves. */
  data?: Record<string, unknown>;
}

function parseData(text: string | null): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The account's notifications, newest first. */
export async function listNotifications(db: Kysely<Database>, accountId: string, limit = 20): Promise<NotificationView[]> {
  const rows = await db.selectFrom('notifications').select(['kind', 'message', 'created_at', 'data']).where('account_id', '=', accountId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const data = parseData(r.data);
    return { kind: r.kind, message: r.message, created_at: Number(r.created_at), ...(data ? { data } : {}) };
  });
}
