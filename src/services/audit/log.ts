/**
 * The append-only audit log. Each entry is redacted, serialised to one line and written with a
 * single write() on a descriptor opened with O_APPEND, so concurrent processes never interleave
 * (Linux serialises appends per inode); lines are capped so one write always carries one line.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { explainFsError } from '../../core/fs-errors.js';
import { userPaths } from '../../core/paths.js';
import { redact } from '../../core/redact.js';
import type { Reason } from '../safety/types.js';
import type { AuditEntry, AuditInput } from './types.js';

const MAX_LINE = 60 * 1024;

function userName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? String(process.getuid?.() ?? 'unknown');
  }
}

function redactReasons(reasons: Reason[] | undefined): Reason[] | undefined {
  return reasons?.map((r) => ({ ...r, message: redact(r.message), ...(r.part === undefined ? {} : { part: redact(r.part) }) }));
}

/** The redacted entry as it will be stored. */
export function toAuditEntry(input: AuditInput, env: NodeJS.ProcessEnv = process.env, now = new Date()): AuditEntry {
  return {
    time: now.toISOString(),
    user: userName(env),
    host: os.hostname(),
    pid: process.pid,
    ...input,
    command: redact(input.command),
    ...(input.reasons ? { reasons: redactReasons(input.reasons) } : {}),
    ...(input.error ? { error: redact(input.error) } : {}),
  };
}

/** Serialises an entry to exactly one line (long commands and reason lists are shortened). */
export function auditLine(entry: AuditEntry): string {
  let line = JSON.stringify(entry);
  if (line.length > MAX_LINE) {
    const cut: AuditEntry = { ...entry, command: `${entry.command.slice(0, 4000)}… [${entry.command.length} chars]`, reasons: entry.reasons?.slice(0, 20) };
    line = JSON.stringify(cut);
    if (line.length > MAX_LINE) line = JSON.stringify({ ...cut, reasons: undefined });
  }
  return `${line}\n`;
}

/** Appends one entry to the audit log (creating ~/.cloudya with mode 0700 and the log with 0600). */
export function appendAudit(input: AuditInput, env: NodeJS.ProcessEnv = process.env): AuditEntry {
  const file = userPaths(env).audit;
  const dir = path.dirname(file);
  const entry = toAuditEntry(input, env);
  const buf = Buffer.from(auditLine(entry), 'utf8');
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(file, 'a', 0o600);
    try {
      // One write() of the whole line; a short write on a regular file only happens when the disk is full.
      const n = writeSync(fd, buf, 0, buf.length);
      if (n !== buf.length) throw Object.assign(new Error(`short write (${n}/${buf.length} bytes)`), { code: 'ENOSPC' });
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    // Never silent and never anonymous: the caller reports that the audit log missed an entry, and where.
    throw explainFsError(err, 'write', file) ?? err;
  }
  return entry;
}

export interface ReadAuditOptions {
  since?: Date;
  limit?: number;
}

export interface ReadAuditResult {
  entries: AuditEntry[];
  /** Lines that are not valid JSON or not an entry (reported, never deleted). */
  badLines: number[];
  file: string;
}

/** True for a parsed line that has what every entry has (time, source, event, command). */
function isEntry(e: unknown): e is AuditEntry {
  const x = e as Partial<Record<keyof AuditEntry, unknown>> | null;
  return !!x && typeof x === 'object' && ['time', 'source', 'event', 'command'].every((k) => typeof x[k as keyof AuditEntry] === 'string');
}

/** Reads entries (oldest first), optionally only those at or after `since`, keeping the last `limit`. */
export function readAudit(env: NodeJS.ProcessEnv = process.env, opts: ReadAuditOptions = {}): ReadAuditResult {
  const file = userPaths(env).audit;
  if (!existsSync(file)) return { entries: [], badLines: [], file };
  const entries: AuditEntry[] = [];
  const badLines: number[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const e = JSON.parse(line) as AuditEntry;
        // A line cut short or edited by hand is reported like unparsable JSON, never rendered half.
        if (!isEntry(e)) throw new Error('not an audit entry');
        if (opts.since && !(Date.parse(e.time) >= opts.since.getTime())) return;
        entries.push(e);
      } catch {
        badLines.push(i + 1);
      }
    });
  return { entries: opts.limit ? entries.slice(-opts.limit) : entries, badLines, file };
}
