/** POST /api/auth/register|login|refresh|logout - thin: validate, rate-limit, call the accounts service. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, getAccount, registerAccount, type Account } from '../../services/accounts/accounts.js';
import { ServiceError } from '../../services/accounts/errors.js';
import { recordEvent } from '../../services/accounts/events.js';
import { ACCESS_TTL_SECONDS } from '../../services/accounts/keys.js';
import { issueRefreshToken, REFRESH_TTL_MS, revokeRefreshToken, rotateRefreshToken } from '../../services/accounts/refresh.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Limit } from '../options.js';
import { errors, LOGIN_BODY, REFRESH_BODY, REGISTER_BODY, SESSION } from '../schemas.js';
import { accountView } from './views.js';

/** Refuses with 429 + Retry-After when a key went over its limit (every attempt counts). */
async function limit(ctx: ServerContext, req: FastifyRequest, key: string, rule: Limit, what: string): Promise<void> {
  const hit = await ctx.rate.hit(key, rule);
  if (hit.allowed) return;
  const seconds = Math.max(1, Math.ceil(hit.retryAfterMs / 1000));
  if (hit.count === rule.limit + 1) await recordEvent(ctx.db.db, { kind: 'rate_limited', ip: req.ip, detail: { what } }).catch(() => undefined);
  throw new ApiError(429, 'rate_limited', `too many ${what} attempts; retry in ${seconds} s`, { 'Retry-After': String(seconds) });
}

async function session(ctx: ServerContext, account: Account) {
  const access = await ctx.keys.sign(account.id);
  const refresh = await issueRefreshToken(ctx.db.db, account.id);
  return {
    account: accountView(account),
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: ACCESS_TTL_SECONDS,
    refresh_token: refresh.token,
    refresh_expires_in: Math.floor(REFRESH_TTL_MS / 1000),
  };
}

/** Registers the authentication routes. */
export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const db = ctx.db.db;
  app.post<{ Body: { email: string; name: string; password: string } }>(
    '/api/auth/register',
    { schema: { summary: 'Create an account (Free plan, 1,000 tokens)', tags: ['auth'], body: REGISTER_BODY, response: { 201: SESSION, ...errors(400, 409, 429) } } },
    async (req, reply) => {
      await limit(ctx, req, `register:ip:${req.ip}`, ctx.options.limits.registerPerIp, 'registration');
      const account = await registerAccount(db, req.body);
      await recordEvent(db, { kind: 'register', accountId: account.id, ip: req.ip });
      reply.code(201);
      return session(ctx, account);
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/login',
    { schema: { summary: 'Log in with email and password', tags: ['auth'], body: LOGIN_BODY, response: { 200: SESSION, ...errors(400, 401, 429) } } },
    async (req) => {
      const email = req.body.email.trim().toLowerCase();
      await limit(ctx, req, `login:ip:${req.ip}`, ctx.options.limits.loginPerIp, 'login');
      await limit(ctx, req, `login:acct:${email}`, ctx.options.limits.loginPerAccount, 'login');
      try {
        const account = await authenticate(db, email, req.body.password);
        await recordEvent(db, { kind: 'login_ok', accountId: account.id, ip: req.ip });
        return await session(ctx, account);
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'invalid_credentials') {
          await recordEvent(db, { kind: 'login_failed', ip: req.ip, detail: { email_hash: (await import('../../services/accounts/secrets.js')).tokenHash(email).slice(0, 16) } });
        }
        throw err;
      }
    },
  );

  app.post<{ Body: { refresh_token: string } }>(
    '/api/auth/refresh',
    { schema: { summary: 'Exchange a refresh token for a new access token and refresh token (rotation)', tags: ['auth'], body: REFRESH_BODY, response: { 200: SESSION, ...errors(400, 401) } } },
    async (req) => {
      try {
        const { accountId, next } = await rotateRefreshToken(db, req.body.refresh_token);
        const account = await getAccount(db, accountId);
        if (!account) throw new ServiceError('invalid_token', 'refresh token is invalid or expired');
        const access = await ctx.keys.sign(accountId);
        return { account: accountView(account), access_token: access.token, token_type: 'Bearer', expires_in: ACCESS_TTL_SECONDS, refresh_token: next.token, refresh_expires_in: Math.floor(REFRESH_TTL_MS / 1000) };
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'token_reused') {
          await recordEvent(db, { kind: 'refresh_reuse', accountId: String(err.detail.accountId), ip: req.ip, detail: { family: String(err.detail.familyId).slice(0, 8) } });
        }
        throw err;
      }
    },
  );

  app.post<{ Body: { refresh_token: string } }>(
    '/api/auth/logout',
    { schema: { summary: 'Revoke the session of a refresh token (all tokens of that login)', tags: ['auth'], body: REFRESH_BODY, response: { 200: { type: 'object', properties: { revoked: { type: 'boolean' } }, required: ['revoked'] }, ...errors(400) } } },
    async (req) => {
      const accountId = await revokeRefreshToken(db, req.body.refresh_token);
      if (accountId) await recordEvent(db, { kind: 'logout', accountId, ip: req.ip });
      return { revoked: !!accountId };
    },
  );
}
