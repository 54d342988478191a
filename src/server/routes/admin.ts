/**
 * GET /api/admin/analytics: revenue analytics for accounts with the admin role (403 for everyone
 * else). The role is granted only by `cloudya serve admin grant EMAIL` on the server's side.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { recordEvent } from '../../services/accounts/events.js';
import { isAdmin } from '../../services/accounts/roles.js';
import { MAX_ANALYTICS_DAYS, revenueAnalytics } from '../../services/billing/analytics.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errors } from '../schemas.js';

const DAY = 86_400_000;
const int = { type: 'integer' } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const ANALYTICS = {
  type: 'object',
  properties: {
    currency: { type: 'string' },
    mrr_cents: int,
    active_subscriptions: {
      type: 'object',
      properties: {
        total: int,
        by_plan: { type: 'array', items: { type: 'object', properties: { plan: { type: 'string' }, count: int, price_cents: int, mrr_cents: int }, required: ['plan', 'count', 'price_cents', 'mrr_cents'] } },
      },
      required: ['total', 'by_plan'],
    },
    range: { type: 'object', properties: { from: DATE, to: DATE, days: int }, required: ['from', 'to', 'days'] },
    totals: { type: 'object', properties: { tokens_sold: int, tokens_refunded: int, tokens_used: int, requests: int }, required: ['tokens_sold', 'tokens_refunded', 'tokens_used', 'requests'] },
    by_day: {
      type: 'array',
      items: { type: 'object', properties: { date: DATE, tokens_sold: int, tokens_refunded: int, tokens_used: int, requests: int }, required: ['date', 'tokens_sold', 'tokens_refunded', 'tokens_used', 'requests'] },
    },
  },
  required: ['currency', 'mrr_cents', 'active_subscriptions', 'range', 'totals', 'by_day'],
} as const;

function parseDay(value: string, name: string): number {
  const t = Date.parse(`${value}T00:00:00Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== value) throw new ApiError(400, 'invalid_request', `${name}: "${value}" is not a date (YYYY-MM-DD)`);
  return t;
}

/** Registers the admin routes. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext, auth: preHandlerAsyncHookHandler): void {
  const db = ctx.db.db;
  async function adminOnly(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    void reply;
    if (await isAdmin(db, req.accountId)) return;
    await recordEvent(db, { kind: 'admin_refused', accountId: req.accountId, ip: req.ip, detail: { url: req.url.split('?')[0] } }).catch(() => undefined);
    throw new ApiError(403, 'forbidden', 'this endpoint needs the admin role (granted on the server with: cloudya serve admin grant EMAIL)');
  }

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/admin/analytics',
    {
      preHandler: [auth, adminOnly],
      schema: {
        summary: 'Revenue analytics (admin role): MRR, active subscriptions by plan, tokens sold, refunded and used per day',
        tags: ['admin'],
        security: [{ bearer: [] }],
        querystring: { type: 'object', properties: { from: DATE, to: DATE }, additionalProperties: false },
        response: { 200: ANALYTICS, ...errors(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const to = req.query.to ? parseDay(req.query.to, 'to') : Math.floor(Date.now() / DAY) * DAY;
      const from = req.query.from ? parseDay(req.query.from, 'from') : to - 29 * DAY;
      if (from > to) throw new ApiError(400, 'invalid_request', `from (${req.query.from}) is after to (${new Date(to).toISOString().slice(0, 10)})`);
      if ((to - from) / DAY + 1 > MAX_ANALYTICS_DAYS) throw new ApiError(400, 'invalid_request', `the range is ${(to - from) / DAY + 1} days; at most ${MAX_ANALYTICS_DAYS}`);
      return revenueAnalytics(db, from, to);
    },
  );
}
