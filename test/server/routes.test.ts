/** Every route of the API, on SQLite and on a real PostgreSQL, through Fastify's inject (no socket). */
import { afterEach, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { ledgerSum } from '../../src/services/ledger/index.js';
import { KeyRing, listEvents } from '../../src/services/accounts/index.js';
import { createOfflineEngine } from '../../src/services/ai/index.js';
import type { Engine } from '../../src/services/ai/types.js';
import { describeBackends } from './backends.js';
import { register, testApp, type TestApp } from './app.js';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describeBackends('API routes', (backend) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  }, 180_000);

  it('GET /health reports the database and Redis, GET /openapi.json documents every route from its schemas', async () => {
    t = await testApp(backend, 'health');
    const health = await t.app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: 'ok', dialect: backend.name, redis: 'not_configured' });
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/account', '/api/admin/analytics', '/api/auth/login', '/api/auth/logout', '/api/auth/refresh', '/api/auth/register', '/api/billing/cancel', '/api/billing/recharge', '/api/billing/subscribe', '/api/billing/subscription', '/api/command', '/api/plans', '/api/tokens/api', '/api/tokens/api/{id}', '/api/tokens/info', '/api/usage', '/api/webhooks/stripe', '/health']);
    expect(doc.paths['/api/command'].post.requestBody.content['application/json'].schema.required).toEqual(['user_input', 'execution_mode']);
    expect(doc.paths['/api/command'].post.responses['402']).toBeDefined();
  }, 180_000);

  it('register, login (same answer for wrong email and wrong password), account and tokens info', async () => {
    t = await testApp(backend, 'auth');
    const s = await register(t, 'Ada@Example.com', 'ada password 1');
    expect(s.account).toMatchObject({ email: 'ada@example.com', balance: 1000, plan: 'free' });
    const dup = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'ada@example.com', name: 'x', password: 'another password' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toEqual({ error: { code: 'email_taken', message: expect.any(String) } });

    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ada@example.com', password: 'ada password 1' } });
    expect(ok.statusCode).toBe(200);
    const wrongPassword = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ada@example.com', password: 'not it at all' } });
    const wrongEmail = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'eve@example.com', password: 'not it at all' } });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongEmail.statusCode).toBe(401);
    expect(wrongEmail.body).toBe(wrongPassword.body);

    const account = await t.app.inject({ url: '/api/account', headers: bearer(ok.json().access_token) });
    expect(account.json()).toMatchObject({ email: 'ada@example.com', name: 'Test User', plan: 'free', balance: 1000, used_this_month: 0, anomaly_flag: false });
    const info = await t.app.inject({ url: '/api/tokens/info', headers: bearer(ok.json().access_token) });
    expect(info.json()).toEqual({ balance: 1000, plan: 'free', used_this_month: 0, monthly_allowance: 1000, quota: { period_start: expect.any(String), allowance: 1000, used: 0, percent: 0, alert: null } });
    const events = await listEvents(t.ctx.db.db, { accountId: s.account.id });
    expect(events.map((e) => e.kind).sort()).toEqual(['login_ok', 'register']);
    expect((await listEvents(t.ctx.db.db, { kind: 'login_failed' })).length).toBe(2);
  }, 180_000);

  it('POST /api/command answers with validated commands, debits the real usage and never executes', async () => {
    t = await testApp(backend, 'command');
    const s = await register(t, 'cmd@example.com');
    const res = await t.app.inject({ method: 'POST', url: '/api/command', headers: bearer(s.access_token), payload: { user_input: 'create a secure s3 bucket', execution_mode: 'dry_run' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.execution_status).toBe('dry_run');
    expect(body.explanation.length).toBeGreaterThan(0);
    for (const c of body.commands) expect(['allow', 'confirm', 'deny']).toContain(c.verdict);
    expect(body.action).toBe(body.commands[0]?.command ?? '');
    const u = body.token_usage;
    expect(u.prompt_tokens).toBe(5);
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
    expect(u.remaining_balance).toBe(1000 - u.total_tokens);
    expect(await ledgerSum(t.ctx.db.db, s.account.id)).toBe(u.remaining_balance);

    // supervised needs Pro or above (billing, issue 17): refused on Free before anything is debited.
    const onFree = await t.app.inject({ method: 'POST', url: '/api/command', headers: bearer(s.access_token), payload: { user_input: 'rm -rf / on the server please', execution_mode: 'supervised', language: 'fr' } });
    expect(onFree.statusCode).toBe(403);
    expect(onFree.json().error).toMatchObject({ code: 'plan_required', message: expect.stringMatching(/needs the Pro plan or above \(this account is on Free\)/) });
    expect(await ledgerSum(t.ctx.db.db, s.account.id)).toBe(u.remaining_balance);
    await t.ctx.db.db.updateTable('accounts').set({ plan: 'pro' }).where('id', '=', s.account.id).execute();
    const sup = await t.app.inject({ method: 'POST', url: '/api/command', headers: bearer(s.access_token), payload: { user_input: 'rm -rf / on the server please', execution_mode: 'supervised', language: 'fr' } });
    expect(sup.json().execution_status).toBe('awaiting_confirmation');
    expect(sup.json().output).toMatch(/Not executed by the server/);

    const usage = await t.app.inject({ url: '/api/usage?days=7', headers: bearer(s.access_token) });
    expect(usage.json().by_day).toEqual([{ date: new Date().toISOString().slice(0, 10), kind: 'command', tokens: u.total_tokens + sup.json().token_usage.total_tokens, requests: 2 }]);
    expect((await t.app.inject({ url: '/api/usage?days=0', headers: bearer(s.access_token) })).statusCode).toBe(400);
    const bad = await t.app.inject({ method: 'POST', url: '/api/command', headers: bearer(s.access_token), payload: { user_input: 'x', execution_mode: 'execute' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
  }, 180_000);

  it('402 before the model is called when the balance cannot cover the question', async () => {
    const offline = createOfflineEngine({});
    let calls = 0;
    const counting: Engine = { name: 'offline', ask: (r) => { calls++; return offline.ask(r); } };
    t = await testApp(backend, 'broke', { engine: counting });
    const s = await register(t, 'broke@example.com');
    const { applyMove } = await import('../../src/services/ledger/index.js');
    await applyMove(t.ctx.db.db, { accountId: s.account.id, amount: -998, kind: 'adjustment' });
    const res = await t.app.inject({ method: 'POST', url: '/api/command', headers: bearer(s.access_token), payload: { user_input: 'create a secure s3 bucket', execution_mode: 'dry_run' } });
    expect(res.statusCode).toBe(402);
    expect(res.json().error).toEqual({ code: 'insufficient_tokens', message: 'not enough tokens for this request (balance 2, needed at least 6)' });
    expect(calls).toBe(0);
    expect(await ledgerSum(t.ctx.db.db, s.account.id)).toBe(2);
  }, 180_000);

  it('personal API tokens: shown once, listed without their value, usable as bearer, revoked', async () => {
    t = await testApp(backend, 'apitokens');
    const s = await register(t, 'tok@example.com');
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens/api', headers: bearer(s.access_token), payload: { name: 'ci' } });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    expect(token).toMatch(/^cly_/);
    const list = await t.app.inject({ url: '/api/tokens/api', headers: bearer(s.access_token) });
    expect(list.json().tokens).toHaveLength(1);
    expect(list.body).not.toContain(token);
    expect((await t.app.inject({ url: '/api/tokens/info', headers: bearer(token) })).json().balance).toBe(1000);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/tokens/api/${created.json().id}`, headers: bearer(s.access_token) });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/tokens/info', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/api/${created.json().id}`, headers: bearer(s.access_token) })).statusCode).toBe(404);
  }, 180_000);

  it('refresh rotates; reusing a rotated refresh token revokes the whole family; logout revokes', async () => {
    t = await testApp(backend, 'refresh');
    const s = await register(t, 'ref@example.com');
    const first = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: s.refresh_token } });
    expect(first.statusCode).toBe(200);
    const next = first.json().refresh_token;
    expect(next).not.toBe(s.refresh_token);
    const reuse = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: s.refresh_token } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('token_reused');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: next } })).statusCode).toBe(401);
    expect((await listEvents(t.ctx.db.db, { kind: 'refresh_reuse' })).length).toBe(1);

    const login = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ref@example.com', password: 'a long password 1' } })).json();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refresh_token: login.refresh_token } })).json()).toEqual({ revoked: true });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: login.refresh_token } })).statusCode).toBe(401);
  }, 180_000);

  it('refuses tampered, expired, wrong-audience, unsigned and unknown-key JWTs', async () => {
    t = await testApp(backend, 'jwt');
    const s = await register(t, 'jwt@example.com');
    const ok = await t.app.inject({ url: '/api/account', headers: bearer(s.access_token) });
    expect(ok.statusCode).toBe(200);
    const [h, p, sig] = s.access_token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const otherSub = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    const expired = await t.ctx.keys.sign(s.account.id, Date.now() - 20 * 60_000);
    const wrongAudience = await new KeyRing(t.ctx.db.db, { issuer: 'cloudya', audience: 'another-service' }, t.ctx.keys.cipher).sign(s.account.id);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: JSON.parse(Buffer.from(h, 'base64url').toString()).kid }).setSubject(s.account.id).setIssuer('cloudya').setAudience('cloudya-api').setIssuedAt().setExpirationTime('10m').sign(new Uint8Array(32));
    for (const bad of [`${h}.${otherSub}.${sig}`, `${h}.${p}.${sig.slice(0, -2)}AA`, expired.token, wrongAudience.token, none, foreign, 'garbage']) {
      const res = await t.app.inject({ url: '/api/account', headers: bearer(bad) });
      expect(res.statusCode, bad).toBe(401);
      expect(res.json().error.code).toBe('invalid_token');
    }
    const missing = await t.app.inject({ url: '/api/account' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
  }, 180_000);

  it('login brute force gets 429 with Retry-After, per account and per IP', async () => {
    t = await testApp(backend, 'brute');
    await register(t, 'victim@example.com');
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 12; i++) {
      last = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'victim@example.com', password: `guess number ${i}` } });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([...Array(10).fill(401), 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().error.code).toBe('rate_limited');
    // Even the right password waits: the limit is per account, whatever the outcome.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'victim@example.com', password: 'a long password 1' } })).statusCode).toBe(429);
    // Spraying many accounts from one IP hits the per-IP limit (30 per 15 minutes).
    const spray: number[] = [];
    for (let i = 0; i < 20; i++) spray.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `user${i}@example.com`, password: 'whatever pass' } })).statusCode);
    expect(spray.filter((c) => c === 429).length).toBeGreaterThan(0);
  }, 180_000);

  it('per-user rate limit by plan answers 429 with Retry-After', async () => {
    t = await testApp(backend, 'plan-limit', { env: { CLOUDYA_RATE_PER_MINUTE: '5' } });
    const s = await register(t, 'busy@example.com');
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await t.app.inject({ url: '/api/tokens/info', headers: bearer(s.access_token) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
  }, 180_000);

  it('SQL injection strings are stored and compared as plain text', async () => {
    t = await testApp(backend, 'sqli');
    const evil = "Robert'); DROP TABLE accounts;--";
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'bobby@example.com', name: evil, password: "' OR '1'='1' --" } });
    expect(res.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: "' OR '1'='1' --", password: "' OR '1'='1' --" } });
    expect(login.statusCode).toBe(401);
    const login2 = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: "bobby@example.com' --", password: 'anything goes' } });
    expect(login2.statusCode).toBe(401);
    const me = await t.app.inject({ url: '/api/account', headers: bearer(res.json().access_token) });
    expect(me.json().name).toBe(evil);
    const usage = await t.app.inject({ url: "/api/usage?days=1;DROP TABLE ledger", headers: bearer(res.json().access_token) });
    expect(usage.statusCode).toBe(400);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/tokens/api/${encodeURIComponent("x' OR '1'='1")}`, headers: bearer(res.json().access_token) });
    expect(del.statusCode).toBe(404);
    expect((await t.ctx.db.db.selectFrom('accounts').select('id').execute()).length).toBe(1);
    expect((await t.ctx.db.db.selectFrom('ledger').select('id').execute()).length).toBe(1);
  }, 180_000);

  it('oversized bodies get 413, unknown routes 404, bad JSON 400 - always {error:{code,message}}', async () => {
    t = await testApp(backend, 'limits');
    const big = await t.app.inject({ method: 'POST', url: '/api/auth/register', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(200_000), password: 'p'.repeat(10) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({ error: { code: 'payload_too_large', message: 'request body is too large' } });
    const nowhere = await t.app.inject({ url: '/api/nowhere' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().error.code).toBe('not_found');
    const broken = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(broken.statusCode).toBe(400);
    expect(Object.keys(broken.json().error).sort()).toEqual(['code', 'message']);
  }, 180_000);

  it('no password or token ever reaches the logs', async () => {
    t = await testApp(backend, 'logs');
    const password = 'hunter2-very-secret-pass';
    const s = await register(t, 'logs@example.com', password);
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'logs@example.com', password: 'wrong-secret-pass-xyz' } });
    const refreshed = (await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: s.refresh_token } })).json();
    const api = (await t.app.inject({ method: 'POST', url: '/api/tokens/api', headers: bearer(s.access_token), payload: { name: 'ci' } })).json();
    await t.app.inject({ url: '/api/account', headers: bearer(api.token) });
    await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: s.refresh_token } });
    await t.app.inject({ url: '/api/account', headers: bearer('not-a-valid-token-but-secret-looking') });
    const text = t.logs.join('');
    expect(t.logs.length).toBeGreaterThan(10);
    for (const secret of [password, 'wrong-secret-pass-xyz', s.access_token, s.refresh_token, refreshed.access_token, refreshed.refresh_token, api.token, 'not-a-valid-token-but-secret-looking']) {
      expect(text).not.toContain(secret);
    }
    const events = JSON.stringify(await listEvents(t.ctx.db.db, {}));
    for (const secret of [password, s.refresh_token, api.token]) expect(events).not.toContain(secret);
  });
});
