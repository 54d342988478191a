/** The service's processes are running (and not stuck as zombies or in uninterruptible I/O). */
import { finding, t } from '../../finding.js';
import { serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check } from '../../types.js';

const ID = 'processes-alive';

const check: Check = {
  id: ID,
  title: t('Processes alive', 'Processus vivants'),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    const label = s.known?.name ?? s.name;
    if (!s.processes.length) {
      const start = s.unit ? `systemctl start ${s.unit.get('Id')}` : s.systemd ? `systemctl start ${s.name}` : s.binary ? t(`${s.binary}, as this host has no systemd`, `${s.binary}, cet hôte n'ayant pas systemd`) : s.name;
      return [
        finding(
          ID,
          'critical',
          t(`No ${label} process is running`, `Aucun processus ${label} ne tourne`),
          t(`searched by ${s.processSource}${s.known ? ` (${s.known.processes.source})` : ''}: 0 process${s.binary ? `; installed at ${s.binary}` : ''}`, `recherche par ${s.processSource === 'process name' ? 'nom de processus' : s.processSource}${s.known ? ` (${s.known.processes.source})` : ''} : 0 processus${s.binary ? ` ; installé dans ${s.binary}` : ''}`),
          t(`Start it (${start}) and watch whether it stays up; if it exits at once, its config test and error log below say why.`, `Démarrez-le (${start}) et vérifiez qu'il tient ; s'il s'arrête aussitôt, le test de configuration et le journal d'erreurs ci-dessous disent pourquoi.`),
        ),
      ];
    }
    const line = (p: (typeof s.processes)[number]) => t(`${p.pid} ${p.comm} state ${p.state} parent ${p.ppid}`, `${p.pid} ${p.comm} état ${p.state} parent ${p.ppid}`);
    const list = s.processes.slice(0, 8).map(line);
    const bad = s.processes.filter((p) => p.state === 'Z' || p.state === 'D');
    if (bad.length) {
      return [
        finding(
          ID,
          'warning',
          t(`${bad.length} ${label} process(es) are zombies or blocked in I/O`, `${bad.length} processus ${label} zombies ou bloqués en E/S`),
          bad.map(line).join('\n'),
          t('Zombies: the parent does not reap its workers (restart the service). D state: the process waits on a disk or network filesystem (see cloudya diagnose system --only dstate-processes,filesystem-errors).', 'Zombies : le parent ne récupère pas ses workers (redémarrez le service). État D : le processus attend un disque ou un système de fichiers réseau (voir cloudya diagnose system --only dstate-processes,filesystem-errors).'),
        ),
      ];
    }
    return [finding(ID, 'ok', t(`${s.processes.length} ${label} process(es) running`, `${s.processes.length} processus ${label} en cours`), `${list.join(t('; ', ' ; '))}${s.processes.length > 8 ? t('; ...', ' ; ...') : ''} (${s.processSource === 'process name' ? t('process name', 'nom de processus') : s.processSource})`)];
  },
};

export default check;
