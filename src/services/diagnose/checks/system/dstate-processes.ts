/** Processes stuck in uninterruptible sleep (state D): blocked on I/O, often a dead disk or NFS server. */
import { finding, skipped, t } from '../../finding.js';
import { linuxProblem } from '../../host/platform.js';
import { sampleWindow, seconds } from '../../host/sample.js';
import { describeByParent, persistentInState } from '../../host/stuck.js';
import type { Check } from '../../types.js';

const ID = 'dstate-processes';

const check: Check = {
  id: ID,
  title: t('Processes blocked in I/O (D state)', 'Processus bloqués en E/S (état D)'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    const stuck = await persistentInState('D', sampleWindow(ctx), ctx.signal);
    if (!stuck.length) return [finding(ID, 'ok', t('No process blocked in D state', 'Aucun processus bloqué en état D'), t(`no process stayed in state D over ${seconds(sampleWindow(ctx))}`, `aucun processus n'est resté en état D pendant ${seconds(sampleWindow(ctx))}`))];
    return [
      finding(
        ID,
        stuck.length >= 5 ? 'critical' : 'warning',
        t(`${stuck.length} process(es) stuck in uninterruptible I/O`, `${stuck.length} processus bloqué(s) en E/S non interruptible`),
        describeByParent(stuck).join('\n'),
        t(
          'D-state processes cannot be killed; the I/O they wait for must finish. Look at where they sleep (cat /proc/PID/stack), the kernel log for disk or NFS errors (dmesg -T | tail -50), and hung mounts (an unreachable NFS server: umount -f -l the mount).',
          "Les processus en état D ne peuvent pas être tués ; l'E/S attendue doit se terminer. Regardez où ils dorment (cat /proc/PID/stack), le journal noyau pour des erreurs disque ou NFS (dmesg -T | tail -50) et les montages figés (serveur NFS injoignable : umount -f -l du montage).",
        ),
      ),
    ];
  },
};

export default check;
