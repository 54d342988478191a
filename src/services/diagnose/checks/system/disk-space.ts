/** Disk space per data filesystem: warning at 90 %, critical at 98 % (or the user's filesystem levels). */
import { bytes, finding, pct, severityOf, skipped, t } from '../../finding.js';
import { filesystemUsage, readMounts } from '../../host/filesystems.js';
import { linuxProblem } from '../../host/platform.js';
import { diskLevels } from '../../thresholds.js';
import type { Check, Finding } from '../../types.js';

const ID = 'disk-space';

const check: Check = {
  id: ID,
  title: t('Disk space per filesystem', 'Espace disque par système de fichiers'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const problem = linuxProblem();
    const mounts = problem ? undefined : readMounts();
    if (!mounts) return [skipped(ID, this.title, problem ?? t('/proc/self/mounts is not readable', '/proc/self/mounts est illisible'))];
    const { usage } = await filesystemUsage(mounts);
    if (!usage.length) return [skipped(ID, this.title, t('no data filesystem found in /proc/self/mounts', 'aucun système de fichiers de données dans /proc/self/mounts'))];
    const lv = diskLevels(ctx.config);
    const out: Finding[] = [];
    for (const u of usage) {
      const sev = severityOf(u.usedPct, lv.warning, lv.critical);
      if (sev === 'ok') continue;
      const where = u.mount.mountpoint;
      out.push(
        finding(
          ID,
          sev,
          t(`${where} is ${u.usedPct.toFixed(0)} % full`, `${where} est plein à ${u.usedPct.toFixed(0)} %`),
          t(
            `${where} (${u.mount.fstype} on ${u.mount.device}): ${pct(u.usedPct)} used, ${bytes(u.availBytes)} free of ${bytes(u.sizeBytes)} (warning ${lv.warning} %, critical ${lv.critical} %)`,
            `${where} (${u.mount.fstype} sur ${u.mount.device}) : ${pct(u.usedPct)} utilisé, ${bytes(u.availBytes)} libres sur ${bytes(u.sizeBytes)} (avertissement ${lv.warning} %, critique ${lv.critical} %)`,
          ),
          t(
            `Find what grew: du -xh --max-depth=2 ${where} | sort -h | tail -20. Usual suspects: old logs (journalctl --vacuum-size=500M, logrotate), package caches (apt-get clean), container images (docker system prune), deleted files still held open (lsof +L1 | grep ${where}). Otherwise grow the volume.`,
            `Trouvez ce qui a grossi : du -xh --max-depth=2 ${where} | sort -h | tail -20. Suspects habituels : vieux journaux (journalctl --vacuum-size=500M, logrotate), caches de paquets (apt-get clean), images de conteneurs (docker system prune), fichiers supprimés encore ouverts (lsof +L1 | grep ${where}). Sinon agrandissez le volume.`,
          ),
        ),
      );
    }
    if (out.length) return out;
    const fullest = usage.reduce((a, b) => (b.usedPct > a.usedPct ? b : a));
    return [
      finding(
        ID,
        'ok',
        t(`Disk space fine on ${usage.length} filesystem(s)`, `Espace disque correct sur ${usage.length} système(s) de fichiers`),
        t(
          `fullest: ${fullest.mount.mountpoint} at ${pct(fullest.usedPct)} (${bytes(fullest.availBytes)} free)`,
          `le plus rempli : ${fullest.mount.mountpoint} à ${pct(fullest.usedPct)} (${bytes(fullest.availBytes)} libres)`,
        ),
      ),
    ];
  },
};

export default check;
