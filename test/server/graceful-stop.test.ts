/**
 * Stopping the server while answers are still being computed: each in-flight request gets its answer,
 * and the stop completes as soon as they are answered - not when the clients' idle keep-alive sockets
 * time out (Fastify keeps them 72 s), which a signalled `cloudya serve` would never live to see.
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/server/app.js';
import { serverOptions } from '../../src/server/options.js';
import type { Engine, EngineEvent } from '../../src/services/ai/types.js';
import { tempHome } from '../helpers/cli.js';

/** An engine whose answers wait until `open()` is called; `started` counts the questions it holds. */
function gatedEngine() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const state = { started: 0 };
  const engine: Engine = {
    name: 'gated',
    async *ask(): AsyncIterable<EngineEvent> {
      state.started += 1;
      await gate;
      yield { type: 'done', answer: { explanation: 'Disk usage per filesystem.', commands: [{ command: 'df -h', description: 'disk usage' }], risks: [], sources: [] } };
    },
  };
  return { engine, state, open: () => release() };
}

let built: BuiltApp | undefined;
afterEach(async () => {
  built?.app.server.closeAllConnections();
  await built?.app.close();
  built = undefined;
});

it('stops once the requests in flight are answered, over keep-alive connections', async () => {
  const home = tempHome();
  const env = { CLOUDYA_HOME: home, CLOUDYA_RATE_PER_MINUTE: '1000000' };
  const options = { ...serverOptions(env), port: 0, sqliteFile: path.join(home, 'server.db'), logLevel: 'warn' as const };
  const gated = gatedEngine();
  built = await buildApp({ options, env, engine: gated.engine, logStream: { write: () => true } });
  const url = await built.app.listen({ host: '127.0.0.1', port: 0 });
  const reg = await fetch(`${url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'stop@example.com', name: 'S', password: 'stop password 1' }) });
  const token = ((await reg.json()) as { access_token: string }).access_token;
  const inflight = Array.from({ length: 3 }, () =>
    fetch(`${url}/api/command`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ user_input: 'check disk space', execution_mode: 'dry_run' }) }).then(
      (r) => r.status,
      (e: Error) => `network error: ${e.message}`,
    ),
  );
  for (const t0 = Date.now(); gated.state.started < 3 && Date.now() - t0 < 60_000; ) await new Promise((r) => setTimeout(r, 10));
  expect(gated.state.started).toBe(3);

  let stopped = false;
  const closing = built.app.close().then(() => (stopped = true));
  await new Promise((r) => setTimeout(r, 100));
  expect(stopped).toBe(false); // it waits for the answers
  gated.open();
  expect(await Promise.all(inflight)).toEqual([200, 200, 200]);
  // 20 s is far below the 72 s keep-alive wait this guards against, and far above a normal stop.
  const outcome = await Promise.race([closing.then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still waiting after 20 s'), 20_000))]);
  expect(outcome).toBe('stopped');
}, 120_000);
