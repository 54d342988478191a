/** Parsers for /proc text formats (pure functions; fixtures recorded from real machines test them). */

/** "key value" lines (/proc/vmstat) or "Key:  value kB" lines (/proc/meminfo) into numbers (kB kept as kB). */
export function parseKeyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):?\s+(\d+)/.exec(line.trim());
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

/** /proc/net/netstat or /proc/net/snmp: pairs of header/value lines into "Prefix.Key" -> number. */
export function parseNetstat(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n').filter((l) => l.trim());
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const head = lines[i].split(/\s+/);
    const vals = lines[i + 1].split(/\s+/);
    const prefix = head[0].replace(/:$/, '');
    if (vals[0].replace(/:$/, '') !== prefix) continue;
    for (let k = 1; k < head.length; k++) out.set(`${prefix}.${head[k]}`, Number(vals[k]));
  }
  return out;
}

export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  total: number;
}

/** The aggregate "cpu" line of /proc/stat. */
export function parseCpuStat(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { user, nice, system, idle, iowait, irq, softirq, steal, total };
}

/** Percent of time spent in iowait and steal between two /proc/stat samples. */
export function cpuShares(a: CpuTimes, b: CpuTimes): { iowait: number; steal: number; busy: number } {
  const total = b.total - a.total;
  if (total <= 0) return { iowait: 0, steal: 0, busy: 0 };
  const share = (k: keyof CpuTimes) => (100 * (b[k] - a[k])) / total;
  return { iowait: share('iowait'), steal: share('steal'), busy: 100 - share('idle') - share('iowait') };
}

/** /proc/loadavg: the three load averages and the running/total task counts. */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number; running: number; tasks: number } | undefined {
  const m = /^([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)/.exec(text.trim());
  if (!m) return undefined;
  return { load1: Number(m[1]), load5: Number(m[2]), load15: Number(m[3]), running: Number(m[4]), tasks: Number(m[5]) };
}

export interface MountEntry {
  device: string;
  mountpoint: string;
  fstype: string;
  options: string[];
}

/** Unescapes the octal escapes of /proc/mounts (\040 for a space). */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** /proc/mounts (or /proc/self/mounts) lines. */
export function parseMounts(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 4)
    .map(([device, mountpoint, fstype, options]) => ({ device: unescapeMount(device), mountpoint: unescapeMount(mountpoint), fstype, options: options.split(',') }));
}

/** Kernel/pseudo filesystems that hold no user data (never "full", never worth a disk finding). */
const PSEUDO = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'securityfs', 'debugfs', 'tracefs', 'configfs', 'fusectl',
  'pstore', 'bpf', 'mqueue', 'hugetlbfs', 'autofs', 'binfmt_misc', 'rpc_pipefs', 'nsfs', 'efivarfs', 'selinuxfs',
  'fuse.gvfsd-fuse', 'fuse.portal', 'ramfs', 'overlay.lower', 'nfsd', 'rootfs',
]);
/** Filesystems that are full or read-only by design. */
const FULL_BY_DESIGN = new Set(['squashfs', 'iso9660', 'udf', 'erofs', 'cramfs']);

/** Mounts that hold data a full disk would hurt: no pseudo or read-only-by-design filesystems, one entry per mountpoint. */
export function dataMounts(mounts: readonly MountEntry[]): MountEntry[] {
  const seen = new Map<string, MountEntry>();
  for (const m of mounts) {
    if (PSEUDO.has(m.fstype) || FULL_BY_DESIGN.has(m.fstype)) continue;
    seen.set(m.mountpoint, m); // the last mount on a mountpoint is the visible one
  }
  return [...seen.values()];
}

/** Filesystem types that are writable by nature (so a read-only mount of one is worth a look). */
export const WRITABLE_DISK_FS = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'f2fs', 'jfs', 'reiserfs', 'vfat', 'exfat', 'ntfs', 'ntfs3', 'zfs', 'bcachefs', 'nfs', 'nfs4', 'cifs', 'overlay']);
