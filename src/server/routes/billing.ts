/**
 * GET /api/plans (public), and for the signed-in account: POST /api/billing/subscribe,
 * POST /api/billing/recharge, GET /api/billing/subscription, POST /api/billing/cancel.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type Stripe from 'stripe';
import { bucketsOf } from '../../services/billing/buckets.js';
import { cancel, recharge, subscribe } from '../../services/billing/checkout.js';
import { BillingError } from '../../services/billing/errors.js';
import { listNotifications } from '../../services/billing/notifications.js';
import { planOf, PLANS, ROLLOVER_SHARE, TOKENS_PER_EURO } from '../../services/billing/plans.js';
import { quotaOf } from '../../services/billing/quota.js';
import { ensureFreePeriod } from '../../services/billing/refill.js';
import { stripeFromEnv } from '../../services/billing/stripe.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errors } from '../schemas.js';

const PM = { type: 'string', minLength: 3, maxLength: 255 } as const;
const OBJ = { type: 'object', additionalProperties: true } as const;

const PLAN = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    price_cents: { type: 'integer' },
    currency: { type: 'string' },
    monthly_tokens: { type: 'integer' },
    features: { type: 'array', items: { type: 'string' } },
    requests_per_minute: { type: 'integer' },
  },
  required: ['id', 'name', 'price_cents', 'currency', 'monthly_tokens', 'features', 'requests_per_minute'],
} as const;

/** Registers the public billing routes. */
export function billingRoutes(app: FastifyInstance, ctx: ServerContext, auth: preHandlerAsyncHookHandler, env: NodeJS.ProcessEnv): void {
  const db = ctx.db.db;
  let client: Stripe | undefined;
  const stripe = (): Stripe => {
    client ??= stripeFromEnv(env);
    if (!client) throw new ApiError(503, 'billing_not_configured', 'payments are not configured on this server (STRIPE_SECRET_KEY)');
    return client;
  };
  const billing = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof BillingError) throw new ApiError(err.status, err.code, err.message);
      throw err;
    }
  };
  const security = [{ bearer: [] }];
  const secured = { preHandler: auth };

  app.get(
    '/api/plans',
    { schema: { summary: 'Plans: prices, monthly tokens, features, rate limits', tags: ['billing'], response: { 200: { type: 'object', properties: { plans: { type: 'array', items: PLAN }, tokens_per_euro: { type: 'integer' }, rollover_share: { type: 'number' } }, required: ['plans', 'tokens_per_euro', 'rollover_share'] } } } },
    async () => ({
      plans: PLANS.map((p) => ({ id: p.id, name: p.name, price_cents: p.priceCents, currency: 'EUR', monthly_tokens: p.monthlyTokens, features: [...p.features], requests_per_minute: ctx.options.limits.perMinuteByPlan[p.id] })),
      tokens_per_euro: TOKENS_PER_EURO,
      rollover_share: ROLLOVER_SHARE,
    }),
  );

  app.post<{ Body: { plan: string; payment_method: string } }>(
    '/api/billing/subscribe',
    { ...secured, schema: { summary: 'Subscribe to a paid plan with a Stripe payment method id', tags: ['billing'], security, body: { type: 'object', properties: { plan: { type: 'string', maxLength: 40 }, payment_method: PM }, required: ['plan', 'payment_method'], additionalProperties: false }, response: { 200: OBJ, ...errors(400, 401, 402, 429, 502, 503) } } },
    async (req) => billing(() => subscribe(db, stripe(), req.accountId, req.body.plan.toLowerCase(), req.body.payment_method, env)),
  );

  app.post<{ Body: { tokens: number; payment_method: string; idempotency_key?: string } }>(
    '/api/billing/recharge',
    { ...secured, schema: { summary: 'Buy tokens (1,000 tokens = 1 EUR) with a Stripe payment method id', tags: ['billing'], security, body: { type: 'object', properties: { tokens: { type: 'integer' }, payment_method: PM, idempotency_key: { type: 'string', maxLength: 100 } }, required: ['tokens', 'payment_method'], additionalProperties: false }, response: { 200: OBJ, ...errors(400, 401, 402, 429, 502, 503) } } },
    async (req) => billing(() => recharge(db, stripe(), req.accountId, req.body.tokens, req.body.payment_method, req.body.idempotency_key ?? req.id)),
  );

  app.get('/api/billing/subscription', { ...secured, schema: { summary: 'Plan, subscription state, token pools, allowance period with its quota alert, notifications', tags: ['billing'], security, response: { 200: OBJ, ...errors(401, 429) } } }, async (req) => {
    await ensureFreePeriod(db, req.accountId);
    const a = await db.selectFrom('accounts').selectAll().where('id', '=', req.accountId).executeTakeFirstOrThrow();
    const plan = planOf(a.plan);
    const buckets = await bucketsOf(db, a.id);
    return {
      plan: plan.id,
      monthly_tokens: plan.monthlyTokens,
      status: a.subscription_status,
      subscription_id: a.subscription_id,
      cancel_at_period_end: a.cancel_at_period_end === 1,
      period_end: a.period_end === null ? null : new Date(a.period_end).toISOString(),
      balance: buckets.balance,
      allowance_tokens: buckets.allowance,
      purchased_tokens: buckets.purchased,
      quota: await quotaOf(db, a.id),
      notifications: (await listNotifications(db, a.id)).map((n) => ({ ...n, created_at: new Date(n.created_at).toISOString() })),
    };
  });

  app.post('/api/billing/cancel', { ...secured, schema: { summary: 'Cancel the subscription at the end of the period', tags: ['billing'], security, response: { 200: OBJ, ...errors(401, 404, 429, 502, 503) } } }, async (req) =>
    billing(async () => {
      const r = await cancel(db, stripe(), req.accountId);
      return { ...r, period_end: r.period_end === null ? null : new Date(r.period_end).toISOString() };
    }),
  );
}
