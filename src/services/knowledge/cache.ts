/**
 * On-disk cache of the parsed and tokenised knowledge base (~/.cloudya/cache/knowledge.json):
 * a fresh process then reads one JSON file instead of parsing YAML and tokenising every entry.
 * It is keyed by every knowledge file's path, size and mtime and by the search code's own files,
 * so editing a YAML file or upgrading Cloudya rebuilds it. Any problem with it means "no cache".
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFileSync } from '../../core/files.js';
import type { IndexedTerms, IndexStats } from './search.js';
import type { KnowledgeBase } from './types.js';

const FORMAT = 1;

export interface CachedKnowledge {
  key: string;
  base: KnowledgeBase;
  /** Each entry's terms (KnowledgeIndex.exportCache writes them as JSON strings, read when a search needs them). */
  terms: Array<IndexedTerms | string>;
  /** The index's whole-base figures (KnowledgeIndex.exportStats): with them no entry is indexed before a search needs it. */
  stats?: IndexStats;
}

/** The cache key for a list of knowledge files. */
export function cacheKey(files: string[]): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const code = ['search', 'text', 'schema', 'load'].map((name) => {
    for (const ext of ['.js', '.ts']) {
      try {
        const st = statSync(path.join(here, name + ext));
        return `${name}${ext}:${st.size}:${st.mtimeMs}`;
      } catch {
        // try the other extension (dist/ has .js, tests run the .ts sources)
      }
    }
    return `${name}:?`;
  });
  const data = files.map((f) => {
    const st = statSync(f);
    return `${f}:${st.size}:${st.mtimeMs}`;
  });
  return JSON.stringify([FORMAT, code, data]);
}

/** The cached base when its key matches, else undefined. */
export function readCache(file: string, key: string): CachedKnowledge | undefined {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as CachedKnowledge;
    return doc.key === key && Array.isArray(doc.terms) && doc.terms.length === doc.base.entries.length ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache (temp file + rename); failures are only logged: the cache is an optimisation. */
export function writeCache(file: string, doc: CachedKnowledge): void {
  writeCacheFileSync(file, JSON.stringify(doc), 'knowledge cache');
}
