/**
 * Bearer authentication: a personal API token (cly_...) or a JWT access token. Then the per-user
 * rate limit of the account's plan ("API priority"), shared through Redis when configured.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { liveApiToken } from '../../services/accounts/api-tokens.js';
import { recordEvent } from '../../services/accounts/events.js';
import { API_TOKEN_PREFIX, tokenHash } from '../../services/accounts/secrets.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';

const PLAN_CACHE_MS = 60_000;

/** Builds the pre-handler that authenticates requests and applies the plan's rate limit. */
export function authPreHandler(ctx: ServerContext) {
  const plans = new Map<string, { plan: string; at: number }>();
  async function planOf(accountId: string): Promise<string> {
    const now = Date.now();
    const hit = plans.get(accountId);
    if (hit && now - hit.at < PLAN_CACHE_MS) return hit.plan;
    const row = await ctx.db.db.selectFrom('accounts').select(['plan', 'disabled_at']).where('id', '=', accountId).executeTakeFirst();
    if (!row || row.disabled_at !== null) throw new ApiError(401, 'invalid_token', 'the account of this token no longer exists');
    if (plans.size > 100_000) plans.clear();
    plans.set(accountId, { plan: row.plan, at: now });
    return row.plan;
  }

  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'unauthorized', 'missing bearer token (Authorization: Bearer TOKEN)', { 'WWW-Authenticate': 'Bearer' });
    const token = match[1];
    let accountId: string | undefined;
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const hash = tokenHash(token);
      accountId = ctx.apiTokens.get(hash);
      if (!accountId) {
        const live = await liveApiToken(ctx.db.db, hash);
        if (live) ctx.apiTokens.set(hash, { id: live.id, accountId: live.accountId, at: Date.now() });
        accountId = live?.accountId;
      }
      if (!accountId) throw new ApiError(401, 'invalid_token', 'API token is invalid or revoked', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    } else {
      accountId = await ctx.keys.verify(token).catch(() => undefined);
      if (!accountId) throw new ApiError(401, 'invalid_token', 'access token is invalid or expired', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    const plan = await planOf(accountId);
    const perMinute = ctx.options.limits.perMinuteByPlan[plan] ?? ctx.options.limits.perMinuteByPlan.free;
    const hit = await ctx.rate.hit(`user:${accountId}`, { limit: perMinute, windowMs: 60_000 });
    if (!hit.allowed) {
      // One event per window, not one per refused request.
      if (hit.count === perMinute + 1) await recordEvent(ctx.db.db, { kind: 'rate_limited', accountId, ip: req.ip, detail: { plan, per_minute: perMinute } }).catch(() => undefined);
      const seconds = Math.max(1, Math.ceil(hit.retryAfterMs / 1000));
      throw new ApiError(429, 'rate_limited', `too many requests for the ${plan} plan (${perMinute} per minute); retry in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    req.accountId = accountId;
    void reply;
  };
}
