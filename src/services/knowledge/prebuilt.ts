/**
 * The knowledge cache shipped with the package (dist/knowledge-cache.json, written by `npm run build`):
 * the first question on a new machine, before ~/.cloudya/cache exists, reads it instead of parsing every
 * YAML file. Paths and mtimes change when the package is installed, so it is keyed by content instead:
 * the format, the search code and each bundled knowledge file (name and bytes). Any mismatch means "not usable".
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debug } from '../../core/log.js';
import { writeCache, type CachedKnowledge } from './cache.js';
import { loadKnowledge } from './load.js';
import { KnowledgeIndex } from './search.js';

const FORMAT = 1;
const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the shipped cache lives: dist/knowledge-cache.json next to dist/src/ (nothing when running the sources). */
export function prebuiltFile(): string {
  return path.resolve(here, '..', '..', '..', 'knowledge-cache.json');
}

/** The YAML files of one knowledge folder, sorted. */
export function yamlFilesIn(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

/** The content key of a folder's knowledge files and of the code that parses and indexes them. */
export function contentKey(files: string[]): string {
  const hash = createHash('sha256').update(`cloudya-knowledge-${FORMAT}\0`);
  for (const name of ['search', 'text', 'schema', 'load']) {
    const file = ['.js', '.ts'].map((ext) => path.join(here, name + ext)).find((f) => existsSync(f));
    hash.update(`${name}\0`).update(file ? readFileSync(file) : '?').update('\0');
  }
  for (const f of files) hash.update(`${path.basename(f)}\0`).update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Paths inside the cache are relative to the knowledge folder (the build machine's folder means nothing elsewhere). */
function relocate(doc: CachedKnowledge, from: (file: string) => string): CachedKnowledge {
  return {
    ...doc,
    base: {
      ...doc.base,
      files: doc.base.files.map(from),
      problems: doc.base.problems.map((p) => ({ ...p, file: from(p.file) })),
      entries: doc.base.entries.map((e) => ({ ...e, source: { ...e.source, file: from(e.source.file) } })),
    },
  };
}

/** Builds the shipped cache of a knowledge folder into `file` (run by the build). Returns the entry count. */
export function writePrebuilt(dir: string, file = prebuiltFile()): number {
  const files = yamlFilesIn(dir);
  const base = loadKnowledge([dir]);
  const index = new KnowledgeIndex(base.entries);
  const doc: CachedKnowledge = { key: contentKey(files), base, ...index.exportCache() };
  writeCache(
    file,
    relocate(doc, (f) => path.relative(dir, f)),
  );
  return base.entries.length;
}

/** The shipped cache for exactly these knowledge files of `dir`, or undefined when it does not match them. */
export function readPrebuilt(dir: string, files: string[], file = prebuiltFile()): CachedKnowledge | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as CachedKnowledge;
    if (!Array.isArray(doc.terms) || doc.terms.length !== doc.base.entries.length) return undefined;
    // The cheap check first: the same file names, before hashing their contents.
    if (doc.base.files.join('\0') !== files.map((f) => path.relative(dir, f)).join('\0')) return undefined;
    if (doc.key !== contentKey(files)) return undefined;
    return relocate(doc, (f) => path.join(dir, f));
  } catch (err) {
    debug(`shipped knowledge cache unusable: ${(err as Error).message}`);
    return undefined;
  }
}

// `node dist/src/services/knowledge/prebuilt.js [knowledge-dir] [out-file]`: what the build runs.
// (Checked by file name too: a bundle that inlines this module must not run it.)
if (process.argv[1] && path.basename(process.argv[1]) === 'prebuilt.js' && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', '..', '..', 'knowledge'));
  const count = writePrebuilt(dir, process.argv[3] ? path.resolve(process.argv[3]) : prebuiltFile());
  if (!process.argv.includes('--quiet')) console.log(`knowledge cache: ${count} entries -> ${path.relative(process.cwd(), process.argv[3] ?? prebuiltFile())}`);
}
