/** Filesystem and block I/O errors: ext4 error counters in /sys and error lines in the kernel log. */
import { finding, skipped, t } from '../../finding.js';
import { listDir, readNumber, readText } from '../../host/files.js';
import { readKernelLog } from '../../host/kernel-log.js';
import { linuxProblem } from '../../host/platform.js';
import type { Check } from '../../types.js';

const ID = 'filesystem-errors';

const ERROR_LINE = /EXT[234]-fs error|EXT[234]-fs warning.*(error|corrupt)|XFS \(.*\): (Corruption|metadata I\/O error|Filesystem has been shut down|log I\/O error)|BTRFS (error|critical)|Buffer I\/O error|blk_update_request: (critical|I\/O) error|I\/O error, dev|Remounting filesystem read-only|EXT4-fs \(.*\): Remounting|SCSI error|ata\d+.*(failed command|exception Emask)|nvme.*(I\/O.*(error|timeout)|controller is down)/i;

/** Kernel log lines that report filesystem or disk errors. */
export function filesystemErrorLines(lines: readonly string[]): string[] {
  return lines.filter((l) => ERROR_LINE.test(l));
}

/** ext4 error counters from /sys/fs/ext4/<dev>/errors_count with the first error's function. */
export function ext4Errors(root = '/sys/fs/ext4'): { device: string; count: number; firstFunc?: string; lastFunc?: string }[] {
  return listDir(root)
    .filter((d) => d !== 'features')
    .map((device) => ({
      device,
      count: readNumber(`${root}/${device}/errors_count`) ?? 0,
      firstFunc: readText(`${root}/${device}/first_error_func`)?.trim() || undefined,
      lastFunc: readText(`${root}/${device}/last_error_func`)?.trim() || undefined,
    }))
    .filter((e) => e.count > 0);
}

const check: Check = {
  id: ID,
  title: t('Filesystem and disk errors', 'Erreurs de système de fichiers et de disque'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    const ext4 = ext4Errors();
    const log = await readKernelLog(ctx.signal);
    const lines = 'lines' in log ? filesystemErrorLines(log.lines) : [];
    if (!ext4.length && !('lines' in log) && !listDir('/sys/fs/ext4').length) {
      return [skipped(ID, this.title, t(`no kernel log (${log.reason}) and no ext4 error counters to read`, `pas de journal noyau (${log.reason}) ni de compteurs d'erreurs ext4 à lire`))];
    }
    const sources = ['lines' in log ? t(`kernel log from ${log.source}`, `journal noyau depuis ${log.source}`) : t(`kernel log unreadable (${log.reason})`, `journal noyau illisible (${log.reason})`), `/sys/fs/ext4/*/errors_count`].join(', ');
    if (!ext4.length && !lines.length) return [finding(ID, 'ok', t('No filesystem or disk error reported', 'Aucune erreur de système de fichiers ou de disque'), t(`checked: ${sources}`, `vérifié : ${sources}`))];
    const evidence = [
      ...ext4.map((e) => t(`ext4 ${e.device}: ${e.count} error(s) recorded (first in ${e.firstFunc ?? '?'}, last in ${e.lastFunc ?? '?'})`, `ext4 ${e.device} : ${e.count} erreur(s) enregistrée(s) (première dans ${e.firstFunc ?? '?'}, dernière dans ${e.lastFunc ?? '?'})`)),
      ...lines.slice(-8),
    ].join('\n');
    return [
      finding(
        ID,
        'critical',
        t(`Filesystem or disk errors reported (${ext4.reduce((a, e) => a + e.count, 0) + lines.length})`, `Erreurs de système de fichiers ou de disque signalées (${ext4.reduce((a, e) => a + e.count, 0) + lines.length})`),
        evidence,
        t(
          'Back up what matters first. Check the disk health (smartctl -a /dev/DEVICE, nvme smart-log), then unmount and repair (fsck -f for ext4, xfs_repair for XFS) - on a VM, ask the provider about the volume. Replace the disk if SMART reports reallocated or pending sectors.',
          "Sauvegardez d'abord ce qui compte. Vérifiez la santé du disque (smartctl -a /dev/DISQUE, nvme smart-log), puis démontez et réparez (fsck -f pour ext4, xfs_repair pour XFS) - sur une VM, interrogez l'hébergeur sur le volume. Remplacez le disque si SMART signale des secteurs réalloués ou en attente.",
        ),
      ),
    ];
  },
};

export default check;
