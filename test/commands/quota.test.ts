/**
 * Quota alerts as a user sees them, against a real API server (SQLite, in this process): the chat
 * (`--no-graphics --engine server`) shows the alert as one line under the answer that reached 80%,
 * and never again; `info`, `tokens info` and `subscription info` show it, in English and French.
 * Also `cloudya serve admin grant|revoke|list`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { serverOptions } from '../../src/server/options.js';
import { accountIdByEmail } from '../../src/services/accounts/index.js';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

let server: RunningServer;
let serverHome: string;

beforeAll(async () => {
  serverHome = tempHome();
  const env = { CLOUDYA_HOME: serverHome, CLOUDYA_REGISTER_LIMIT_PER_IP: '1000' };
  server = await startServer({ ...serverOptions(env), port: 0, sqliteFile: path.join(serverHome, 'server.db'), logLevel: 'warn' }, env, { write: () => true });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function user(email: string) {
  const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_API_URL: server.url };
  const r = await runCli(['register', '--email', email, '--name', 'Quota'], env, 'quota password 1\n');
  expect(r.code).toBe(0);
  return { env, id: (await accountIdByEmail(server.ctx.db.db, email))! };
}

describe('quota alerts in the CLI', () => {
  it('the chat shows the 80% alert once, under the answer that reached it; info, tokens and subscription show it (EN, FR)', async () => {
    const { env, id } = await user('chat-quota@example.com');
    // 7,990 of a 10,000-token period used: the first answer reaches 80%, the second crosses nothing. The balance
    // pays for both answers whatever the length of the knowledge entry that answers them.
    await server.ctx.db.db.updateTable('accounts').set({ period_used: 7990, period_allowance: 10_000, balance: 5_000 }).where('id', '=', id).execute();
    const chat = await runCli(['chat', '--no-graphics', '--engine', 'server'], env, 'check disk space\ncheck disk space\n');
    expect(chat.code).toBe(0);
    const alerts = chat.stdout.split('\n').filter((l) => l.includes('Quota:'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^! Quota: 80% of this period's 10000 plan tokens used \(8\d\d\d\); more tokens: cloudya tokens recharge, or a larger plan: cloudya plans$/);
    // It sits right under the first answer's footer, which shows the balance from its own field.
    const lines = chat.stdout.split('\n');
    expect(lines[lines.indexOf(alerts[0]) - 1]).toMatch(/server \(offline\) · \d+ tokens .*· \d+ tokens left/);

    // The period counts both answers, whatever their length: 7,990 plus what each footer says it cost.
    const spent = [...chat.stdout.matchAll(/server \(offline\) · (\d+) tokens/g)].map((m) => Number(m[1]));
    expect(spent).toHaveLength(2);
    const used = 7990 + spent[0] + spent[1];
    const info = await runCli(['info'], env);
    expect(info.stdout).toMatch(new RegExp(`This period\\s+${used} of 10000 plan tokens used \\(${Math.floor(used / 100)}%\\) since \\d{4}-\\d\\d-\\d\\d`));
    expect(info.stdout).toMatch(/^! Quota: 80% of this period's 10000 plan tokens used/m);
    const fr = await runCli(['info', '--lang', 'fr'], env);
    expect(fr.stdout).toMatch(/^! Quota : 80 % des 10000 jetons de l'offre utilisés sur cette période/m);
    const json = JSON.parse((await runCli(['info', '--output', 'json'], env)).stdout);
    expect(json.account.quota).toMatchObject({ allowance: 10_000, alert: { kind: 'quota_80', percent: 80, allowance: 10_000 } });
    expect((await runCli(['tokens', 'info'], env)).stdout).toMatch(/^! Quota: 80%/m);
    const sub = await runCli(['subscription', 'info', '--lang', 'fr'], env);
    expect(sub.stdout).toMatch(/Notifications:\n {2}\d{4}-\d\d-\d\d {2}Quota : 80 % des 10000 jetons/);
  }, 180_000);

  it('ask --engine server at 100%: the alert says purchased tokens are spent now; --output json carries it as a field', async () => {
    const { env, id } = await user('ask-quota@example.com');
    await server.ctx.db.db.updateTable('accounts').set({ period_used: 995 }).where('id', '=', id).execute();
    const res = await runCli(['ask', '--engine', 'server', '--output', 'json', 'check disk space'], env);
    expect(res.code).toBe(0);
    const answer = JSON.parse(res.stdout);
    expect(answer.quota_alert).toMatchObject({ percent: 100, allowance: 1000 });
    expect(answer.model).toBe('offline');
    expect(answer.remaining_balance).toBe(1000 - answer.usage.total_tokens);
    const text = await runCli(['ask', '--engine', 'server', 'check disk space'], env);
    expect(text.stdout).not.toContain('Quota');
    expect((await runCli(['info'], env)).stdout).toMatch(/^! Quota: all 1000 plan tokens of this period are used; answers now spend purchased tokens/m);
  }, 180_000);

  it('serve admin grant|revoke|list changes the role in the server database; an unknown email is one line with a hint', async () => {
    await user('boss@example.com');
    const env = { CLOUDYA_HOME: serverHome, CLOUDYA_SERVER_DB: path.join(serverHome, 'server.db') };
    const grant = await runBin(['serve', 'admin', 'grant', 'Boss@Example.com'], env);
    expect(grant.stderr).toBe('');
    expect(grant.stdout.trim()).toBe('boss@example.com is an admin of this server (GET /api/admin/analytics).');
    expect(JSON.parse((await runBin(['serve', 'admin', 'list', '--output', 'json'], env)).stdout)).toEqual({ admins: ['boss@example.com'] });
    expect((await runBin(['serve', 'admin', 'grant', 'boss@example.com', '--lang', 'fr'], env)).stdout.trim()).toBe('boss@example.com est déjà administrateur.');
    const unknown = await runBin(['serve', 'admin', 'grant', 'nobody@example.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cloudya: error: no account with the email nobody@example.com on this server \(.*server\.db\)\nhint: the person registers first \(cloudya register\), then: cloudya serve admin grant nobody@example.com\n$/);
    const usage = await runBin(['serve', 'admin', 'grant'], env);
    expect(usage.code).toBe(2);
    expect((await runBin(['serve', 'admin', 'revoke', 'boss@example.com'], env)).stdout.trim()).toBe('boss@example.com is no longer an admin.');
    expect((await runBin(['serve', 'admin', 'list'], env)).stdout.trim()).toBe('No admin on this server; grant one with: cloudya serve admin grant EMAIL');
  }, 180_000);
});
