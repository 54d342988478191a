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

/** Our modules a file loads when it runs (type-only imports vanish at build; lazy import() is left out on purpose). */
function runtimeImports(file: string, known: Set<string>): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s(?!type\s)[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    const target = path.normalize(path.join(path.dirname(file), m[1]));
    const hit = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target].find((c) => known.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Every import cycle of the graph, each as the files in it (strongly connected components of 2+ files, Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('dependency rules (ARCHITECTURE.md)', () => {
  it('no import cycles: a piece two modules share lives below both (components/, a service), not in one of them', () => {
    const list = ['src', 'components', 'screens'].flatMap((d) => files(d));
    const known = new Set(list);
    const graph = new Map(list.map((f) => [f, runtimeImports(f, known)]));
    // The scan resolves .js specifiers to the .ts/.tsx sources: without that every graph is empty.
    expect(graph.get('screens/DeploySection.tsx')).toContain('screens/StackPanel.tsx');
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(cycles(graph)).toEqual([]);
  });

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
