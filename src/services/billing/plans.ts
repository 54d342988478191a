/**
 * The one configuration of Cloudya's plans: prices, monthly token allowances, features and API
 * rate multipliers. Every other module (ledger grant, rate limits, billing, `cloudya plans`) reads it.
 */

export type PlanId = 'free' | 'starter' | 'pro' | 'enterprise';

export interface Plan {
  id: PlanId;
  name: string;
  /** Monthly price in euro cents. */
  priceCents: number;
  /** Tokens granted each month (also the signup grant for Free). */
  monthlyTokens: number;
  /** Feature keys (stable, English); described in words by the front ends. */
  features: readonly string[];
  /** Requests per minute relative to Free ("API priority"). */
  rateMultiplier: number;
  /** Rank for "this plan or above" checks. */
  rank: number;
}

/** The plans in price order. */
export const PLANS: readonly Plan[] = [
  { id: 'free', name: 'Free', priceCents: 0, monthlyTokens: 1000, features: ['basic_commands', 'simple_chat'], rateMultiplier: 1, rank: 0 },
  { id: 'starter', name: 'Starter', priceCents: 999, monthlyTokens: 10_000, features: ['all_commands', 'tui_chat', 'email_support'], rateMultiplier: 2, rank: 1 },
  { id: 'pro', name: 'Pro', priceCents: 2999, monthlyTokens: 50_000, features: ['all_commands', 'tui_chat', 'email_support', 'execution_mode', 'api_priority', 'integrations'], rateMultiplier: 10, rank: 2 },
  { id: 'enterprise', name: 'Enterprise', priceCents: 9999, monthlyTokens: 200_000, features: ['all_commands', 'tui_chat', 'execution_mode', 'api_priority', 'integrations', 'support_24_7', 'sla', 'on_premise'], rateMultiplier: 50, rank: 3 },
];

/** Recharges: tokens bought per euro (1,000 tokens = 1 EUR). */
export const TOKENS_PER_EURO = 1000;
/** Rollover on renewal: at most this share of the plan's monthly allowance carries over. */
export const ROLLOVER_SHARE = 0.2;
/** Quota alerts: a notification when a period's usage reaches these shares of its allowance (once each per period). */
export const QUOTA_ALERT_PERCENTS = [80, 100] as const;
/** Recharge bounds (tokens), each a multiple of TOKENS_PER_EURO. */
export const RECHARGE_MIN_TOKENS = 1000;
export const RECHARGE_MAX_TOKENS = 1_000_000;

/** The plan of an id; unknown ids (an old or hand-edited row) count as Free. */
export function planOf(id: string): Plan {
  return PLANS.find((p) => p.id === id) ?? PLANS[0];
}

/** True when `id` names a plan. */
export function isPlanId(id: string): id is PlanId {
  return PLANS.some((p) => p.id === id);
}

/** True when plan `id` is `min` or above. */
export function planAtLeast(id: string, min: PlanId): boolean {
  return planOf(id).rank >= planOf(min).rank;
}

/** The Stripe price id of a paid plan (STRIPE_PRICE_<PLAN> or a stable default the Stripe account is set up with). */
export function stripePriceId(plan: PlanId, env: NodeJS.ProcessEnv = process.env): string {
  return env[`STRIPE_PRICE_${plan.toUpperCase()}`] || `price_cloudya_${plan}`;
}

/** The plan a Stripe price id stands for, if any. */
export function planForPrice(priceId: string, env: NodeJS.ProcessEnv = process.env): PlanId | undefined {
  return PLANS.find((p) => p.id !== 'free' && stripePriceId(p.id, env) === priceId)?.id;
}

/** The most tokens that may carry over from one period to the next on `plan`. */
export function rolloverCap(plan: string): number {
  return Math.floor(planOf(plan).monthlyTokens * ROLLOVER_SHARE);
}
