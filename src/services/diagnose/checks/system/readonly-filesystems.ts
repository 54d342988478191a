/** Writable filesystems mounted read-only: usually the kernel remounted them after an error. */
import { finding, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { readMounts } from '../../host/filesystems.js';
import { linuxProblem } from '../../host/platform.js';
import { WRITABLE_DISK_FS, type MountEntry } from '../../host/procfs.js';
import type { Check, Finding } from '../../types.js';

const ID = 'readonly-filesystems';
/** Mountpoints whose loss of writes breaks the system itself (logs, packages, temp files, homes). */
const VITAL = new Set(['/', '/var', '/var/log', '/var/lib', '/tmp', '/home', '/srv', '/opt', '/usr']);

/** Mountpoints /etc/fstab mounts read-only on purpose. */
export function fstabReadOnly(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 4 && !f[0].startsWith('#') && f[3].split(',').includes('ro')) out.add(f[1]);
  }
  return out;
}

/** Read-only mounts of writable filesystem types, minus the ones fstab makes read-only. */
export function unexpectedReadOnly(mounts: readonly MountEntry[], intended: Set<string>): MountEntry[] {
  return mounts.filter((m) => m.options.includes('ro') && WRITABLE_DISK_FS.has(m.fstype) && !intended.has(m.mountpoint));
}

const check: Check = {
  id: ID,
  title: t('Read-only filesystems', 'Systèmes de fichiers en lecture seule'),
  applies: (ctx) => ctx.kind === 'system',
  async run() {
    const mounts = linuxProblem() ? undefined : readMounts();
    if (!mounts) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/self/mounts is not readable', '/proc/self/mounts est illisible'))];
    const ro = unexpectedReadOnly(mounts, fstabReadOnly(readText('/etc/fstab') ?? ''));
    if (!ro.length) {
      return [finding(ID, 'ok', t('No writable filesystem mounted read-only', 'Aucun système de fichiers inscriptible monté en lecture seule'), t(`${mounts.filter((m) => WRITABLE_DISK_FS.has(m.fstype)).length} disk-backed mount(s) checked in /proc/self/mounts`, `${mounts.filter((m) => WRITABLE_DISK_FS.has(m.fstype)).length} montage(s) sur disque vérifié(s) dans /proc/self/mounts`))];
    }
    const out: Finding[] = [];
    for (const m of ro) {
      const vital = VITAL.has(m.mountpoint);
      out.push(
        finding(
          ID,
          vital ? 'critical' : 'warning',
          t(`${m.mountpoint} is mounted read-only`, `${m.mountpoint} est monté en lecture seule`),
          `${m.device} ${m.mountpoint} ${m.fstype} ${m.options.join(',')} (/proc/self/mounts)${t('; not marked ro in /etc/fstab', '; non marqué ro dans /etc/fstab')}`,
          t(
            `Writes to ${m.mountpoint} fail. If the kernel remounted it after an error, see dmesg -T | grep -iE "remount|error" and run fsck on ${m.device} before remounting (mount -o remount,rw ${m.mountpoint}); a failing disk needs replacing. If it is read-only on purpose (bind mount, container volume), add ro to its /etc/fstab line.`,
            `Les écritures sur ${m.mountpoint} échouent. Si le noyau l'a remonté après une erreur, voyez dmesg -T | grep -iE "remount|error" et lancez fsck sur ${m.device} avant de remonter (mount -o remount,rw ${m.mountpoint}) ; un disque défaillant doit être remplacé. Si c'est voulu (montage lié, volume de conteneur), ajoutez ro à sa ligne /etc/fstab.`,
          ),
        ),
      );
    }
    return out;
  },
};

export default check;
