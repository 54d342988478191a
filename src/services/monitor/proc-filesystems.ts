/**
 * Mounted filesystems from /proc/mounts and statfs (Linux). systeminformation's fsSize runs `df`
 * (and lsblk) on every call; statfs is a system call per mount.
 */
import { readFile, statfs } from 'node:fs/promises';
import type { FilesystemUsage } from './types.js';

/** Filesystems that hold data even though their source is not a /dev path. */
const NETWORK_OR_LAYERED = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'overlay', 'zfs', 'btrfs', 'fuse.sshfs', '9p', 'virtiofs', 'ceph', 'glusterfs']);

function unescapeMount(path: string): string {
  return path.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Data filesystems (block devices and network/layered ones), one per device, with sizes and inodes; undefined without /proc/mounts. */
export async function readFilesystems(file = '/proc/mounts'): Promise<FilesystemUsage[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const seen = new Set<string>();
  const out: FilesystemUsage[] = [];
  for (const line of text.split('\n')) {
    const [device, rawMount, type] = line.split(' ');
    if (!device || !rawMount || !type) continue;
    if (!device.startsWith('/') && !NETWORK_OR_LAYERED.has(type)) continue;
    const mount = unescapeMount(rawMount);
    // Bind mounts repeat a device (containers mount /etc/hosts from the root disk): keep its first mount.
    const key = NETWORK_OR_LAYERED.has(type) && !device.startsWith('/') ? `${type}:${device}:${mount}` : device;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const st = await statfs(mount);
      if (st.blocks === 0) continue;
      const size = st.blocks * st.bsize;
      const used = (st.blocks - st.bfree) * st.bsize;
      const available = st.bavail * st.bsize;
      // Like df: usage relative to what non-root users can reach (reserved blocks excluded).
      const usage = used + available > 0 ? (used / (used + available)) * 100 : 0;
      out.push({
        mount,
        fs: device,
        type,
        size,
        used,
        available,
        usage: Math.round(usage * 100) / 100,
        inodes: st.files > 0 ? { total: st.files, used: st.files - st.ffree, usage: Math.round(((st.files - st.ffree) / st.files) * 10000) / 100 } : null,
      });
    } catch {
      // unreadable mount (permissions, stale NFS): left out
    }
  }
  return out;
}
