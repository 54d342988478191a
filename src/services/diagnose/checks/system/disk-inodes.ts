/** Inode use per data filesystem: a disk with free space but no free inode refuses new files. */
import { finding, pct, severityOf, skipped, t } from '../../finding.js';
import { filesystemUsage, readMounts } from '../../host/filesystems.js';
import { linuxProblem } from '../../host/platform.js';
import { diskLevels } from '../../thresholds.js';
import type { Check, Finding } from '../../types.js';

const ID = 'disk-inodes';

const check: Check = {
  id: ID,
  title: t('Inodes per filesystem', 'Inodes par système de fichiers'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const problem = linuxProblem();
    const mounts = problem ? undefined : readMounts();
    if (!mounts) return [skipped(ID, this.title, problem ?? t('/proc/self/mounts is not readable', '/proc/self/mounts est illisible'))];
    const { usage } = await filesystemUsage(mounts);
    // btrfs, zfs and some others report 0 inodes: they allocate them dynamically.
    const counted = usage.filter((u) => u.inodes > 0);
    if (!counted.length) return [skipped(ID, this.title, t('no filesystem here reports a fixed inode count', "aucun système de fichiers ici n'a un nombre fixe d'inodes"))];
    const lv = diskLevels(ctx.config);
    const out: Finding[] = [];
    for (const u of counted) {
      const sev = severityOf(u.inodesPct, lv.warning, lv.critical);
      if (sev === 'ok') continue;
      const where = u.mount.mountpoint;
      out.push(
        finding(
          ID,
          sev,
          t(`${where} has used ${u.inodesPct.toFixed(0)} % of its inodes`, `${where} a utilisé ${u.inodesPct.toFixed(0)} % de ses inodes`),
          t(
            `${where} (${u.mount.fstype}): ${u.inodesUsed} of ${u.inodes} inodes used (${pct(u.inodesPct)}); ${u.inodes - u.inodesUsed} left`,
            `${where} (${u.mount.fstype}) : ${u.inodesUsed} inodes utilisés sur ${u.inodes} (${pct(u.inodesPct)}) ; ${u.inodes - u.inodesUsed} restants`,
          ),
          t(
            `Millions of small files are the cause: find the directory with du --inodes -x ${where} | sort -n | tail -20 (session files, mail queues, cache directories), delete or archive them; long term, recreate the filesystem with more inodes (mkfs.ext4 -i).`,
            `Des millions de petits fichiers en sont la cause : trouvez le dossier avec du --inodes -x ${where} | sort -n | tail -20 (sessions, files de mails, caches), supprimez-les ou archivez-les ; à terme, recréez le système de fichiers avec plus d'inodes (mkfs.ext4 -i).`,
          ),
        ),
      );
    }
    if (out.length) return out;
    const fullest = counted.reduce((a, b) => (b.inodesPct > a.inodesPct ? b : a));
    return [
      finding(
        ID,
        'ok',
        t(`Inodes fine on ${counted.length} filesystem(s)`, `Inodes corrects sur ${counted.length} système(s) de fichiers`),
        t(`highest: ${fullest.mount.mountpoint} at ${pct(fullest.inodesPct)}`, `le plus haut : ${fullest.mount.mountpoint} à ${pct(fullest.inodesPct)}`),
      ),
    ];
  },
};

export default check;
