/** Whether the unit starts at boot. */
import { finding, skipped, t } from '../../finding.js';
import { serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check, Finding } from '../../types.js';

const ID = 'unit-enabled';

const check: Check = {
  id: ID,
  title: t('Starts at boot', 'Démarre au boot'),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    if (!s.unit) return [skipped(ID, this.title, s.unitProblem ?? t('no systemd unit', "pas d'unité systemd"))];
    return unitEnabledFindings(s.unit, s.name);
  },
};

/** Findings for a unit's UnitFileState. */
export function unitEnabledFindings(unit: Map<string, string>, name: string): Finding[] {
  const id = unit.get('Id') ?? name;
  const state = unit.get('UnitFileState') ?? '';
  const evidence = `${id}: UnitFileState=${state || '(empty)'}`;
  if (['enabled', 'enabled-runtime', 'static', 'indirect', 'alias', 'generated', 'transient'].includes(state)) {
    return [finding(ID, 'ok', t(`${id} is ${state}`, `${id} est ${state}`), evidence)];
  }
  if (state === 'masked' || state === 'masked-runtime') {
    return [finding(ID, 'critical', t(`${id} is masked: it cannot start`, `${id} est masqué : il ne peut pas démarrer`), evidence, t(`If it should run: systemctl unmask ${id} && systemctl enable --now ${id}.`, `S'il doit tourner : systemctl unmask ${id} && systemctl enable --now ${id}.`))];
  }
  return [finding(ID, 'warning', t(`${id} will not start after a reboot (${state || 'unknown'})`, `${id} ne démarrera pas après un redémarrage (${state || 'inconnu'})`), evidence, t(`systemctl enable ${id} (add --now to start it too).`, `systemctl enable ${id} (ajoutez --now pour le démarrer aussi).`))];
}

export default check;
