/** GET /api/account, GET /api/tokens/info, GET /api/usage, and personal API tokens (POST/GET/DELETE /api/tokens/api). */
import type { FastifyInstance } from 'fastify';
import { getAccount } from '../../services/accounts/accounts.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/accounts/api-tokens.js';
import { recordEvent } from '../../services/accounts/events.js';
import { planOf } from '../../services/billing/plans.js';
import { quotaFromPeriod } from '../../services/billing/quota.js';
import { ensureFreePeriod, freeRefillDue } from '../../services/billing/refill.js';
import { tokensOf, usageByDay, type TokensRow } from '../../services/ledger/ledger.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { ACCOUNT, API_TOKEN, API_TOKEN_BODY, errors, TOKENS_INFO, USAGE, USAGE_QUERY } from '../schemas.js';
import { accountView } from './views.js';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** Registers the account routes (all authenticated). */
export function accountRoutes(app: FastifyInstance, ctx: ServerContext, auth: ReturnType<typeof import('../plugins/auth.js').authPreHandler>): void {
  const db = ctx.db.db;
  const secured = { preHandler: auth };
  const security = [{ bearer: [] }];

  /** The account's token figures, after Free's monthly refill when it is due (decided from the same row: no extra query otherwise). */
  async function freshTokens(accountId: string): Promise<TokensRow | undefined> {
    const tokens = await tokensOf(db, accountId);
    if (!tokens || !freeRefillDue(tokens.plan, tokens.period?.start ?? null)) return tokens;
    await ensureFreePeriod(db, accountId);
    return tokensOf(db, accountId);
  }

  app.get('/api/account', { ...secured, schema: { summary: 'The account: profile, plan, balance, the allowance period and its quota alert', tags: ['account'], security, response: { 200: ACCOUNT, ...errors(401, 429) } } }, async (req) => {
    // The refill (when due) first, so the balance shown is the new period's.
    const tokens = await freshTokens(req.accountId);
    const account = await getAccount(db, req.accountId);
    if (!account) throw new ApiError(401, 'invalid_token', 'the account of this token no longer exists');
    return { ...accountView(account, { used_this_month: tokens?.spent ?? 0 }), quota: await quotaFromPeriod(db, account.id, tokens?.period ?? null) };
  });

  app.get('/api/tokens/info', { ...secured, schema: { summary: 'Token balance, this month\'s usage, the allowance period and its quota alert', tags: ['tokens'], security, response: { 200: TOKENS_INFO, ...errors(401, 429) } } }, async (req) => {
    const tokens = await freshTokens(req.accountId);
    if (!tokens) throw new ApiError(401, 'invalid_token', 'the account of this token no longer exists');
    return { balance: tokens.balance, plan: tokens.plan, used_this_month: tokens.spent, monthly_allowance: planOf(tokens.plan).monthlyTokens, quota: await quotaFromPeriod(db, req.accountId, tokens.period) };
  });

  app.get<{ Querystring: { days: number } }>('/api/usage', { ...secured, schema: { summary: 'Tokens used per day and per kind', tags: ['tokens'], security, querystring: USAGE_QUERY, response: { 200: USAGE, ...errors(400, 401, 429) } } }, async (req) => {
    const byDay = await usageByDay(db, req.accountId, req.query.days);
    return { days: req.query.days, total_tokens: byDay.reduce((n, d) => n + d.tokens, 0), by_day: byDay };
  });

  app.post<{ Body: { name: string } }>('/api/tokens/api', { ...secured, schema: { summary: 'Create a personal API token (shown once)', tags: ['tokens'], security, body: API_TOKEN_BODY, response: { 201: API_TOKEN, ...errors(400, 401, 429) } } }, async (req, reply) => {
    const t = await createApiToken(db, req.accountId, req.body.name);
    await recordEvent(db, { kind: 'api_token_created', accountId: req.accountId, ip: req.ip, detail: { id: t.id, prefix: t.prefix } });
    reply.code(201);
    return { ...t, created_at: iso(t.created_at), last_used_at: null };
  });

  app.get('/api/tokens/api', { ...secured, schema: { summary: 'List personal API tokens (never their values)', tags: ['tokens'], security, response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: API_TOKEN } }, required: ['tokens'] }, ...errors(401, 429) } } }, async (req) => {
    const tokens = await listApiTokens(db, req.accountId);
    return { tokens: tokens.map((t) => ({ ...t, created_at: iso(t.created_at), last_used_at: iso(t.last_used_at) })) };
  });

  app.delete<{ Params: { id: string } }>(
    '/api/tokens/api/:id',
    { ...secured, schema: { summary: 'Revoke a personal API token', tags: ['tokens'], security, params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] }, response: { 204: { type: 'null' }, ...errors(401, 404, 429) } } },
    async (req, reply) => {
      await revokeApiToken(db, req.accountId, req.params.id);
      ctx.apiTokens.forget(req.params.id);
      await recordEvent(db, { kind: 'api_token_revoked', accountId: req.accountId, ip: req.ip, detail: { id: req.params.id } });
      reply.code(204);
      return null;
    },
  );
}
