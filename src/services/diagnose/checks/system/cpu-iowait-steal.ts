/** CPU time lost waiting for disks (iowait) or taken by the hypervisor (steal), over one second. */
import { finding, pct, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { cpuShares, parseCpuStat } from '../../host/procfs.js';
import { sampleWindow, seconds, twoSamples } from '../../host/sample.js';
import type { Check, Finding } from '../../types.js';

const ID = 'cpu-iowait-steal';
/** Percent of CPU time; iowait above 20 % means the disks are the bottleneck, steal above 10 % an oversold host. */
export const IOWAIT = { warning: 20, critical: 50 };
export const STEAL = { warning: 10, critical: 30 };

const check: Check = {
  id: ID,
  title: t('CPU iowait and steal', 'Attente E/S et vol de CPU'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem() || !readText('/proc/stat')) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/stat is not readable', '/proc/stat est illisible'))];
    const window = sampleWindow(ctx);
    const [a, b] = await twoSamples(() => parseCpuStat(readText('/proc/stat') ?? ''), window, ctx.signal);
    if (!a || !b) return [skipped(ID, this.title, t('no cpu line in /proc/stat', 'pas de ligne cpu dans /proc/stat'))];
    const s = cpuShares(a, b);
    const evidence = t(`over ${seconds(window)}: iowait ${pct(s.iowait)}, steal ${pct(s.steal)}, busy ${pct(s.busy)}`, `sur ${seconds(window)} : iowait ${pct(s.iowait)}, vol ${pct(s.steal)}, occupé ${pct(s.busy)}`);
    const out: Finding[] = [];
    if (s.iowait >= IOWAIT.warning) {
      out.push(
        finding(
          ID,
          s.iowait >= IOWAIT.critical ? 'critical' : 'warning',
          t(`CPUs wait for disk ${s.iowait.toFixed(0)} % of the time`, `Les CPU attendent le disque ${s.iowait.toFixed(0)} % du temps`),
          evidence,
          t(
            'Find the disk and the process: iostat -x 1 (%util, await), iotop -o or pidstat -d 1. Usual causes: swapping, a backup or log flood, a dying disk (check dmesg for I/O errors), an overloaded network filesystem.',
            'Trouvez le disque et le processus : iostat -x 1 (%util, await), iotop -o ou pidstat -d 1. Causes habituelles : swap, sauvegarde ou avalanche de journaux, disque mourant (erreurs E/S dans dmesg), système de fichiers réseau surchargé.',
          ),
        ),
      );
    }
    if (s.steal >= STEAL.warning) {
      out.push(
        finding(
          ID,
          s.steal >= STEAL.critical ? 'critical' : 'warning',
          t(`The hypervisor steals ${s.steal.toFixed(0)} % of CPU time`, `L'hyperviseur vole ${s.steal.toFixed(0)} % du temps CPU`),
          evidence,
          t(
            'Other tenants use the physical CPUs this VM was promised. Move to a dedicated or larger instance type, or ask the provider; burstable instances (t2/t3) steal when credits run out.',
            "D'autres locataires utilisent les CPU physiques promis à cette VM. Passez à une instance dédiée ou plus grande, ou contactez l'hébergeur ; les instances à crédits (t2/t3) volent quand les crédits sont épuisés.",
          ),
        ),
      );
    }
    return out.length ? out : [finding(ID, 'ok', t('No iowait or steal pressure', "Pas de pression d'iowait ni de vol"), evidence)];
  },
};

export default check;
