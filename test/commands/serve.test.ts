/** `cloudya serve` as a real process: health, graceful SIGTERM, a taken port, keys rotate, a bad DATABASE_URL. */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin, tempHome } from '../helpers/cli.js';
import { startServe, type ServeProcess } from '../server/serve-process.js';

describe('cloudya serve', () => {
  let serve: ServeProcess | undefined;
  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
  });

  it('serves /health on SQLite in CLOUDYA_HOME, and SIGTERM lets requests in flight finish before exiting', async () => {
    const home = tempHome();
    // At debug level the server logs each request as it arrives ("incoming request"), not only when answered.
    serve = await startServe({ CLOUDYA_HOME: home, CLOUDYA_SERVER_LOG_LEVEL: 'debug' });
    expect(serve.stderr()).toContain(`(sqlite: ${home}/server.db; rate limits: memory)`);
    const health = await (await fetch(`${serve.url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'ok', redis: 'not_configured' });
    const reg = await fetch(`${serve.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'term@example.com', name: 'T', password: 'term password 1' }) });
    const token = ((await reg.json()) as { access_token: string }).access_token;
    // Twenty requests received by the server (its log says so), then SIGTERM: none may be cut off.
    const inflight = Array.from({ length: 20 }, () =>
      fetch(`${serve!.url}/api/command`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ user_input: 'check disk space', execution_mode: 'dry_run' }) }).then(
        (r) => r.status,
        (e: Error) => `network error: ${e.message}`,
      ),
    );
    const received = () => serve!.stdout().split('\n').filter((l) => l.includes('"incoming request"') && l.includes('/api/command')).length;
    for (const t0 = Date.now(); received() < 20 && Date.now() - t0 < 120_000; ) await new Promise((r) => setTimeout(r, 20));
    expect(received()).toBe(20);
    const code = await serve.stop();
    const statuses = await Promise.all(inflight);
    // Each got its real answer: 200, or 402 once the 1,000 free tokens are spent - never a cut connection.
    expect(statuses.every((s) => s === 200 || s === 402), JSON.stringify(statuses)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(serve.stderr()).toContain('Stopping: finishing requests in progress...\nStopped.');
    expect([0, 130, 143]).toContain(code);
    // The server's logs are JSON lines without any token.
    expect(serve.stdout()).toContain('"service":"cloudya-api"');
    expect(serve.stdout()).not.toContain(token);
  }, 180_000);

  it('a taken port is one line with a hint', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const res = await runBin(['serve', '--port', String(port)], { CLOUDYA_HOME: tempHome() });
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(`cloudya: error: port ${port} on 127.0.0.1 is already in use\nhint: stop the other server, or choose another port: cloudya serve --port 8001\n`);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('keys rotate adds a key and retires the previous one', async () => {
    const home = tempHome();
    const first = await runBin(['serve', 'keys', 'rotate', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(first.code).toBe(0);
    const second = JSON.parse((await runBin(['serve', 'keys', 'rotate', '--output', 'json'], { CLOUDYA_HOME: home })).stdout);
    expect(second.retired).toEqual([JSON.parse(first.stdout).kid]);
    const bad = await runBin(['serve', 'keys', 'delete'], { CLOUDYA_HOME: home });
    expect(bad.code).toBe(2);
  }, 120_000);

  it('an unreachable DATABASE_URL is one line naming it, without its password', async () => {
    const res = await runBin(['serve', '--port', '0'], { CLOUDYA_HOME: tempHome(), DATABASE_URL: 'postgres://cloudya:s3cr3t-pass@127.0.0.1:9/cloudya' });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^cloudya: error: cannot open the database DATABASE_URL: .*\nhint: check DATABASE_URL/);
    expect(res.stderr + res.stdout).not.toContain('s3cr3t-pass');
  }, 120_000);
});
