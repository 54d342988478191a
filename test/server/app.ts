/** Builds the API in-process on a backend, capturing its log lines (to check that no secret reaches them). */
import { buildApp, type BuiltApp } from '../../src/server/app.js';
import { serverOptions, type ServerOptions } from '../../src/server/options.js';
import type { Engine } from '../../src/services/ai/types.js';
import type { Backend } from './backends.js';

export interface TestApp extends BuiltApp {
  logs: string[];
  close(): Promise<void>;
}

/** The CLOUDYA_SERVER_SECRET the tests give servers on PostgreSQL. */
export const TEST_SERVER_SECRET = 'cloudya test server secret, 32+ characters long';

/** The API on a fresh database of `backend`. */
export async function testApp(backend: Backend, label: string, opts: { env?: NodeJS.ProcessEnv; engine?: Engine; tweak?: (o: ServerOptions) => void; databaseUrl?: string } = {}): Promise<TestApp> {
  const where = await backend.fresh(label);
  // PostgreSQL needs the server secret from the environment; SQLite generates its own beside server.db.
  const secret = opts.databaseUrl ?? where.databaseUrl ? { CLOUDYA_SERVER_SECRET: TEST_SERVER_SECRET } : {};
  const env = { CLOUDYA_HOME: where.home, PATH: process.env.PATH, HOME: process.env.HOME, ...secret, ...opts.env };
  const options = serverOptions(env);
  options.databaseUrl = opts.databaseUrl ?? where.databaseUrl;
  if (where.sqliteFile) options.sqliteFile = where.sqliteFile;
  options.logLevel = 'debug';
  opts.tweak?.(options);
  const logs: string[] = [];
  const built = await buildApp({ options, env, engine: opts.engine, logStream: { write: (line: string) => void logs.push(line) } });
  return { ...built, logs, close: () => built.app.close() };
}

/** Registers an account and returns its session. */
export async function register(app: TestApp, email: string, password = 'a long password 1') {
  const res = await app.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, name: 'Test User', password } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return res.json() as { account: { id: string; balance: number }; access_token: string; refresh_token: string };
}
