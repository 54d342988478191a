/** Whether the named service exists here at all (unit, process or installed binary); otherwise a clear finding. */
import { closest } from '../../../../core/suggest.js';
import { finding, t } from '../../finding.js';
import { listProcesses } from '../../host/processes.js';
import { CATALOG } from '../../service/catalog.js';
import { serviceTarget, unitCandidates } from '../../service/resolve.js';
import type { Check } from '../../types.js';

const ID = 'service-known';

const check: Check = {
  id: ID,
  title: t('Service exists on this host', 'Service présent sur cet hôte'),
  applies: (ctx) => ctx.kind === 'service' && !!ctx.target,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    if (s.exists) {
      const parts = [
        s.unit ? t(`unit ${s.unit.get('Id')} (${s.unit.get('FragmentPath') || '?'})`, `unité ${s.unit.get('Id')} (${s.unit.get('FragmentPath') || '?'})`) : t(`unit: ${s.unitProblem}`, `unité : ${s.unitProblem}`),
        t(`${s.processes.length} process(es) by ${s.processSource}`, `${s.processes.length} processus par ${s.processSource === 'process name' ? 'nom de processus' : s.processSource}`),
        s.binary ? t(`binary ${s.binary}`, `binaire ${s.binary}`) : '',
      ].filter(Boolean);
      return [finding(ID, 'ok', t(`Found ${s.known?.name ?? s.name}`, `${s.known?.name ?? s.name} trouvé`), parts.join(t('; ', ' ; ')))];
    }
    const names = new Set<string>([...CATALOG.flatMap((c) => c.aliases), ...listProcesses().map((p) => p.comm)]);
    names.delete(s.name); // suggesting the very name that was not found helps nobody
    const suggestion = closest(s.name, names);
    return [
      finding(
        ID,
        'critical',
        t(`No service named "${s.name}" on this host`, `Aucun service nommé « ${s.name} » sur cet hôte`),
        [
          s.systemd ? t(`systemd: ${s.unitProblem ?? `no unit ${unitCandidates(s.name, s.known).join(' / ')}`}`, `systemd : ${s.unitProblem ?? `pas d'unité ${unitCandidates(s.name, s.known).join(' / ')}`}`) : t(`systemd units not checked: ${s.unitProblem}`, `unités systemd non vérifiées : ${s.unitProblem}`),
          t(`no running process named "${s.name}"`, `aucun processus nommé « ${s.name} » en cours`),
          s.known ? t(`${s.known.name} is not installed (${s.known.binaries.join(', ')} not found)`, `${s.known.name} n'est pas installé (${s.known.binaries.join(', ')} introuvable)`) : t('not a service Cloudya knows by name', 'pas un service connu de Cloudya'),
        ].join('\n'),
        suggestion
          ? t(`Did you mean "${suggestion}"? cloudya diagnose service ${suggestion}`, `Vouliez-vous dire « ${suggestion} » ? cloudya diagnose service ${suggestion}`)
          : t('Check the name: systemctl list-units --type=service --all, or ps -eo comm | sort -u. Install the service if it should be here.', 'Vérifiez le nom : systemctl list-units --type=service --all, ou ps -eo comm | sort -u. Installez le service s\'il devrait être là.'),
      ),
    ];
  },
};

export default check;
