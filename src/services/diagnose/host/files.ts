/** Reading /proc, /sys and /etc without throwing: absent or unreadable files read as undefined. */
import { readFileSync, readdirSync } from 'node:fs';

/** A file's text, or undefined when it is missing or unreadable. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A directory's entries, or [] when it is missing or unreadable. */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** An integer read from a one-number file (/proc/sys/...), or undefined. */
export function readNumber(file: string): number | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : undefined;
}
