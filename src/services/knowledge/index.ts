/** The knowledge service: where the base lives, loading it once, and searching it. */
import { bundledPaths, userPaths } from '../../core/paths.js';
import { loadKnowledge } from './load.js';
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
}

/**
 * The folders searched, in order: $CLOUDYA_KNOWLEDGE_DIR (tests, custom installs) or the bundled
 * knowledge/, then the user's ~/.cloudya/knowledge/ (whose entries override bundled ones by id).
 */
export function knowledgeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.CLOUDYA_KNOWLEDGE_DIR || bundledPaths().knowledge, userPaths(env).knowledge];
}

const cache = new Map<string, Knowledge>();

/** Loads and indexes the base (cached per set of folders for the life of the process). */
export function openKnowledge(env: NodeJS.ProcessEnv = process.env, dirs = knowledgeDirs(env)): Knowledge {
  const key = dirs.join('\0');
  const hit = cache.get(key);
  if (hit) return hit;
  const t0 = performance.now();
  const base = loadKnowledge(dirs);
  const index = new KnowledgeIndex(base.entries);
  const knowledge = { base, index, loadMs: performance.now() - t0 };
  cache.set(key, knowledge);
  return knowledge;
}

/** Forgets loaded bases (after the user edits a file; tests). */
export function clearKnowledgeCache(): void {
  cache.clear();
}
