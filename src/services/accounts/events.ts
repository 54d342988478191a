/** The security-event audit table: logins, failures, token creation and revocation, key rotation, anomalies. */
import type { Db } from './schema.js';

export interface SecurityEvent {
  kind: string;
  accountId?: string | null;
  ip?: string | null;
  /** A small object; never a password or token. */
  detail?: Record<string, unknown>;
}

/** Records one event (failures to record are reported to the caller). */
export async function recordEvent(db: Db, event: SecurityEvent, now = Date.now()): Promise<void> {
  await db
    .insertInto('security_events')
    .values({ kind: event.kind, account_id: event.accountId ?? null, ip: event.ip ?? null, detail: event.detail ? JSON.stringify(event.detail) : null, created_at: now })
    .execute();
}

/** The latest events of an account (or all accounts), newest first. */
export async function listEvents(db: Db, opts: { accountId?: string; kind?: string; limit?: number } = {}) {
  let q = db.selectFrom('security_events').selectAll().orderBy('id', 'desc').limit(opts.limit ?? 100);
  if (opts.accountId) q = q.where('account_id', '=', opts.accountId);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  return q.execute();
}
