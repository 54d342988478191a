/**
 * The TUI chat with the `server` engine against a real API server (SQLite, in this process): the
 * answer that reached 80% of the period's allowance shows the quota alert as one line under its
 * footer (which shows the balance), and the next answer does not repeat it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatScreen } from '../../screens/ChatScreen.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { serverOptions } from '../../src/server/options.js';
import { createServerEngine } from '../../src/services/ai/server.js';
import { tempHome } from '../helpers/cli.js';
import { KEYS, renderTui } from '../helpers/render.js';

let server: RunningServer;

beforeAll(async () => {
  const home = tempHome();
  const env = { CLOUDYA_HOME: home };
  server = await startServer({ ...serverOptions(env), port: 0, sqliteFile: path.join(home, 'server.db'), logLevel: 'warn' }, env, { write: () => true });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

describe('chat screen with the server engine', { timeout: 180_000 }, () => {
  it('shows the quota alert once, under the answer that reached 80%', async () => {
    const session = await post('/api/auth/register', { email: 'tui-quota@example.com', name: 'Tui', password: 'tui quota password' });
    const apiToken = (await post('/api/tokens/api', { name: 'tui' }, session.access_token as string)).token as string;
    const id = (session.account as { id: string }).id;
    await server.ctx.db.db.updateTable('accounts').set({ period_used: 7990, period_allowance: 10_000, balance: 5_000 }).where('id', '=', id).execute();
    const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_API_URL: server.url, CLOUDYA_API_TOKEN: apiToken };
    const engine = createServerEngine({ apiUrl: server.url, env, timeoutSeconds: 60 });
    const services = { env, chat: { engineFactory: () => engine, engineName: 'server', focusInput: true } };
    const t = await renderTui(<ChatScreen active width={110} height={90} services={services} />);
    const count = (frame: string, text: string) => frame.split(text).length - 1;

    await t.type('check disk space');
    await t.press(KEYS.enter);
    const first = await t.waitFor((f) => f.includes('tokens left'));
    const lines = first.split('\n');
    const at = lines.findIndex((l) => l.includes('Quota: 80%'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at]).toMatch(/! Quota: 80% of this period's 10000 plan tokens used \(8\d{3}\)/);
    expect(lines[at - 1]).toMatch(/server \(offline\) · \d+ tokens · \d+ tokens left/);

    await t.type('check disk space');
    await t.press(KEYS.enter);
    const second = await t.waitFor((f) => count(f, 'tokens left') === 2);
    expect(count(second, 'Quota:')).toBe(1);
    t.unmount();
  });
});
