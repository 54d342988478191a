/** The systemd unit's state: active/running, or failed/inactive with the reason systemd recorded. */
import { finding, skipped, t } from '../../finding.js';
import { serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check, Finding } from '../../types.js';

const ID = 'unit-state';

const check: Check = {
  id: ID,
  title: t('systemd unit state', "État de l'unité systemd"),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    if (!s.unit) return [skipped(ID, this.title, s.unitProblem ?? t('no systemd unit', "pas d'unité systemd"))];
    return unitStateFindings(s.unit, s.name);
  },
};

/** Findings for a unit's `systemctl show` properties. */
export function unitStateFindings(u: Map<string, string>, name: string): Finding[] {
  const id = u.get('Id') ?? name;
  const evidence = `${id}: ActiveState=${u.get('ActiveState')} SubState=${u.get('SubState')} Result=${u.get('Result')}${u.get('ActiveEnterTimestamp') ? t(`; active since ${u.get('ActiveEnterTimestamp')}`, ` ; actif depuis ${u.get('ActiveEnterTimestamp')}`) : ''}${u.get('InactiveEnterTimestamp') && u.get('ActiveState') !== 'active' ? t(`; inactive since ${u.get('InactiveEnterTimestamp')}`, ` ; inactif depuis ${u.get('InactiveEnterTimestamp')}`) : ''}`;
  const active = u.get('ActiveState');
  if (active === 'active' || active === 'reloading' || active === 'activating') {
    return [finding(ID, 'ok', t(`${id} is ${active} (${u.get('SubState')})`, `${id} est ${active} (${u.get('SubState')})`), evidence)];
  }
  return [
    finding(
      ID,
      'critical',
      t(`${id} is ${active}${u.get('Result') && u.get('Result') !== 'success' ? ` (${u.get('Result')})` : ''}`, `${id} est ${active}${u.get('Result') && u.get('Result') !== 'success' ? ` (${u.get('Result')})` : ''}`),
      evidence,
      t(
        `See why it stopped: systemctl status ${id} and journalctl -u ${id} -b -n 50 --no-pager. Fix the cause (often the config test below, a port in use, a missing file or permission), then systemctl start ${id}.`,
        `Voyez pourquoi il s'est arrêté : systemctl status ${id} et journalctl -u ${id} -b -n 50 --no-pager. Corrigez la cause (souvent le test de configuration ci-dessous, un port déjà pris, un fichier ou un droit manquant), puis systemctl start ${id}.`,
      ),
    ),
  ];
}

export default check;
