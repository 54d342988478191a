/** Pending reboot: Debian's reboot-required flag, RHEL's needs-restarting, or a running kernel whose modules are gone. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { finding, skipped, t } from '../../finding.js';
import { runTool } from '../../host/command.js';
import { listDir, readText } from '../../host/files.js';
import { containerKind, linuxProblem } from '../../host/platform.js';
import type { Check } from '../../types.js';

const ID = 'pending-reboot';

/** Installed kernel versions from /boot/vmlinuz-* names, newest last (version sort). */
export function installedKernels(names: readonly string[]): string[] {
  return names
    .filter((n) => n.startsWith('vmlinuz-'))
    .map((n) => n.slice('vmlinuz-'.length))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

const FIX = {
  en: 'Plan a reboot in a maintenance window (updated kernel or libraries are not in use until then): announce it, drain the host from its load balancer, reboot, then check services with cloudya diagnose system.',
  fr: "Planifiez un redémarrage dans une fenêtre de maintenance (le noyau ou les bibliothèques mis à jour ne servent pas avant) : prévenez, retirez l'hôte de son répartiteur de charge, redémarrez, puis vérifiez avec cloudya diagnose system.",
};

const check: Check = {
  id: ID,
  title: t('Pending reboot', 'Redémarrage en attente'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    if (existsSync('/var/run/reboot-required')) {
      const pkgs = (readText('/var/run/reboot-required.pkgs') ?? '').split('\n').filter(Boolean);
      return [finding(ID, 'warning', t('A reboot is required', 'Un redémarrage est nécessaire'), t(`/var/run/reboot-required exists${pkgs.length ? `; requested by: ${[...new Set(pkgs)].join(', ')}` : ''}`, `/var/run/reboot-required existe${pkgs.length ? ` ; demandé par : ${[...new Set(pkgs)].join(', ')}` : ''}`), t(FIX.en, FIX.fr))];
    }
    const running = os.release();
    const where = containerKind();
    if (where) return [skipped(ID, this.title, t(`inside ${where} the kernel (${running}) belongs to the host; no /var/run/reboot-required here`, `dans ${where}, le noyau (${running}) appartient à l'hôte ; pas de /var/run/reboot-required ici`))];
    const nr = await runTool('needs-restarting', ['-r'], { signal: ctx.signal, timeoutMs: 8000 });
    if (nr.found && nr.exitCode === 1) return [finding(ID, 'warning', t('A reboot is required', 'Un redémarrage est nécessaire'), `needs-restarting -r:\n${nr.stdout.trim()}`, t(FIX.en, FIX.fr))];
    const kernels = installedKernels(listDir('/boot'));
    const modulesGone = existsSync('/lib/modules') && !existsSync(`/lib/modules/${running}`);
    const newest = kernels[kernels.length - 1];
    if (modulesGone || (newest && newest !== running && kernels.includes(running) === false)) {
      return [finding(ID, 'warning', t(`Running kernel ${running} is not the installed one`, `Le noyau ${running} en service n'est pas celui installé`), `uname -r: ${running}; /boot: ${kernels.join(', ') || '-'}${modulesGone ? t(`; /lib/modules/${running} missing`, ` ; /lib/modules/${running} absent`) : ''}`, t(FIX.en, FIX.fr))];
    }
    if (newest && newest !== running) {
      return [finding(ID, 'warning', t(`A newer kernel (${newest}) waits for a reboot`, `Un noyau plus récent (${newest}) attend un redémarrage`), `uname -r: ${running}; /boot: ${kernels.join(', ')}`, t(FIX.en, FIX.fr))];
    }
    const sources = [existsSync('/etc/debian_version') ? t('no /var/run/reboot-required', 'pas de /var/run/reboot-required') : '', nr.found ? t(`needs-restarting -r exit ${nr.exitCode}`, `needs-restarting -r : code ${nr.exitCode}`) : '', kernels.length ? t(`running kernel ${running} is the newest in /boot`, `le noyau en service ${running} est le plus récent de /boot`) : ''].filter(Boolean);
    if (!sources.length) return [skipped(ID, this.title, t(`nothing here records pending reboots (no Debian flag file, no needs-restarting, no kernel in /boot); running ${running}`, `rien ici n'enregistre les redémarrages en attente (pas de fichier Debian, pas de needs-restarting, pas de noyau dans /boot) ; noyau ${running}`))];
    return [finding(ID, 'ok', t('No reboot pending', 'Aucun redémarrage en attente'), sources.join(t('; ', ' ; ')))];
  },
};

export default check;
