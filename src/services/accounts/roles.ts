/**
 * Account roles: 'user' (everyone) or 'admin' (revenue analytics). There is no API that grants a
 * role: only `cloudya serve admin grant EMAIL`, run where the server's database is reachable, so
 * becoming admin takes the operator's access to the database, never a request.
 */
import { normaliseEmail } from './accounts.js';
import { ServiceError } from './errors.js';
import { recordEvent } from './events.js';
import type { Db } from './schema.js';

export type Role = 'user' | 'admin';

/** True when the account exists, is not disabled, and is an admin (read on every call: a revocation applies at once). */
export async function isAdmin(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select(['role', 'disabled_at']).where('id', '=', accountId).executeTakeFirst();
  return !!row && row.disabled_at === null && row.role === 'admin';
}

/** Sets an account's role by email (recorded as a security event); returns the account id. */
export async function setRole(db: Db, email: string, role: Role): Promise<{ id: string; email: string; changed: boolean }> {
  const normalised = normaliseEmail(email);
  const row = await db.selectFrom('accounts').select(['id', 'role']).where('email', '=', normalised).executeTakeFirst();
  if (!row) throw new ServiceError('not_found', `no account with the email ${normalised} on this server`);
  const changed = (row.role ?? 'user') !== role;
  if (changed) {
    await db.updateTable('accounts').set({ role }).where('id', '=', row.id).execute();
    await recordEvent(db, { kind: role === 'admin' ? 'admin_granted' : 'admin_revoked', accountId: row.id });
  }
  return { id: row.id, email: normalised, changed };
}

/** The admins' emails, sorted. */
export async function listAdmins(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('accounts').select('email').where('role', '=', 'admin').orderBy('email').execute();
  return rows.map((r) => r.email);
}
