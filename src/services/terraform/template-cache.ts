/**
 * On-disk cache of the variables read from templates' .tf files (~/.cloudya/cache/templates.json).
 * Reading them means the HCL parser (WebAssembly): ~0.1 s to load and tens of ms per file, on every
 * `deploy list`. An entry is keyed by the template folder's .tf files (name, size, mtime) and by
 * Cloudya's version and the parsing code's own file, so editing a template or upgrading rebuilds it.
 * Any problem with the cache means "no cache"; it is only an optimisation (ARCHITECTURE: cache/
 * holds only what can be rebuilt).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFileSync } from '../../core/files.js';
import { packageRoot } from '../../core/paths.js';
import { readVariables, type VariableDef } from './variables.js';

const FORMAT = 1;

interface Entry {
  key: string;
  variables: VariableDef[];
}

interface CacheDoc {
  version: string;
  entries: Record<string, Entry>;
}

/** What makes parsed variables stale besides the .tf files: the format, Cloudya's version, the parser's code. */
function codeVersion(): string {
  let version = '?';
  try {
    version = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // an unreadable package.json: the code file below still tells versions apart
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const ext of ['.js', '.ts']) {
    try {
      const st = statSync(path.join(here, `variables${ext}`));
      return `${FORMAT}:${version}:${st.size}:${st.mtimeMs}`;
    } catch {
      // try the other extension (dist/ has .js, tests run the .ts sources)
    }
  }
  return `${FORMAT}:${version}`;
}

/** The key of one template folder: every .tf file's name, size and mtime. */
function folderKey(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => {
      const st = statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
}

/** A cache file, read once, written back (atomically) when something new was parsed. */
export class TemplateCache {
  private doc: CacheDoc | undefined;
  private dirty = false;
  private readonly version = codeVersion();

  constructor(readonly file: string) {}

  private load(): CacheDoc {
    if (this.doc) return this.doc;
    try {
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as CacheDoc;
      if (doc.version === this.version && doc.entries && typeof doc.entries === 'object') this.doc = doc;
    } catch {
      // missing or unreadable: start empty
    }
    this.doc ??= { version: this.version, entries: {} };
    return this.doc;
  }

  /** The variables of a template folder: from the cache when its files did not change, else parsed (and remembered). */
  async variables(dir: string): Promise<VariableDef[]> {
    const key = folderKey(dir);
    const hit = this.load().entries[dir];
    if (hit && hit.key === key) return hit.variables;
    const variables = await readVariables(dir);
    this.load().entries[dir] = { key, variables };
    this.dirty = true;
    return variables;
  }

  /** Writes the cache if it changed (temp file + rename; a failure is only logged and leaves no temp file). */
  save(): void {
    if (!this.dirty || !this.doc) return;
    if (writeCacheFileSync(this.file, JSON.stringify(this.doc), 'template cache')) this.dirty = false;
  }
}
