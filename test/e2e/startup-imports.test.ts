import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';

/** Which sources each built file holds (written by scripts/build.mjs): libraries live in dist/chunks/. */
const META = JSON.parse(readFileSync(path.join(ROOT, 'dist/build-meta.json'), 'utf8')) as Record<string, string[]>;

/** Every source a run of the CLI loaded: files from node_modules as they are, bundled chunks expanded to what they hold. */
function sourcesLoaded(argv: string[]): string[] {
  const home = tempHome();
  const trace = path.join(home, 'trace.txt');
  execFileSync(process.execPath, ['--import', path.join(ROOT, 'test/helpers/trace-imports.mjs'), BIN, ...argv], {
    env: { ...process.env, CLOUDYA_TRACE_FILE: trace, CLOUDYA_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const urls = readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  return [...new Set(urls)].flatMap((u) => {
    const rel = path.relative(path.join(ROOT, 'dist'), fileURLToPath(u));
    return META[rel] ?? [path.relative(ROOT, fileURLToPath(u))];
  });
}

const HEAVY = /node_modules\/(react|react-reconciler|ink|openai|systeminformation|better-sqlite3|marked|marked-terminal|cli-highlight|highlight\.js|execa)\//;
const RENDERERS = /node_modules\/(react|ink|marked|marked-terminal|cli-highlight|highlight\.js)\//;

describe('start-up cost', () => {
  it('the build maps every library chunk back to its sources', () => {
    const chunks = Object.keys(META).filter((f) => f.startsWith('chunks/'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(Object.values(META).flat().some((s) => /node_modules\/ink\//.test(s))).toBe(true);
  });

  it('cloudya --version loads no UI, model, SQLite or sampling library', () => {
    expect(sourcesLoaded(['--version']).filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it('cloudya --help loads no UI, model, SQLite or sampling library', () => {
    expect(sourcesLoaded(['--help']).filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it('only the invoked command module is loaded', () => {
    const commands = sourcesLoaded(['version']).filter((u) => /(^|\/)src\/commands\//.test(u));
    expect(commands).toEqual(['src/commands/version.ts']);
  });

  it('ask --output json loads no markdown renderer, syntax highlighter or UI', () => {
    expect(sourcesLoaded(['ask', 'how do I list docker containers', '--output', 'json']).filter((u) => RENDERERS.test(u))).toEqual([]);
  });

  it('deploy list --output json loads no UI or markdown renderer', () => {
    expect(sourcesLoaded(['deploy', 'list', '--output', 'json']).filter((u) => RENDERERS.test(u))).toEqual([]);
  });
});
