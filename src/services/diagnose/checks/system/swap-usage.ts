/** Swap in use, against the monitor's swap levels. */
import { bytes, finding, pct, severityOf, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { parseKeyValues } from '../../host/procfs.js';
import { levels } from '../../thresholds.js';
import type { Check } from '../../types.js';

const ID = 'swap-usage';

const check: Check = {
  id: ID,
  title: t('Swap use', 'Utilisation du swap'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const text = linuxProblem() ? undefined : readText('/proc/meminfo');
    if (!text) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/meminfo is not readable', '/proc/meminfo est illisible'))];
    const mi = parseKeyValues(text);
    const total = (mi.get('SwapTotal') ?? 0) * 1024;
    const free = (mi.get('SwapFree') ?? 0) * 1024;
    if (total === 0) {
      return [finding(ID, 'info', t('No swap configured', 'Aucun swap configuré'), t('SwapTotal is 0 in /proc/meminfo: memory pressure goes straight to the OOM killer', "SwapTotal vaut 0 dans /proc/meminfo : une pénurie de mémoire mène directement à l'OOM killer"), t('That is a valid choice on servers; if OOM kills appear, add a small swap file (fallocate -l 2G /swapfile; mkswap; swapon) or more RAM.', "C'est un choix valable sur un serveur ; si des OOM apparaissent, ajoutez un petit fichier de swap (fallocate -l 2G /swapfile ; mkswap ; swapon) ou de la RAM."))];
    }
    const used = total - free;
    const usedPct = (100 * used) / total;
    const lv = levels(ctx.config, 'swap');
    const sev = severityOf(usedPct, lv.warning, lv.critical);
    const evidence = t(`${bytes(used)} of ${bytes(total)} swap used (${pct(usedPct)}; warning ${lv.warning} %, critical ${lv.critical} %)`, `${bytes(used)} de swap utilisés sur ${bytes(total)} (${pct(usedPct)} ; avertissement ${lv.warning} %, critique ${lv.critical} %)`);
    if (sev === 'ok') return [finding(ID, 'ok', t('Swap use is low', 'Swap peu utilisé'), evidence)];
    return [
      finding(
        ID,
        sev,
        t(`Swap is ${usedPct.toFixed(0)} % used`, `Swap utilisé à ${usedPct.toFixed(0)} %`),
        evidence,
        t(
          'Swap filled up at some point; it only hurts if pages move now (see the swap-activity check). Find the owners: grep VmSwap /proc/*/status | sort -k2 -n | tail. Free memory or restart the bloated process; swapoff -a && swapon -a empties swap if enough RAM is free.',
          "Le swap s'est rempli à un moment ; cela ne gêne que si des pages circulent maintenant (voir la vérification swap-activity). Trouvez les propriétaires : grep VmSwap /proc/*/status | sort -k2 -n | tail. Libérez de la mémoire ou redémarrez le processus gonflé ; swapoff -a && swapon -a vide le swap si assez de RAM est libre.",
        ),
      ),
    ];
  },
};

export default check;
