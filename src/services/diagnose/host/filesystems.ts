/** Space and inode usage of the data filesystems (what df shows), read with statfs. */
import { statfs } from 'node:fs/promises';
import { readText } from './files.js';
import { dataMounts, parseMounts, type MountEntry } from './procfs.js';

export interface FsUsage {
  mount: MountEntry;
  sizeBytes: number;
  usedBytes: number;
  availBytes: number;
  /** df's Use%: used / (used + available to unprivileged users). */
  usedPct: number;
  inodes: number;
  inodesUsed: number;
  inodesPct: number;
}

/** Usage from a statfs result (df's arithmetic). */
export function usageOf(mount: MountEntry, st: { bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number }): FsUsage {
  const used = (st.blocks - st.bfree) * st.bsize;
  const avail = st.bavail * st.bsize;
  const inodesUsed = st.files - st.ffree;
  return {
    mount,
    sizeBytes: st.blocks * st.bsize,
    usedBytes: used,
    availBytes: avail,
    usedPct: used + avail > 0 ? (100 * used) / (used + avail) : 0,
    inodes: st.files,
    inodesUsed,
    inodesPct: st.files > 0 ? (100 * inodesUsed) / st.files : 0,
  };
}

/** The mounts of this host (from /proc/self/mounts), or undefined when not readable. */
export function readMounts(): MountEntry[] | undefined {
  const text = readText('/proc/self/mounts') ?? readText('/proc/mounts');
  return text === undefined ? undefined : parseMounts(text);
}

/** Usage of every data filesystem with a size (size-0 pseudo mounts dropped); unreadable mounts are listed apart. */
export async function filesystemUsage(mounts: readonly MountEntry[]): Promise<{ usage: FsUsage[]; unreadable: { mount: MountEntry; reason: string }[] }> {
  const usage: FsUsage[] = [];
  const unreadable: { mount: MountEntry; reason: string }[] = [];
  await Promise.all(
    dataMounts(mounts).map(async (mount) => {
      try {
        const st = await statfs(mount.mountpoint);
        if (st.blocks > 0) usage.push(usageOf(mount, st));
      } catch (err) {
        unreadable.push({ mount, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      }
    }),
  );
  usage.sort((a, b) => a.mount.mountpoint.localeCompare(b.mount.mountpoint));
  return { usage, unreadable };
}
