/**
 * What the validator's verdicts depend on besides their input: its own code (every module of this
 * folder, the messages' interpolation) and the shell grammar. A cache of verdicts keyed by this is
 * dropped by any upgrade or edit of the rules, as the knowledge cache is by its code's files.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let memo: string | undefined;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : /\.(js|ts)$/.test(d.name) ? [path.join(dir, d.name)] : []))
    .sort();
}

/**
 * A file of an installed package, found as Node looks for packages (node_modules of each folder up from `from`), or
 * the bare name when none is installed. Not require.resolve: it costs ~5 ms on every ask, and web-tree-sitter's
 * "exports" hide its package.json from it (the version then never saw web-tree-sitter upgrades).
 */
function installedFile(from: string, pkg: string, file: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return `${pkg}/${file}`;
  }
}

/** A string that changes whenever the validator's code or grammar may have changed (size and mtime of each file). */
export function validatorVersion(): string {
  if (memo) return memo;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const files = [
    ...filesUnder(here),
    ...['../../core/i18n.js', '../../core/i18n.ts'].map((f) => path.join(here, f)),
    installedFile(here, 'tree-sitter-bash', 'tree-sitter-bash.wasm'),
    installedFile(here, 'web-tree-sitter', 'package.json'),
  ];
  memo = files
    .map((f) => {
      try {
        const st = statSync(f);
        return `${f}:${st.size}:${st.mtimeMs}`;
      } catch {
        return `${f}:-`;
      }
    })
    .join('\n');
  return memo;
}
