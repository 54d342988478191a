/**
 * CPU time from /proc/stat (Linux). systeminformation's currentLoad spawns a shell on every call
 * on Linux and does not report IO wait; reading the file directly is cheaper and more complete.
 * Other systems fall back to systeminformation (see sampler.ts).
 */
import { ByteScanner, procFile, type ProcBytes } from './proc-file.js';

export interface Ticks {
  user: number;
  system: number;
  idle: number;
  iowait: number;
  steal: number;
  total: number;
}

/** Index -1 is the "cpu" total line, 0..n-1 the cores. */
export type CpuTicks = Map<number, Ticks>;

export interface CpuPercent {
  usage: number;
  user: number;
  system: number;
  iowait: number;
  steal: number;
}

/** Reads cumulative CPU ticks; undefined where /proc/stat does not exist. */
export async function readCpuTicks(file = '/proc/stat'): Promise<CpuTicks | undefined> {
  const bytes = procFile(file).read();
  return bytes && parseCpuLines(bytes);
}

/** Parses the cpu lines of /proc/stat. */
export function parseProcStat(text: string): CpuTicks {
  const buf = Buffer.from(text, 'latin1');
  return parseCpuLines({ buf, length: buf.length });
}

function parseCpuLines({ buf, length }: ProcBytes): CpuTicks {
  const out: CpuTicks = new Map();
  const s = new ByteScanner(buf, length);
  do {
    // The cpu lines come first; the rest of the file (interrupt counts, thousands of them) is not needed.
    if (!s.startsWith('cpu')) {
      if (out.size > 0) break;
      continue;
    }
    s.at += 3;
    const core = buf[s.at] === 0x20 ? -1 : s.number();
    if (Number.isNaN(core)) continue;
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already counted in user.
    const f = (): number => {
      const v = s.number();
      return Number.isNaN(v) ? 0 : v;
    };
    const user = f(), nice = f(), system = f(), idle = f(), iowait = f(), irq = f(), softirq = f(), steal = f();
    out.set(core, { user: user + nice, system: system + irq + softirq, idle, iowait, steal, total: user + nice + system + idle + iowait + irq + softirq + steal });
  } while (s.nextLine());
  return out;
}

/** Percentages of a core (or -1 for all) between two readings; busy time excludes idle and IO wait, as top does. */
export function cpuPercent(previous: CpuTicks | undefined, current: CpuTicks | undefined, core: number): CpuPercent | undefined {
  const a = previous?.get(core);
  const b = current?.get(core);
  if (!a || !b) return undefined;
  const total = b.total - a.total;
  if (total <= 0) return { usage: 0, user: 0, system: 0, iowait: 0, steal: 0 };
  const pct = (x: number, y: number) => Math.max(0, Math.min(100, ((x - y) / total) * 100));
  const idle = pct(b.idle, a.idle);
  const iowait = pct(b.iowait, a.iowait);
  return { usage: Math.max(0, 100 - idle - iowait), user: pct(b.user, a.user), system: pct(b.system, a.system), iowait, steal: pct(b.steal, a.steal) };
}
