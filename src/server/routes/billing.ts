/** GET /api/plans (public): the plans configuration as clients show it. */
import type { FastifyInstance } from 'fastify';
import { PLANS, ROLLOVER_SHARE, TOKENS_PER_EURO } from '../../services/billing/plans.js';
import type { ServerContext } from '../context.js';

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
export function billingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/api/plans',
    { schema: { summary: 'Plans: prices, monthly tokens, features, rate limits', tags: ['billing'], response: { 200: { type: 'object', properties: { plans: { type: 'array', items: PLAN }, tokens_per_euro: { type: 'integer' }, rollover_share: { type: 'number' } }, required: ['plans', 'tokens_per_euro', 'rollover_share'] } } } },
    async () => ({
      plans: PLANS.map((p) => ({ id: p.id, name: p.name, price_cents: p.priceCents, currency: 'EUR', monthly_tokens: p.monthlyTokens, features: [...p.features], requests_per_minute: ctx.options.limits.perMinuteByPlan[p.id] })),
      tokens_per_euro: TOKENS_PER_EURO,
      rollover_share: ROLLOVER_SHARE,
    }),
  );
}
