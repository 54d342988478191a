/** Parses `--since` values: a duration back from now (90s, 15m, 1h, 2d, 1w) or an ISO date/time. */
export function parseSince(value: string, now = new Date()): Date | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)$/i.exec(value.trim());
  if (m) {
    const unit: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400, w: 604800 };
    return new Date(now.getTime() - Number(m[1]) * unit[m[2].toLowerCase()] * 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const t = Date.parse(value.trim());
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  return undefined;
}
