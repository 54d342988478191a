/** systemd units in the failed state. */
import { finding, skipped, t } from '../../finding.js';
import { parseFailedUnits, systemctl } from '../../host/systemd.js';
import type { Check, Finding } from '../../types.js';

const ID = 'systemd-failed-units';

const check: Check = {
  id: ID,
  title: t('Failed systemd units', 'Unités systemd en échec'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const r = await systemctl(['list-units', '--failed', '--no-legend', '--plain', '--all'], ctx.signal);
    if ('reason' in r) return [skipped(ID, this.title, r.reason)];
    if (r.exitCode !== 0) return [skipped(ID, this.title, `systemctl list-units${t(':', ' :')} ${r.stderr.trim() || t(`exit ${r.exitCode}`, `code ${r.exitCode}`)}`)];
    return failedUnitFindings(r.stdout);
  },
};

/** Findings for `systemctl list-units --failed --no-legend --plain` output. */
export function failedUnitFindings(stdout: string): Finding[] {
  const failed = parseFailedUnits(stdout);
  if (!failed.length) return [finding(ID, 'ok', t('No failed unit', 'Aucune unité en échec'), t('systemctl list-units --failed: 0 units', 'systemctl list-units --failed : 0 unité'))];
  return [
    finding(
      ID,
      'critical',
      t(`${failed.length} failed unit(s): ${failed.slice(0, 4).map((u) => u.unit).join(', ')}`, `${failed.length} unité(s) en échec : ${failed.slice(0, 4).map((u) => u.unit).join(', ')}`),
      failed.map((u) => `${u.unit} ${u.load} ${u.active} ${u.sub} ${u.description}`).join('\n'),
      t(
        `See why: systemctl status ${failed[0].unit} and journalctl -u ${failed[0].unit} -b -n 50. Fix the cause, then systemctl restart ${failed[0].unit}; for a unit you no longer need: systemctl disable --now UNIT && systemctl reset-failed UNIT. For details on one service: cloudya diagnose service ${failed[0].unit.replace(/\.service$/, '')}`,
        `Voyez pourquoi : systemctl status ${failed[0].unit} et journalctl -u ${failed[0].unit} -b -n 50. Corrigez la cause puis systemctl restart ${failed[0].unit} ; pour une unité inutile : systemctl disable --now UNITÉ && systemctl reset-failed UNITÉ. Pour le détail d'un service : cloudya diagnose service ${failed[0].unit.replace(/\.service$/, '')}`,
      ),
    ),
  ];
}

export default check;
