/**
 * The on-disk cache of the parsed and indexed knowledge base (~/.cloudya/cache/knowledge.pack, format in packed.ts):
 * a fresh process then reads the index and the few entries it shows instead of parsing YAML and tokenising every
 * entry. It is keyed by every knowledge file's path, size and mtime and by this folder's code files (the parser,
 * the tokeniser and the index, whatever they become), so editing a YAML file or changing that code rebuilds it.
 * Any problem with it means "no cache".
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFileSync } from '../../core/files.js';
import { debug } from '../../core/log.js';
import { openPacked, type PackedFile } from './packed.js';

/** Changes when what the key covers changes meaning. */
const FORMAT = 2;
const here = path.dirname(fileURLToPath(import.meta.url));

/** The cache file under a Cloudya home. */
export function cacheFileIn(home: string): string {
  return path.join(home, 'cache', 'knowledge.pack');
}

/** The knowledge service's own code files: .js in dist/, .ts when tests run the sources. */
export function codeFiles(): string[] {
  return readdirSync(here)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => path.join(here, f));
}

/** The cache key for a list of knowledge files. */
export function cacheKey(files: string[]): string {
  const stamp = (f: string) => {
    const st = statSync(f);
    return `${f}:${st.size}:${st.mtimeMs}`;
  };
  return JSON.stringify([FORMAT, codeFiles().map(stamp), files.map(stamp)]);
}

/** The cache file when it is intact and its key matches, else undefined. */
export function readCache(file: string, key: string): PackedFile | undefined {
  const packed = openPacked(file);
  return packed?.head.key === key ? packed : undefined;
}

/** Writes the cache (temp file + rename); failures are only logged: the cache is an optimisation. */
export function writeCache(file: string, data: Buffer): boolean {
  const written = writeCacheFileSync(file, data, 'knowledge cache');
  // The cache's previous format (one JSON file): nothing reads it any more, and it weighs 2.5 MB.
  if (written && path.basename(file) === 'knowledge.pack') {
    try {
      rmSync(path.join(path.dirname(file), 'knowledge.json'), { force: true });
    } catch (err) {
      debug(`old knowledge cache not removed: ${(err as Error).message}`);
    }
  }
  return written;
}
