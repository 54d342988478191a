/** register, login, logout, info and `ask --engine server` against a real API server (SQLite, in this process). */
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { serverOptions } from '../../src/server/options.js';
import { accountIdByEmail } from '../../src/services/accounts/index.js';
import { applyMove, balanceOf } from '../../src/services/ledger/index.js';
import { runCli, tempHome } from '../helpers/cli.js';

let server: RunningServer;

beforeAll(async () => {
  const home = tempHome();
  const env = { CLOUDYA_HOME: home, CLOUDYA_LOGIN_LIMIT_PER_IP: '1000', CLOUDYA_REGISTER_LIMIT_PER_IP: '1000' };
  server = await startServer({ ...serverOptions(env), port: 0, sqliteFile: path.join(home, 'server.db'), logLevel: 'warn' }, env, { write: () => true });
});
afterAll(async () => {
  await server?.stop();
});

function user() {
  const home = tempHome();
  return { home, env: { CLOUDYA_HOME: home, CLOUDYA_API_URL: server.url } };
}

describe('cloudya register / login / info / logout', () => {
  it('registers from piped answers, keeps the session private (0600) and shows the account', async () => {
    const { home, env } = user();
    const reg = await runCli(['register'], env, 'ada@example.com\nAda Lovelace\nada secret password\n');
    expect(reg.stderr).toBe('');
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain(`Account created on ${server.url} for ada@example.com: free plan, 1000 tokens. You are logged in.`);
    const file = path.join(home, 'session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(stored).toMatch(/"refresh_token": "clr_/);
    expect(stored).not.toContain('ada secret password');

    const info = await runCli(['info'], env);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/Account\s+Ada Lovelace <ada@example.com>/);
    expect(info.stdout).toMatch(/Plan\s+free \(1000 tokens a month\)/);
    expect(info.stdout).toMatch(/Balance\s+1000 tokens/);
    expect(info.stdout).toMatch(/This month\s+0 tokens used/);
    const json = JSON.parse((await runCli(['info', '--output', 'json'], env)).stdout);
    expect(json).toMatchObject({ api_url: server.url, auth: 'session', account: { email: 'ada@example.com', balance: 1000, plan: 'free' } });
  }, 180_000);

  it('ask --engine server: the answer and token usage come from the server, the balance goes down', async () => {
    const { env } = user();
    await runCli(['register', '--email', 'asker@example.com', '--name', 'Asker'], env, 'asker password 1\n');
    const res = await runCli(['ask', '--engine', 'server', '--output', 'json', 'create a secure s3 bucket'], env);
    expect(res.code).toBe(0);
    const answer = JSON.parse(res.stdout);
    expect(answer.engine).toBe('server');
    expect(answer.explanation.length).toBeGreaterThan(0);
    // Verdicts are recomputed here with the user's own policy.
    for (const c of answer.commands) expect(c.verdict).toMatch(/allow|confirm|deny/);
    expect(answer.usage.prompt_tokens).toBe(5);
    expect(answer.remaining_balance).toBe(1000 - answer.usage.total_tokens);
    const text = await runCli(['ask', '--engine', 'server', 'create a secure s3 bucket'], env);
    expect(text.stdout).toContain(`tokens left`);
    const info = JSON.parse((await runCli(['info', '--output', 'json'], env)).stdout);
    expect(info.account.balance).toBe(1000 - 2 * answer.usage.total_tokens);
    expect(info.account.used_this_month).toBe(2 * answer.usage.total_tokens);
  }, 180_000);

  it('chat --engine server shows each answer with its token usage and the remaining balance', async () => {
    const { env } = user();
    await runCli(['register', '--email', 'chatter@example.com', '--name', 'Chatter'], env, 'chatter password 1\n');
    const chat = await runCli(['chat', '--no-graphics', '--engine', 'server'], env, 'create a secure s3 bucket\ncheck disk space\n');
    expect(chat.code).toBe(0);
    const left = [...chat.stdout.matchAll(/· (\d+) tokens left/g)].map((x) => Number(x[1]));
    expect(left).toHaveLength(2);
    expect(left[1]).toBeLessThan(left[0]);
    const info = JSON.parse((await runCli(['info', '--output', 'json'], env)).stdout);
    expect(info.account.balance).toBe(left[1]);
  }, 180_000);

  it('an expired access token is refreshed transparently (and the rotated refresh token saved)', async () => {
    const { home, env } = user();
    await runCli(['register', '--email', 'refresh@example.com', '--name', 'R'], env, 'refresh password 1\n');
    const file = path.join(home, 'session.json');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...before, access_token: 'expired.or.garbage', access_expires_at: Date.now() - 1000 }), { mode: 0o600 });
    const info = await runCli(['info'], env);
    expect(info.code).toBe(0);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.access_expires_at).toBeGreaterThan(Date.now());
    // A refused (not expired-looking) access token is refreshed once too.
    writeFileSync(file, JSON.stringify({ ...after, access_token: 'tampered.token.value' }), { mode: 0o600 });
    expect((await runCli(['info'], env)).code).toBe(0);
  }, 180_000);

  it('logout revokes the session on the server and removes it locally; info then says to log in', async () => {
    const { home, env } = user();
    await runCli(['register', '--email', 'bye@example.com', '--name', 'Bye'], env, 'bye password 12\n');
    const refresh = JSON.parse(readFileSync(path.join(home, 'session.json'), 'utf8')).refresh_token;
    const out = await runCli(['logout'], env);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('the session was revoked on the server');
    expect(existsSync(path.join(home, 'session.json'))).toBe(false);
    const reuse = await fetch(`${server.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: refresh }) });
    expect(reuse.status).toBe(401);
    const info = await runCli(['info'], env);
    expect(info.code).toBe(1);
    expect(info.stderr).toBe(`cloudya: error: not logged in to ${server.url}\nhint: cloudya login (a personal API token in CLOUDYA_API_TOKEN also works)\n`);
    expect((await runCli(['logout'], env)).stdout).toContain('Not logged in');
    // Logging in again works from piped answers.
    const login = await runCli(['login'], env, 'bye@example.com\nbye password 12\n');
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('Logged in to');
  }, 180_000);

  it('a wrong password is one line, the same as an unknown email', async () => {
    const { env } = user();
    await runCli(['register', '--email', 'pw@example.com', '--name', 'Pw'], env, 'right password 1\n');
    const wrong = await runCli(['login', '--email', 'pw@example.com'], env, 'wrong password 1\n');
    const unknown = await runCli(['login', '--email', 'nobody@example.com'], env, 'wrong password 1\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(unknown.stderr);
    expect(wrong.stderr).toMatch(/^cloudya: error: the Cloudya API refused the request \(401\): wrong email or password\nhint: /);
    const missing = await runCli(['login', '--email', 'pw@example.com'], env, '');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no password given on standard input');
  }, 180_000);

  it('CLOUDYA_API_TOKEN is used instead of the session', async () => {
    const reg = await fetch(`${server.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ci@example.com', name: 'CI', password: 'ci password 1' }) });
    const access = ((await reg.json()) as { access_token: string }).access_token;
    const created = await fetch(`${server.url}/api/tokens/api`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access}` }, body: JSON.stringify({ name: 'ci' }) });
    const token = ((await created.json()) as { token: string }).token;
    const { env } = user();
    const info = await runCli(['info', '--output', 'json'], { ...env, CLOUDYA_API_TOKEN: token });
    expect(JSON.parse(info.stdout)).toMatchObject({ auth: 'api_token', account: { email: 'ci@example.com' } });
    expect(info.stdout + info.stderr).not.toContain(token);
    const bad = await runCli(['ask', '--engine', 'server', 'list pods'], { ...env, CLOUDYA_API_TOKEN: 'cly_not_a_real_token' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the API token in CLOUDYA_API_TOKEN was refused');
    expect(bad.stderr).not.toContain('cly_not_a_real_token');
  }, 180_000);

  it('402, network and missing-URL errors are one clear line with a hint', async () => {
    const { env } = user();
    await runCli(['register', '--email', 'poor@example.com', '--name', 'Poor'], env, 'poor password 1\n');
    const db = server.ctx.db.db;
    const id = (await accountIdByEmail(db, 'poor@example.com'))!;
    await applyMove(db, { accountId: id, amount: -(await balanceOf(db, id)), kind: 'adjustment' });
    const broke = await runCli(['ask', '--engine', 'server', 'create a secure s3 bucket'], env);
    expect(broke.code).toBe(1);
    // A progress line (which server) may come first; the error itself is one line and a hint.
    expect(broke.stderr).toMatch(/(^|\n)cloudya: error: not enough tokens for this request \(balance 0, needed at least 6\)\nhint: cloudya info shows your balance; wait for your plan's monthly tokens, or use --engine offline\n$/);

    const down = await runCli(['ask', '--engine', 'server', 'list pods'], { ...env, CLOUDYA_API_URL: 'http://127.0.0.1:9', CLOUDYA_API_TOKEN: 'cly_anything' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/(^|\n)cloudya: error: cannot reach the Cloudya API at http:\/\/127\.0\.0\.1:9\nhint: check that the server runs/);
    const home = tempHome();
    const nourl = await runCli(['info'], { CLOUDYA_HOME: home });
    expect(nourl.code).toBe(1);
    expect(nourl.stderr).toContain('no Cloudya API URL is configured');
    expect(nourl.stderr).toContain('cloudya configure --api-url');
    // configure --api-url makes it meaningful: the same command now reaches the server.
    expect((await runCli(['configure', '--api-url', server.url], { CLOUDYA_HOME: home })).code).toBe(0);
    expect((await runCli(['info'], { CLOUDYA_HOME: home })).stderr).toContain(`not logged in to ${server.url}`);
  }, 180_000);
});
