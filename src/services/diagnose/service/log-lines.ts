/** Error lines in service log files: level detection and timestamps of the common formats. */
import { open } from 'node:fs/promises';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The time of a log line (nginx, ISO 8601, Apache, syslog formats), or undefined. */
export function lineTime(line: string, now = new Date()): number | undefined {
  let m = /(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(line);
  if (m) {
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
    const tz = /\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})/.exec(line)?.[1];
    return Date.parse(tz ? `${iso}${tz}` : iso);
  }
  m = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?: (\d{4}))?/.exec(line);
  if (m) {
    const year = m[6] ? Number(m[6]) : now.getFullYear();
    const d = new Date(year, MONTHS.indexOf(m[1].toLowerCase()), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
    // syslog lines carry no year: a date in the future belongs to last year.
    if (!m[6] && d.getTime() > now.getTime() + 86_400_000) d.setFullYear(year - 1);
    return d.getTime();
  }
  return undefined;
}

const ERROR = /\[(error|crit|alert|emerg)\]|\b(ERROR|FATAL|CRITICAL|PANIC|EMERG|ALERT)\b|\b(error|fatal|panic|segfault|critical):/;

/** True for a line that reports an error (nginx/Apache levels, upper-case levels, "error:" prefixes). */
export function isErrorLine(line: string): boolean {
  return ERROR.test(line);
}

/** The last `maxBytes` of a file as lines (the first partial line dropped). */
export async function tailLines(file: string, maxBytes = 256 * 1024): Promise<string[]> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (start > 0) lines.shift();
    return lines.filter((l) => l.trim());
  } finally {
    await fh.close();
  }
}

/** Error lines newer than `since` (lines without a readable time are kept only if the file changed since then). */
export async function recentErrorLines(file: string, since: number, fileChanged: boolean): Promise<string[]> {
  return (await tailLines(file)).filter((l) => {
    if (!isErrorLine(l)) return false;
    const at = lineTime(l);
    return at === undefined ? fileChanged : at >= since;
  });
}
