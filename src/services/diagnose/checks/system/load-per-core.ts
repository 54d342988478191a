/** Load average per core, against the monitor's load levels. */
import os from 'node:os';
import { finding, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { parseLoadavg } from '../../host/procfs.js';
import { levels } from '../../thresholds.js';
import type { Check } from '../../types.js';

const ID = 'load-per-core';

const check: Check = {
  id: ID,
  title: t('Load per core', 'Charge par cœur'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const la = linuxProblem() ? undefined : parseLoadavg(readText('/proc/loadavg') ?? '');
    if (!la) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/loadavg is not readable', '/proc/loadavg est illisible'))];
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const per = la.load5 / cores;
    const lv = levels(ctx.config, 'load');
    const evidence = t(
      `load ${la.load1} / ${la.load5} / ${la.load15} (1/5/15 min) on ${cores} core(s): ${per.toFixed(2)} per core over 5 min (warning ${lv.warning}, critical ${lv.critical}); ${la.running} runnable of ${la.tasks} tasks`,
      `charge ${la.load1} / ${la.load5} / ${la.load15} (1/5/15 min) sur ${cores} cœur(s) : ${per.toFixed(2)} par cœur sur 5 min (avertissement ${lv.warning}, critique ${lv.critical}) ; ${la.running} exécutables sur ${la.tasks} tâches`,
    );
    if (per < lv.warning) return [finding(ID, 'ok', t('Load is within capacity', 'Charge dans la capacité'), evidence)];
    return [
      finding(
        ID,
        per >= lv.critical ? 'critical' : 'warning',
        t(`Load is ${per.toFixed(1)} per core`, `Charge de ${per.toFixed(1)} par cœur`),
        evidence,
        t(
          'Load counts runnable and I/O-blocked tasks. top (sort by CPU) shows CPU hogs; if CPU is idle, look at iowait and D-state processes (the cpu-iowait-steal and dstate-processes checks). Throttle or move the heavy job, or add cores.',
          "La charge compte les tâches exécutables et bloquées en E/S. top (tri par CPU) montre les gros consommateurs ; si le CPU est inactif, regardez l'iowait et les processus en état D (vérifications cpu-iowait-steal et dstate-processes). Bridez ou déplacez la tâche lourde, ou ajoutez des cœurs.",
        ),
      ),
    ];
  },
};

export default check;
