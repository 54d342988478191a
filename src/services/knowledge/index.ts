/** The knowledge service: where the base lives, loading it once, and searching it. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { debug } from '../../core/log.js';
import { bundledPaths, userPaths } from '../../core/paths.js';
import { cacheKey, readCache, writeCache } from './cache.js';
import { loadKnowledge } from './load.js';
import { readPrebuilt } from './prebuilt.js';
import { KnowledgeIndex } from './search.js';
import type { KnowledgeBase } from './types.js';

export { CONFIDENCE_THRESHOLD, KnowledgeIndex, type SearchHit, type SearchResult } from './search.js';
export { loadKnowledge, parseKnowledgeFile } from './load.js';
export { terms } from './text.js';
export type { KnowledgeBase, KnowledgeEntry, KnowledgeProblem } from './types.js';

export interface Knowledge {
  base: KnowledgeBase;
  index: KnowledgeIndex;
  /** Milliseconds spent reading, validating and indexing. */
  loadMs: number;
  /** True when it came from the on-disk cache. */
  cached?: boolean;
}

/**
 * The folders searched, in order: $CLOUDYA_KNOWLEDGE_DIR (tests, custom installs) or the bundled
 * knowledge/, then the user's ~/.cloudya/knowledge/ (whose entries override bundled ones by id).
 */
export function knowledgeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.CLOUDYA_KNOWLEDGE_DIR || bundledPaths().knowledge, userPaths(env).knowledge];
}

const cache = new Map<string, Knowledge>();

function yamlFilesOf(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /\.ya?ml$/i.test(f))
          .sort()
          .map((f) => path.join(dir, f))
      : [],
  );
}

/**
 * Loads and indexes the base: from memory when this process already did, else from the on-disk
 * cache under ~/.cloudya/cache when no file changed, else from the cache shipped with the package when
 * only the bundled files are there (a new machine), else from the YAML files (refreshing the user's cache).
 */
export function openKnowledge(env: NodeJS.ProcessEnv = process.env, dirs = knowledgeDirs(env), opts: { diskCache?: boolean; prebuilt?: string } = {}): Knowledge {
  const memoKey = dirs.join('\0');
  const hit = cache.get(memoKey);
  if (hit) return hit;
  const t0 = performance.now();
  const useDisk = opts.diskCache ?? env.CLOUDYA_KNOWLEDGE_CACHE !== '0';
  const file = path.join(userPaths(env).home, 'cache', 'knowledge.json');
  let key: string | undefined;
  let knowledge: Knowledge | undefined;
  if (useDisk) {
    try {
      const files = yamlFilesOf(dirs);
      key = cacheKey(files);
      let saved = readCache(file, key);
      // No cache of the user's yet: the one shipped with the package, if the files are exactly the bundled ones.
      if (!saved && files.length && files.every((f) => path.dirname(f) === path.normalize(dirs[0]))) {
        saved = readPrebuilt(path.normalize(dirs[0]), files, opts.prebuilt);
        if (saved) {
          debug('knowledge: from the cache shipped with the package');
          writeCache(file, { ...saved, key });
        }
      }
      if (saved) knowledge = { base: saved.base, index: new KnowledgeIndex(saved.base.entries, saved.terms, saved.stats), loadMs: 0, cached: true };
    } catch (err) {
      debug(`knowledge cache unusable: ${(err as Error).message}`);
    }
  }
  if (!knowledge) {
    const base = loadKnowledge(dirs);
    const index = new KnowledgeIndex(base.entries);
    knowledge = { base, index, loadMs: 0 };
    if (useDisk && key) writeCache(file, { key, base, ...index.exportCache() });
  }
  knowledge.loadMs = performance.now() - t0;
  debug(`knowledge: ${knowledge.base.entries.length} entries in ${knowledge.loadMs.toFixed(1)} ms${knowledge.cached ? ' (cache)' : ''}`);
  cache.set(memoKey, knowledge);
  return knowledge;
}

/** Forgets loaded bases (after the user edits a file; tests). */
export function clearKnowledgeCache(): void {
  cache.clear();
}
