/**
 * The process list from /proc (Linux). systeminformation's processes() runs `ps` plus a shell
 * reading every /proc/PID/stat on each call, which made the process list most of the monitor's
 * own cost; reading the files directly costs a few milliseconds. CPU % is the change in a
 * process's CPU time between two readings, in percent of one core (as top shows it).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { ByteScanner, readShort } from './proc-file.js';
import os from 'node:os';
import type { ProcessInfo } from './types.js';
import { oneLine } from '../../core/printable.js';

const USER_HZ = 100; // the kernel's fixed clock tick for /proc times on every mainstream architecture
let pageSize: number | undefined;
let users: Map<number, string> | undefined;

function pageBytes(): number {
  if (pageSize === undefined) {
    try {
      pageSize = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
    } catch {
      pageSize = 4096;
    }
  }
  return pageSize;
}

function userName(uid: number): string {
  if (!users) {
    users = new Map();
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const f = line.split(':');
        if (f.length > 2) users.set(Number(f[2]), f[0]);
      }
    } catch {
      // names stay numeric
    }
  }
  return users.get(uid) ?? String(uid);
}

export interface ProcReader {
  /**
   * Every process, with CPU % since the previous call (0 on the first); `user` and `command` are left
   * empty (see below). Undefined where /proc is unreadable.
   */
  read(): ProcessInfo[] | undefined;
  /** The full command line of a process (read only for the processes shown). */
  command(pid: number): string;
  /** The user owning a process (asked only for the processes shown: one stat() each). */
  user(pid: number): string;
}

/** A reader keeping the previous CPU times to compute rates. */
export function procReader(): ProcReader {
  let previous = new Map<number, { cpu: number; start: number }>();
  let previousAt = 0;
  return {
    read() {
      let pids: string[];
      try {
        pids = readdirSync('/proc');
      } catch {
        return undefined;
      }
      const now = Date.now();
      const seconds = previousAt ? (now - previousAt) / 1000 : 0;
      const total = os.totalmem();
      const page = pageBytes();
      const next = new Map<number, { cpu: number; start: number }>();
      const out: ProcessInfo[] = [];
      for (const d of pids) {
        const first = d.charCodeAt(0);
        if (first < 0x30 || first > 0x39) continue; // not a process directory
        const pid = Number(d);
        if (!Number.isInteger(pid)) continue;
        const stat = readShort(`/proc/${d}/stat`);
        if (!stat) continue; // exited between the listing and the read
        const { buf, length } = stat;
        // "pid (name) state ppid ...": the name may hold spaces and parentheses, so it ends at the last ')'.
        const close = buf.lastIndexOf(0x29, length - 1);
        const open = buf.indexOf(0x28);
        if (open < 0 || close < open) continue;
        const name = oneLine(buf.toString('utf8', open + 1, close));
        // fields after the name: state(0) ppid(1) ... utime(11) stime(12) ... starttime(19) vsize(20) rss(21)
        const s = new ByteScanner(buf, length);
        s.at = close + 4; // past ") S", at the space before ppid
        const f: number[] = [];
        for (let i = 1; i <= 21; i++) f.push(s.number());
        const cpuTicks = f[10] + f[11];
        const start = f[18];
        const rss = f[20] * page;
        if (Number.isNaN(cpuTicks) || Number.isNaN(rss)) continue;
        next.set(pid, { cpu: cpuTicks, start });
        const before = previous.get(pid);
        const cpu = before && before.start === start && seconds > 0 ? Math.max(0, ((cpuTicks - before.cpu) / USER_HZ / seconds) * 100) : 0;
        out.push({ pid, name, user: '', cpu: Math.round(cpu * 10) / 10, memory: Math.round((rss / total) * 1000) / 10, rss_bytes: rss, command: '' });
      }
      previous = next;
      previousAt = now;
      return out;
    },
    command(pid) {
      try {
        return oneLine(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')).trim().slice(0, 200);
      } catch {
        return '';
      }
    },
    user(pid) {
      try {
        return userName(statSync(`/proc/${pid}`).uid); // the owner of /proc/PID is the process's real user
      } catch {
        return '';
      }
    },
  };
}
