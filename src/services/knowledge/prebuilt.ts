/**
 * The knowledge cache shipped with the package (dist/knowledge-cache.pack, written by `npm run build`): the first
 * question on a new machine, before ~/.cloudya/cache exists, reads it instead of parsing every YAML file. Paths and
 * mtimes change when the package is installed, so it is keyed by content instead: the format, the knowledge
 * service's code files and each bundled knowledge file (name and bytes). Any mismatch means "not usable".
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeFiles, writeCache } from './cache.js';
import { loadKnowledge } from './load.js';
import { openPacked, packKnowledge, type PackedFile } from './packed.js';
import { KnowledgeIndex } from './search.js';

const FORMAT = 2;
const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the shipped cache lives: dist/knowledge-cache.pack next to dist/src/ (nothing when running the sources). */
export function prebuiltFile(): string {
  return path.resolve(here, '..', '..', '..', 'knowledge-cache.pack');
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
  // Loaded here, not with the module: only a machine without its own cache yet needs it (~10 ms of start-up otherwise).
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256').update(`cloudya-knowledge-${FORMAT}\0`);
  for (const file of codeFiles()) hash.update(`${path.basename(file)}\0`).update(readFileSync(file)).update('\0');
  for (const f of files) hash.update(`${path.basename(f)}\0`).update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Builds the shipped cache of a knowledge folder into `file` (run by the build). Returns the entry count. */
export function writePrebuilt(dir: string, file = prebuiltFile()): number {
  const files = yamlFilesIn(dir);
  const base = loadKnowledge([dir]);
  const index = new KnowledgeIndex(base.entries);
  // Paths inside are relative to the knowledge folder (the build machine's folder means nothing elsewhere).
  writeCache(file, packKnowledge(base, index, contentKey(files), (f) => path.relative(dir, f)));
  return base.entries.length;
}

/** The shipped cache for exactly these knowledge files of `dir` (its file names relative to `dir`), or undefined when it does not match them. */
export function readPrebuilt(dir: string, files: string[], file = prebuiltFile()): PackedFile | undefined {
  if (!existsSync(file)) return undefined;
  const packed = openPacked(file);
  if (!packed) return undefined;
  // The cheap check first: the same file names, before hashing their contents.
  if (packed.head.files.join('\0') !== files.map((f) => path.relative(dir, f)).join('\0')) return undefined;
  return packed.head.key === contentKey(files) ? packed : undefined;
}

// `node dist/src/services/knowledge/prebuilt.js [knowledge-dir] [out-file]`: what the build runs.
// (Checked by file name too: a bundle that inlines this module must not run it.)
if (process.argv[1] && path.basename(process.argv[1]) === 'prebuilt.js' && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', '..', '..', 'knowledge'));
  const count = writePrebuilt(dir, process.argv[3] ? path.resolve(process.argv[3]) : prebuiltFile());
  if (!process.argv.includes('--quiet')) console.log(`knowledge cache: ${count} entries -> ${path.relative(process.cwd(), process.argv[3] ?? prebuiltFile())}`);
}
