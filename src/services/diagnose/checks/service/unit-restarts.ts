/** Restarts counted by systemd and the last exit status of the main process. */
import { finding, skipped, t } from '../../finding.js';
import { serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check, Finding } from '../../types.js';

const ID = 'unit-restarts';
/** A service that restarted this often since it was started is crash-looping. */
export const RESTARTS = { warning: 1, critical: 5 };

const check: Check = {
  id: ID,
  title: t('Restarts and last exit status', 'Redémarrages et dernier code de sortie'),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    if (!s.unit) return [skipped(ID, this.title, s.unitProblem ?? t('no systemd unit', "pas d'unité systemd"))];
    return unitRestartFindings(s.unit, s.name);
  },
};

/** Findings for a unit's restart counter and main process exit. */
export function unitRestartFindings(unit: Map<string, string>, name: string): Finding[] {
  const id = unit.get('Id') ?? name;
  const restarts = Number(unit.get('NRestarts') ?? '0') || 0;
  const code = unit.get('ExecMainCode') ?? '0';
  const status = Number(unit.get('ExecMainStatus') ?? '0') || 0;
  // ExecMainCode: 1 = exited, 2 = killed, 3 = dumped core (CLD_* values).
  const how = code === '1' ? t(`exited with status ${status}`, `sorti avec le code ${status}`) : code === '2' ? t(`killed by signal ${status}`, `tué par le signal ${status}`) : code === '3' ? t(`dumped core (signal ${status})`, `a produit un core dump (signal ${status})`) : t('has not exited', "n'est pas sorti");
  const evidence = t(`${id}: NRestarts=${restarts}; main process (pid ${unit.get('ExecMainPID') || '-'}) ${how}`, `${id} : NRestarts=${restarts} ; processus principal (pid ${unit.get('ExecMainPID') || '-'}) ${how}`);
  const out: Finding[] = [];
  const fixLogs = t(`Read the last crash: journalctl -u ${id} -n 100 --no-pager | grep -iE "error|fatal|exit|killed"; check memory (OOM) with cloudya diagnose system --only oom-kills.`, `Lisez le dernier plantage : journalctl -u ${id} -n 100 --no-pager | grep -iE "error|fatal|exit|killed" ; vérifiez la mémoire (OOM) avec cloudya diagnose system --only oom-kills.`);
  if (restarts >= RESTARTS.warning) {
    out.push(finding(ID, restarts >= RESTARTS.critical ? 'critical' : 'warning', t(`${id} restarted ${restarts} time(s)`, `${id} a redémarré ${restarts} fois`), evidence, fixLogs));
  }
  if ((code === '1' && status !== 0) || code === '2' || code === '3') {
    const benign = code === '2' && (status === 15 || status === 1); // SIGTERM/SIGHUP from a normal stop or reload
    if (!benign) out.push(finding(ID, 'warning', t(`Last run of ${id} ${how}`, `Le dernier lancement de ${id} : ${how}`), evidence, fixLogs));
  }
  return out.length ? out : [finding(ID, 'ok', t(`${id}: no restart, clean exit status`, `${id} : aucun redémarrage, sortie propre`), evidence)];
}

export default check;
