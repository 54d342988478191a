/** Processes from /proc: state, parent, name, command line, CPU time, memory and open files. */
import { readlinkSync } from 'node:fs';
import { listDir, readText } from './files.js';

export interface ProcStat {
  pid: number;
  comm: string;
  /** R running, S sleeping, D uninterruptible (usually I/O), Z zombie, T stopped, I idle kernel thread. */
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  threads: number;
  starttime: number;
  rssPages: number;
}

/** One /proc/PID/stat line (the name may hold spaces and parentheses, hence the last ")"). */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  const f = text.slice(close + 2).trim().split(/\s+/);
  // f[0] is field 3 (state); field n is f[n - 3].
  return {
    pid,
    comm,
    state: f[0],
    ppid: Number(f[1]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    threads: Number(f[17]),
    starttime: Number(f[19]),
    rssPages: Number(f[21]),
  };
}

/** Every process visible in /proc (those vanishing while we read are simply absent). */
export function listProcesses(proc = '/proc'): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of listDir(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    const text = readText(`${proc}/${entry}/stat`);
    const stat = text ? parseProcStat(text) : undefined;
    if (stat) out.push(stat);
  }
  return out;
}

/** A process's command line with NULs as spaces ("" for kernel threads or vanished processes). */
export function cmdline(pid: number, proc = '/proc'): string {
  return (readText(`${proc}/${pid}/cmdline`) ?? '').replace(/\0+$/, '').replace(/\0/g, ' ');
}

/** Number of open file descriptors of a process, or undefined without permission. */
export function openFiles(pid: number, proc = '/proc'): number | undefined {
  const entries = listDir(`${proc}/${pid}/fd`);
  return entries.length ? entries.length : readText(`${proc}/${pid}/status`) === undefined ? undefined : 0;
}

/** The soft "Max open files" limit of a process. */
export function maxOpenFiles(pid: number, proc = '/proc'): number | undefined {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readText(`${proc}/${pid}/limits`) ?? '');
  if (!m) return undefined;
  return m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

/** Socket inodes a process holds ("socket:[12345]" links in /proc/PID/fd). */
export function socketInodes(pid: number, proc = '/proc'): Set<number> {
  const out = new Set<number>();
  for (const fd of listDir(`${proc}/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${proc}/${pid}/fd/${fd}`));
      if (m) out.add(Number(m[1]));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}
