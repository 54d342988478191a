import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs).flatMap((f) => {
    const p = path.join(abs, f);
    if (statSync(p).isDirectory()) return files(path.join(dir, f));
    return /\.(ts|tsx)$/.test(f) ? [path.join(dir, f)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2]);
  }
  return out;
}

/** Where an import lands, as a top-level area: core, services, commands, screens, components, readline or a package. */
function area(from: string, spec: string): string {
  if (!spec.startsWith('.')) return `pkg:${spec.split('/')[0]}`;
  const target = path.normalize(path.join(path.dirname(from), spec));
  const parts = target.split(path.sep);
  if (parts[0] === 'src') return parts[1] === 'core' || parts[1] === 'services' || parts[1] === 'commands' || parts[1] === 'readline' ? parts[1] : `src/${parts[1]}`;
  return parts[0];
}

describe('dependency rules (ARCHITECTURE.md)', () => {
  it('core imports nothing of ours outside core, and no UI', () => {
    const bad = files('src/core').flatMap((f) => imports(f).map((i) => [f, area(f, i)] as const)).filter(([, a]) => !['core'].includes(a) && !a.startsWith('pkg:') || ['pkg:ink', 'pkg:react'].includes(a));
    expect(bad).toEqual([]);
  });

  it('the scan sees the tree and would catch a wrong arrow', () => {
    // A missing or renamed folder must fail here, not turn every rule below into a check of nothing.
    for (const dir of ['src/core', 'src/services', 'src/commands', 'src/readline', 'components', 'screens']) expect(files(dir).length, dir).toBeGreaterThan(0);
    expect(imports('screens/App.tsx').length).toBeGreaterThan(0);
    expect(area('src/services/monitor/x.ts', '../../../screens/App.js')).toBe('screens');
    expect(area('src/services/monitor/x.ts', '../../commands/deploy.js')).toBe('commands');
    expect(area('components/X.tsx', '../src/services/ai/index.js')).toBe('services');
    expect(area('src/readline/x.ts', 'ink')).toBe('pkg:ink');
  });

  it('services import core and services only, never UI or commands', () => {
    const list = files('src/services');
    const bad = list
      .flatMap((f) => imports(f).map((i) => [f, i, area(f, i)] as const))
      .filter(([, , a]) => ['screens', 'components', 'commands', 'readline', 'pkg:ink', 'pkg:react', 'pkg:ink-text-input', 'pkg:ink-spinner'].includes(a));
    expect(bad).toEqual([]);
  });

  it('components import no services', () => {
    const bad = files('components')
      .flatMap((f) => imports(f).map((i) => [f, i, area(f, i)] as const))
      .filter(([, , a]) => a === 'services' || a === 'commands');
    expect(bad).toEqual([]);
  });

  it('the readline chat never imports Ink or React', () => {
    const list = files('src/readline');
    const bad = list.flatMap((f) => imports(f).map((i) => [f, i, area(f, i)] as const)).filter(([, , a]) => ['pkg:ink', 'pkg:react', 'screens', 'components'].includes(a));
    expect(bad).toEqual([]);
  });
});
