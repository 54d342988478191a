/**
 * Remembered verdicts of proposed commands. The knowledge base proposes the same commands again and
 * again (the server validates them for every question, `ask` in every process), and a verdict is a
 * pure function of the command, the user's policy, the home directory, the language of its reasons
 * and the validator itself - so each of those is in the key, and a change of any of them (a new
 * safety.allow rule, an upgrade) is a miss. In memory for the process (bounded, least recently used
 * out first), and for one-shot commands on disk under ~/.cloudya/cache/ (rebuildable, safe to delete).
 */
import { readFileSync } from 'node:fs';
import { writeCacheFileSync } from '../../core/files.js';
import type { Lang } from '../../core/i18n.js';
import { debug } from '../../core/log.js';
import type { Policy, Reason } from '../safety/types.js';
import { validatorVersion } from '../safety/version.js';

export interface RememberedVerdict {
  verdict: 'allow' | 'confirm' | 'deny';
  reasons: Reason[];
}

const MAX_ENTRIES = 5000;
const FORMAT = 1;
const memory = new Map<string, RememberedVerdict>();
/** Disk files already read into memory by this process. */
const loaded = new Set<string>();

/** The key of one verdict: everything it depends on but the validator's version (which keys the whole store). */
export function verdictKey(command: string, policy: Policy | undefined, home: string, lang: Lang): string {
  return JSON.stringify([command, policy ? [policy.allow, policy.deny, policy.unsafeAllow] : null, home, lang]);
}

/** A remembered verdict, made the most recently used. */
export function recall(key: string): RememberedVerdict | undefined {
  const hit = memory.get(key);
  if (hit) {
    memory.delete(key);
    memory.set(key, hit);
  }
  return hit;
}

/** Remembers a verdict (the least recently used one goes when the store is full). */
export function remember(key: string, value: RememberedVerdict): void {
  memory.delete(key);
  memory.set(key, value);
  while (memory.size > MAX_ENTRIES) memory.delete(memory.keys().next().value!);
}

/** Reads the verdicts saved in `file` into memory, once per process; a file of another validator version is ignored. */
export function loadVerdictFile(file: string): void {
  if (loaded.has(file)) return;
  loaded.add(file);
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { format: number; version: string; entries: Array<[string, RememberedVerdict]> };
    if (doc.format !== FORMAT || doc.version !== validatorVersion() || !Array.isArray(doc.entries)) return;
    for (const [k, v] of doc.entries) if (!memory.has(k)) remember(k, v);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') debug(`verdict cache unusable: ${(err as Error).message}`);
  }
}

/** Saves the remembered verdicts to `file` (temp file + rename); a failure is only logged, and leaves no temp file. */
export function saveVerdictFile(file: string): void {
  writeCacheFileSync(file, JSON.stringify({ format: FORMAT, version: validatorVersion(), entries: [...memory] }), 'verdict cache');
}

/** Forgets every remembered verdict and which files were read (tests). */
export function clearVerdictMemory(): void {
  memory.clear();
  loaded.clear();
}
