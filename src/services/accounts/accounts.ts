/** Accounts: registration (with the Free plan's tokens credited through the ledger) and password login. */
import { applyMove, FREE_PLAN_TOKENS } from '../ledger/ledger.js';
import { ServiceError } from './errors.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import type { AccountsTable, Db } from './schema.js';
import { newId } from './secrets.js';

export interface Account {
  id: string;
  email: string;
  name: string;
  plan: string;
  balance: number;
  created_at: number;
  anomaly_at: number | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

/** Lower-cased, trimmed email, or a refusal. */
export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e) || e.length > 320) throw new ServiceError('invalid_input', 'email: not a valid address');
  return e;
}

function publicAccount(row: Pick<AccountsTable, 'id' | 'email' | 'name' | 'created_at' | 'anomaly_at'> & { plan: string; balance: number }): Account {
  return { id: row.id, email: row.email, name: row.name, plan: row.plan, balance: row.balance, created_at: row.created_at, anomaly_at: row.anomaly_at };
}

/** Creates an account on the Free plan, credited with its tokens in the same transaction. */
export async function registerAccount(db: Db, input: { email: string; name: string; password: string }, now = Date.now()): Promise<Account> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  if (!name || name.length > 200) throw new ServiceError('invalid_input', 'name: 1 to 200 characters');
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    throw new ServiceError('invalid_input', `password: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id, email, name, password_hash: passwordHash, created_at: now, anomaly_at: null, disabled_at: null, period_start: now, period_allowance: FREE_PLAN_TOKENS, period_used: 0, period_plan: 'free', role: 'user' }).execute();
      const grant = await applyMove(trx, { accountId: id, amount: FREE_PLAN_TOKENS, kind: 'signup_grant', ref: `signup:${id}`, now });
      if (!grant.ok) throw new Error('signup grant refused');
    });
  } catch (err) {
    if (/unique|duplicate/i.test(String((err as Error).message))) throw new ServiceError('email_taken', 'an account with this email already exists');
    throw err;
  }
  return (await getAccount(db, id))!;
}

/** The account for an email and password; the same refusal (and the same work) for a wrong email or password. */
export async function authenticate(db: Db, email: string, password: string): Promise<Account> {
  let normalised: string | undefined;
  try {
    normalised = normaliseEmail(email);
  } catch {
    normalised = undefined;
  }
  const row = normalised ? await db.selectFrom('accounts').selectAll().where('email', '=', normalised).executeTakeFirst() : undefined;
  const ok = await verifyPassword(row?.password_hash, password);
  if (!row || !ok || row.disabled_at !== null) throw new ServiceError('invalid_credentials', 'wrong email or password');
  return publicAccount(row);
}

/** An account by id, or undefined. */
export async function getAccount(db: Db, id: string): Promise<Account | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'email', 'name', 'plan', 'balance', 'created_at', 'anomaly_at', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return undefined;
  return publicAccount(row);
}

/** An account id by email (tests, administration). */
export async function accountIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row?.id;
}
