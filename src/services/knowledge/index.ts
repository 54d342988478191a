/** The knowledge service: where the base lives, loading it once, and searching it. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { debug } from '../../core/log.js';
import { bundledPaths, userPaths } from '../../core/paths.js';
import { cacheFileIn, cacheKey, readCache, writeCache } from './cache.js';
import { loadKnowledge } from './load.js';
import { packKnowledge, repackWith, unpackKnowledge, type PackedFile } from './packed.js';
import { readPrebuilt } from './prebuilt.js';
import { KnowledgeIndex } from './search.js';
import type { KnowledgeBase, KnowledgeEntry } from './types.js';

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
  const file = cacheFileIn(userPaths(env).home);
  let key: string | undefined;
  let knowledge: Knowledge | undefined;
  if (useDisk) {
    try {
      const files = yamlFilesOf(dirs);
      key = cacheKey(files);
      let packed: PackedFile | undefined = readCache(file, key);
      let from = (f: string) => f;
      // No cache of the user's yet: the one shipped with the package, if the files are exactly the bundled ones.
      const bundled = path.normalize(dirs[0]);
      if (!packed && files.length && files.every((f) => path.dirname(f) === bundled)) {
        packed = readPrebuilt(bundled, files, opts.prebuilt);
        if (packed) {
          debug('knowledge: from the cache shipped with the package');
          from = (f) => path.join(bundled, f);
          const copy = repackWith(packed, key, (f) => f, from);
          if (copy) writeCache(file, copy);
        }
      }
      if (packed) {
        const { base, saved } = unpackKnowledge(packed, from, recoverFrom(dirs, packed.file === file ? file : undefined));
        knowledge = { base, index: new KnowledgeIndex(base.entries, saved), loadMs: 0, cached: true };
      }
    } catch (err) {
      debug(`knowledge cache unusable: ${(err as Error).message}`);
    }
  }
  if (!knowledge) {
    const base = loadKnowledge(dirs);
    const index = new KnowledgeIndex(base.entries);
    knowledge = { base, index, loadMs: 0 };
    if (useDisk && key) {
      try {
        writeCache(file, packKnowledge(base, index, key));
      } catch (err) {
        debug(`knowledge cache not written: ${(err as Error).message}`);
      }
    }
  }
  knowledge.loadMs = performance.now() - t0;
  debug(`knowledge: ${knowledge.base.entries.length} entries in ${knowledge.loadMs.toFixed(1)} ms${knowledge.cached ? ' (cache)' : ''}`);
  cache.set(memoKey, knowledge);
  return knowledge;
}

/**
 * Where an entry comes from when its text can no longer be read from the cache: its YAML file (the whole base is
 * loaded once). A cache found damaged (`userCache`, not merely replaced by a newer one) is removed so the next run rebuilds it.
 */
function recoverFrom(dirs: string[], userCache?: string): (id: string, damaged: boolean) => KnowledgeEntry {
  let base: KnowledgeBase | undefined;
  return (id, damaged) => {
    if (damaged && userCache) {
      try {
        rmSync(userCache, { force: true });
      } catch (err) {
        debug(`damaged knowledge cache not removed: ${(err as Error).message}`);
      }
    }
    base ??= loadKnowledge(dirs);
    const entry = base.entries.find((e) => e.id === id);
    if (!entry) throw new Error(`knowledge entry "${id}" is no longer in ${dirs.join(', ')}`);
    return entry;
  };
}

/** Forgets loaded bases (after the user edits a file; tests). */
export function clearKnowledgeCache(): void {
  cache.clear();
}
