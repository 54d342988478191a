/** The two storage backends every server test runs on: SQLite in a temp home, and a real PostgreSQL. */
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { postgresProblem, startPostgres, type PgServer } from '../helpers/postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Options for openDatabase / the server: a fresh database each call. */
  fresh(label: string): Promise<{ databaseUrl?: string; sqliteFile?: string; home: string }>;
}

const strict = process.env.CLOUDYA_REQUIRE_TOOLS === '1';

/** Runs `fn` once per backend (PostgreSQL started for the file and stopped after it). */
export function describeBackends(name: string, fn: (backend: Backend) => void): void {
  describe(`${name} [sqlite]`, () => {
    fn({
      name: 'sqlite',
      async fresh() {
        const home = tempHome();
        return { home, sqliteFile: path.join(home, 'server.db') };
      },
    });
  });
  const problem = postgresProblem();
  if (problem) {
    if (strict) {
      describe(`${name} [postgres]`, () => it('requires PostgreSQL', () => { throw new Error(problem); }));
    } else {
      console.warn(`[skip] ${name} [postgres]: ${problem}`);
      describe.skip(`${name} [postgres] (skipped: ${problem})`, () => undefined);
    }
    return;
  }
  describe(`${name} [postgres]`, () => {
    let pg: PgServer | undefined;
    beforeAll(async () => {
      pg = await startPostgres();
    });
    afterAll(async () => {
      await pg?.stop();
    });
    fn({
      name: 'postgres',
      async fresh(label) {
        return { home: tempHome(), databaseUrl: await pg!.createDatabase(label) };
      },
    });
  });
}
