/**
 * The server's tables as Kysely types. Owned by the accounts service (services may not import
 * src/server); src/server/db/migrations.ts creates exactly these columns. Times are epoch milliseconds.
 */
import type { Generated, Kysely } from 'kysely';

export interface AccountsTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  password_hash: string;
  /** 'free' until billing (issue 17) changes it. */
  plan: Generated<string>;
  /** Always equal to the sum of this account's ledger amounts (moved only by the ledger service). */
  balance: Generated<number>;
  created_at: number;
  /** Set when hourly usage jumped far above the account's recent average (cleared by an operator). */
  anomaly_at: number | null;
  disabled_at: number | null;
  /** Billing (issue 17): the Stripe customer and subscription of the account. */
  stripe_customer_id: string | null;
  subscription_id: string | null;
  /** Stripe's status: active, past_due, canceled, ... (null: never subscribed). */
  subscription_status: string | null;
  /** `created` (epoch ms) of the newest Stripe event applied to the subscription: older ones arriving late are ignored. */
  subscription_event_at: number | null;
  cancel_at_period_end: number | null;
  period_end: number | null;
  /** This month's debits (sum of negative ledger amounts since `month_start`), kept by the ledger with each move so reading it costs one row. */
  month_spent: Generated<number>;
  /** The UTC month `month_spent` counts (epoch ms of its first day); an older month means nothing spent this month yet. */
  month_start: number | null;
  /**
   * The allowance period (migration 0003): when it began (a paid refill, signup, or Free's calendar
   * month), the allowance tokens it started with (monthly tokens + rollover + upgrade top-ups), the
   * tokens answers used in it (quota alerts), and the plan whose allowance it was granted.
   */
  period_start: number | null;
  period_allowance: number | null;
  period_used: number | null;
  period_plan: string | null;
  /** 'user' or 'admin' (granted only with `cloudya serve admin grant EMAIL` on the server's host). */
  role: string | null;
}

export interface StripeEventsTable {
  /** Stripe's event id: inserted in the same transaction as the event's effect, so it applies once. */
  id: string;
  type: string;
  account_id: string | null;
  /** applied, ignored_stale, no_account, ... */
  outcome: string;
  /** Tokens a refund could not take back (the balance never goes below zero). */
  shortfall: Generated<number>;
  created_at: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  account_id: string;
  /** payment_failed, quota_80, quota_100, refund_shortfall, ... */
  kind: string;
  /** Unique when set: one notification per (kind, period). */
  dedupe: string | null;
  message: string;
  created_at: number;
  read_at: number | null;
  /** JSON figures of the notification (quota alerts: percent, used, allowance) so clients can word it in their language. */
  data: string | null;
}

export interface LedgerTable {
  id: Generated<number>;
  account_id: string;
  /** Signed: credits > 0, debits < 0. */
  amount: number;
  /** What moved the tokens: 'signup_grant', 'command', 'adjustment' (billing adds 'allowance', 'purchase', ...). */
  kind: string;
  /** Which pool the tokens belong to: 'allowance' (plan tokens) or 'purchased' (bought, for billing). */
  bucket: Generated<string>;
  /** Idempotency key of the event that caused the entry (unique when set: a replay cannot credit twice). */
  ref: string | null;
  balance_after: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  created_at: number;
}

export interface RefreshTokensTable {
  id: string;
  account_id: string;
  /** Every token descending from one login shares a family; reuse of a rotated token revokes it. */
  family_id: string;
  /** sha256 of the token (the token itself is never stored). */
  token_hash: string;
  created_at: number;
  expires_at: number;
  /** When it was exchanged for its successor. */
  rotated_at: number | null;
  revoked_at: number | null;
}

export interface ApiTokensTable {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  /** The first characters, to recognise a token in a list without storing it. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  /** base64url HMAC secret. */
  secret: string;
  created_at: number;
  /** When a newer key took over signing; the key still verifies until its last token expired. */
  retired_at: number | null;
}

export interface SecurityEventsTable {
  id: Generated<number>;
  account_id: string | null;
  /** login_ok, login_failed, register, refresh_reuse, logout, api_token_created, api_token_revoked, key_rotated, usage_anomaly, rate_limited */
  kind: string;
  ip: string | null;
  /** Short JSON detail; never a secret. */
  detail: string | null;
  created_at: number;
}

export interface Database {
  accounts: AccountsTable;
  ledger: LedgerTable;
  refresh_tokens: RefreshTokensTable;
  api_tokens: ApiTokensTable;
  signing_keys: SigningKeysTable;
  security_events: SecurityEventsTable;
  stripe_events: StripeEventsTable;
  notifications: NotificationsTable;
}

export type Db = Kysely<Database>;
