/** File helpers: atomic writes (temp file + rename, via write-file-atomic) and line lookup for parse errors. */
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { explainFsError } from './fs-errors.js';
import { debug } from './log.js';

/**
 * Writes a file atomically, creating its directory; `mode` applies to the new file. On failure the
 * previous content is intact, the temp file is gone (write-file-atomic removes it), and the error
 * names the file (disk full, read-only...).
 */
export async function writeFileAtomically(file: string, data: string | Buffer, mode?: number): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, data, mode === undefined ? {} : { mode });
  } catch (err) {
    throw explainFsError(err, 'write', file) ?? err;
  }
}

/**
 * Writes a rebuildable cache file (temp file + rename, creating its directory) and never throws: the cache is an
 * optimisation, so a failure is only logged (`what` names the cache) - and it leaves no temp file, since a partial
 * one on a full disk is what keeps the disk full. No fsync: losing a cache to a crash costs one rebuild. Says whether it was written.
 */
export function writeCacheFileSync(file: string, data: string | Buffer, what: string): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileAtomic.sync(file, data, { fsync: false });
    return true;
  } catch (err) {
    debug(`${what} not written: ${(err as Error).message}`);
    return false;
  }
}

/** 1-based line and column of a character offset in text. */
export function lineOfOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Parses JSON; on failure throws a SyntaxError carrying `line` (1-based) when it can be found. */
export function parseJsonWithLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const lineCol = /line (\d+) column (\d+)/.exec(msg);
    const e = new SyntaxError(msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, ''));
    if (lineCol) (e as SyntaxError & { line?: number }).line = Number(lineCol[1]);
    else if (pos) (e as SyntaxError & { line?: number }).line = lineOfOffset(text, Number(pos[1])).line;
    else if (/Unexpected end of JSON input/.test(msg)) (e as SyntaxError & { line?: number }).line = text.split('\n').length;
    throw e;
  }
}
