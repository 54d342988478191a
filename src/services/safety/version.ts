/**
 * What the validator's verdicts depend on besides their input: its own code (every module of this
 * folder, the messages' interpolation) and the shell grammar. A cache of verdicts keyed by this is
 * dropped by any upgrade or edit of the rules, as the knowledge cache is by its code's files.
 */
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let memo: string | undefined;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : /\.(js|ts)$/.test(d.name) ? [path.join(dir, d.name)] : []))
    .sort();
}

/** A string that changes whenever the validator's code or grammar may have changed (size and mtime of each file). */
export function validatorVersion(): string {
  if (memo) return memo;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  const files = [...filesUnder(here), ...['../../core/i18n.js', '../../core/i18n.ts'].map((f) => path.join(here, f))];
  for (const dep of ['tree-sitter-bash/tree-sitter-bash.wasm', 'web-tree-sitter/package.json']) {
    try {
      files.push(require.resolve(dep));
    } catch {
      files.push(dep);
    }
  }
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
