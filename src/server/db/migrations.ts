/**
 * Versioned migrations, applied in name order by Kysely's Migrator (which takes an advisory lock on
 * PostgreSQL, so instances starting together migrate once). Never edit a released migration: add one.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { isSealed, KeySecretError, type KeyCipher } from '../../services/accounts/key-cipher.js';
import { planOf, PLANS } from '../../services/billing/plans.js';

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect, cipher?: KeyCipher): Record<string, Migration> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    '0001_accounts_ledger_tokens': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('accounts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('plan', 'text', (c) => c.notNull().defaultTo('free'))
          .addColumn('balance', 'integer', (c) => c.notNull().defaultTo(0).check(sql`balance >= 0`))
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('anomaly_at', time)
          .addColumn('disabled_at', time)
          .execute();
        await db.schema
          .createTable('ledger')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('amount', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('bucket', 'text', (c) => c.notNull().defaultTo('allowance'))
          .addColumn('ref', 'text', (c) => c.unique())
          .addColumn('balance_after', 'integer', (c) => c.notNull())
          .addColumn('prompt_tokens', 'integer')
          .addColumn('completion_tokens', 'integer')
          .addColumn('created_at', time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('ledger_account_time').on('ledger').columns(['account_id', 'created_at']).execute();
        await db.schema
          .createTable('refresh_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('family_id', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('expires_at', time, (c) => c.notNull())
          .addColumn('rotated_at', time)
          .addColumn('revoked_at', time)
          .execute();
        await db.schema.createIndex('refresh_family').on('refresh_tokens').column('family_id').execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('last_used_at', time)
          .addColumn('revoked_at', time)
          .execute();
        await db.schema
          .createTable('signing_keys')
          .addColumn('kid', 'text', (c) => c.primaryKey())
          .addColumn('alg', 'text', (c) => c.notNull())
          .addColumn('secret', 'text', (c) => c.notNull())
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('retired_at', time)
          .execute();
        await db.schema
          .createTable('security_events')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('account_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('ip', 'text')
          .addColumn('detail', 'text')
          .addColumn('created_at', time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('security_events_account').on('security_events').columns(['account_id', 'created_at']).execute();
      },
    },
    '0002_billing': {
      async up(db: Kysely<unknown>) {
        for (const [name, type] of [['stripe_customer_id', 'text'], ['subscription_id', 'text'], ['subscription_status', 'text'], ['subscription_event_at', time], ['cancel_at_period_end', 'integer'], ['period_end', time]] as const) {
          await db.schema.alterTable('accounts').addColumn(name, type).execute();
        }
        await db.schema.createIndex('accounts_stripe_customer').on('accounts').column('stripe_customer_id').unique().execute();
        // The primary key is what makes a Stripe event apply once, even delivered twice at the same time.
        await db.schema
          .createTable('stripe_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('shortfall', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('notifications')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('dedupe', 'text', (c) => c.unique())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('read_at', time)
          .execute();
      },
    },
    '0003_month_spent': {
      async up(db: Kysely<unknown>) {
        // This month's usage as a counter kept with each move: /api/tokens/info read a sum over every debit of the month.
        await db.schema.alterTable('accounts').addColumn('month_spent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('accounts').addColumn('month_start', time).execute();
        const d = new Date();
        const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
        await sql`update accounts set month_start = ${month}, month_spent = coalesce((select -sum(l.amount) from ledger l where l.account_id = accounts.id and l.amount < 0 and l.created_at >= ${month}), 0)`.execute(db);
      },
    },
    '0004_periods_roles': {
      async up(db: Kysely<unknown>) {
        // The allowance period of each account (quota alerts, Free's monthly refill, mid-period upgrades) and its role.
        for (const [name, type] of [['period_start', time], ['period_allowance', 'integer'], ['period_used', 'integer'], ['period_plan', 'text'], ['role', 'text']] as const) {
          await db.schema.alterTable('accounts').addColumn(name, type).execute();
        }
        // Existing accounts: the current period starts now-ish (their creation), with their plan's allowance.
        await sql`update accounts set period_start = created_at, period_used = 0, period_plan = plan, role = 'user', period_allowance = ${planOf('free').monthlyTokens}`.execute(db);
        for (const p of PLANS) await sql`update accounts set period_allowance = ${p.monthlyTokens} where plan = ${p.id}`.execute(db);
        await db.schema.alterTable('notifications').addColumn('data', 'text').execute();
        await db.schema.createIndex('ledger_kind_time').on('ledger').columns(['kind', 'created_at']).execute();
      },
    },
    '0005_sealed_signing_keys': {
      async up(db: Kysely<unknown>) {
        // Signing keys were stored in clear: seal each one in place (same column, `v1.` prefix), per-row nonce.
        const rows = await sql<{ kid: string; secret: string }>`select kid, secret from signing_keys`.execute(db);
        const plain = rows.rows.filter((r) => !isSealed(r.secret));
        if (plain.length && !cipher) throw new KeySecretError('missing', 'the signing keys must be encrypted and no server secret was given');
        for (const r of plain) {
          await sql`update signing_keys set secret = ${cipher!.seal(r.kid, Buffer.from(r.secret, 'base64url'))} where kid = ${r.kid} and secret = ${r.secret}`.execute(db);
        }
      },
    },
  };
}

/** The provider handed to Kysely's Migrator (the cipher seals signing keys written before encryption). */
export function migrationProvider(dialect: Dialect, cipher?: KeyCipher): MigrationProvider {
  return { getMigrations: async () => migrations(dialect, cipher) };
}
