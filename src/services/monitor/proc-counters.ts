/**
 * Network and disk byte counters from /proc (Linux). systeminformation's networkStats and fsStats
 * spawn shells (cat, lsblk) on every call there; a monitor ticking every second should not.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Cumulative bytes per interface from /proc/net/dev (loopback left out); undefined when unreadable. */
export async function readNetDev(file = '/proc/net/dev'): Promise<Map<string, { rx: number; tx: number }> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const out = new Map<string, { rx: number; tx: number }>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === 'lo') continue;
    const f = m[2].trim().split(/\s+/).map(Number);
    // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes ...
    if (f.length >= 9) out.set(m[1], { rx: f[0], tx: f[8] });
  }
  return out;
}

let physicalDisks: Set<string> | undefined;

/** Whole physical disks (a /sys/block entry with a device), so partitions and device-mapper layers are not counted twice. */
function disks(): Set<string> {
  if (!physicalDisks) {
    physicalDisks = new Set();
    try {
      for (const name of readdirSync('/sys/block')) if (existsSync(`/sys/block/${name}/device`)) physicalDisks.add(name);
    } catch {
      // no /sys: counters stay empty, rates 0
    }
  }
  return physicalDisks;
}

/** Cumulative bytes read and written by physical disks, from /proc/diskstats (512-byte sectors). */
export async function readDiskBytes(file = '/proc/diskstats'): Promise<{ read: number; write: number } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const whole = disks();
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !whole.has(f[2])) continue;
    read += Number(f[5]) * 512;
    write += Number(f[9]) * 512;
  }
  return { read, write };
}
