/** What an installation's status means now, and what the user can do next. */
import { defineMessages } from '../../core/i18n.js';
import { isInstallLocked } from './lock.js';
import { RUNNING_INSTALL_STATUSES, type Installation, type InstallationStatus } from './types.js';

const m = defineMessages({
  en: {
    installing: 'An install is running. Follow it with: cloudya app logs {id} --follow',
    uninstalling: 'An uninstall is running. Follow it with: cloudya app logs {id} --follow',
    installed: 'Installed{url}. Remove it with: cloudya app uninstall --id {id}',
    failed: 'The last run failed (see the failing task above and cloudya app logs {id}). Fix the cause, then run it again: cloudya app install --id {id}{secrets} · or remove what was installed: cloudya app uninstall --id {id}',
    interrupted: 'The last run was interrupted; tasks already done stay done. Resume with: cloudya app install --id {id}{secrets} · or remove it: cloudya app uninstall --id {id}',
    uninstalled: 'Uninstalled; its record and log are kept. Install it again with: cloudya app install --id {id}{secrets}',
    secrets: ' --params {names}',
    at: ' at {url}',
  },
  fr: {
    installing: 'Une installation est en cours. Suivez-la avec : cloudya app logs {id} --follow',
    uninstalling: 'Une désinstallation est en cours. Suivez-la avec : cloudya app logs {id} --follow',
    installed: 'Installée{url}. Supprimez-la avec : cloudya app uninstall --id {id}',
    failed: "La dernière exécution a échoué (voir la tâche en échec ci-dessus et cloudya app logs {id}). Corrigez la cause puis relancez : cloudya app install --id {id}{secrets} · ou retirez ce qui a été installé : cloudya app uninstall --id {id}",
    interrupted: 'La dernière exécution a été interrompue ; les tâches faites le restent. Reprenez avec : cloudya app install --id {id}{secrets} · ou retirez-la : cloudya app uninstall --id {id}',
    uninstalled: 'Désinstallée ; sa fiche et son journal sont conservés. Réinstallez avec : cloudya app install --id {id}{secrets}',
    secrets: ' --params {names}',
    at: ' à {url}',
  },
});

/** The stored status, except a running one whose process is gone: that one was interrupted. */
export async function effectiveInstallStatus(inst: Installation): Promise<InstallationStatus> {
  if (RUNNING_INSTALL_STATUSES.includes(inst.status) && !(await isInstallLocked(inst.dir))) return 'interrupted';
  return inst.status;
}

/** One line saying what to do next. */
export function installNextSteps(inst: Installation, status: InstallationStatus): string {
  const secrets = inst.sensitive.length ? m('secrets', { names: inst.sensitive.map((n) => `${n}=...`).join(',') }) : '';
  const url = inst.outputs.url ? m('at', { url: inst.outputs.url }) : '';
  return m(status, { id: inst.id, secrets, url });
}
