import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';

function importsOf(argv: string[]): string[] {
  const trace = path.join(tempHome(), 'trace.txt');
  execFileSync(process.execPath, ['--import', path.join(ROOT, 'test/helpers/trace-imports.mjs'), BIN, ...argv], {
    env: { ...process.env, CLOUDYA_TRACE_FILE: trace, CLOUDYA_HOME: tempHome() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

const HEAVY = /node_modules\/(react|ink|openai|systeminformation|better-sqlite3|marked|execa)\//;

describe('start-up cost', () => {
  it('cloudya --version loads no UI, model, SQLite or sampling library', () => {
    const heavy = importsOf(['--version']).filter((u) => HEAVY.test(u));
    expect(heavy).toEqual([]);
  });

  it('cloudya --help loads no UI, model, SQLite or sampling library', () => {
    const heavy = importsOf(['--help']).filter((u) => HEAVY.test(u));
    expect(heavy).toEqual([]);
  });

  it('only the invoked command module is loaded', () => {
    const commands = importsOf(['version']).filter((u) => u.includes('/src/commands/'));
    expect(commands.map((u) => path.basename(u))).toEqual(['version.js']);
  });
});
