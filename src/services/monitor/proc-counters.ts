/**
 * Network and disk byte counters from /proc (Linux). systeminformation's networkStats and fsStats
 * spawn shells (cat, lsblk) on every call there; a monitor ticking every second should not.
 */
import { existsSync, readdirSync } from 'node:fs';
import { ByteScanner, procFile } from './proc-file.js';

/** Cumulative bytes per interface from /proc/net/dev (loopback left out); undefined when unreadable. */
export async function readNetDev(file = '/proc/net/dev'): Promise<Map<string, { rx: number; tx: number }> | undefined> {
  const bytes = procFile(file).read();
  if (!bytes) return undefined;
  const { buf, length } = bytes;
  const out = new Map<string, { rx: number; tx: number }>();
  const s = new ByteScanner(buf, length);
  do {
    // "  eth0: rx_bytes packets errs drop fifo frame compressed multicast tx_bytes ..." (two header lines have no colon)
    s.skipBlanks();
    const nameStart = s.at;
    while (s.at < length && buf[s.at] !== 0x3a && buf[s.at] !== 0x0a && buf[s.at] !== 0x20) s.at++;
    if (buf[s.at] !== 0x3a || s.at === nameStart) continue;
    const iface = buf.toString('latin1', nameStart, s.at);
    if (iface === 'lo') continue;
    s.at++;
    const rx = s.number();
    for (let i = 0; i < 7; i++) s.number();
    const tx = s.number();
    if (!Number.isNaN(rx) && !Number.isNaN(tx)) out.set(iface, { rx, tx });
  } while (s.nextLine());
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
  const bytes = procFile(file).read();
  if (!bytes) return undefined;
  const { buf, length } = bytes;
  const whole = disks();
  let read = 0;
  let write = 0;
  const s = new ByteScanner(buf, length);
  do {
    // major minor name reads merged sectors_read ms writes merged sectors_written ...
    if (Number.isNaN(s.number()) || Number.isNaN(s.number())) continue;
    s.skipBlanks();
    const nameStart = s.at;
    while (s.at < length && buf[s.at] !== 0x20 && buf[s.at] !== 0x0a) s.at++;
    if (!whole.has(buf.toString('latin1', nameStart, s.at))) continue;
    const f: number[] = [];
    for (let i = 0; i < 7; i++) f.push(s.number());
    if (Number.isNaN(f[6])) continue;
    read += f[2] * 512;
    write += f[6] * 512;
  } while (s.nextLine());
  return { read, write };
}
