import { lazyScreen } from './lazyScreen.js';
import type { ScreenDescriptor } from './types.js';

// Screens load on first display: `cloudya monitor` never pays for the chat's markdown and
// syntax highlighting, nor the deploy screen's HCL parser (memory and start-up time).
const ChatScreen = lazyScreen(() => import('./ChatScreen.js').then((m) => m.ChatScreen));
const MonitorScreen = lazyScreen(() => import('./MonitorScreen.js').then((m) => m.MonitorScreen));
const DeployWizard = lazyScreen(() => import('./DeployWizard.js').then((m) => m.DeployWizard));
const DiagnoseScreen = lazyScreen(() => import('./DiagnoseScreen.js').then((m) => m.DiagnoseScreen));

/** The shell's screens, in tab order (keys 1-4). */
export const SCREENS: ScreenDescriptor[] = [
  {
    id: 'chat',
    title: { en: 'Chat', fr: 'Chat' },
    component: ChatScreen,
    keys: [
      { keys: '↑↓', label: { en: 'history', fr: 'historique' } },
      { keys: 'PgUp/PgDn', label: { en: 'scroll', fr: 'défiler' } },
      { keys: 'Esc', label: { en: 'input', fr: 'saisie' } },
      { keys: 'Ctrl+L', label: { en: 'clear', fr: 'effacer' } },
      // chat -e: the screen's own status line shows these while a command runs or waits for a yes.
      { keys: 'y / n, Enter', label: { en: 'run / skip a command that needs confirmation (chat -e)', fr: 'lancer / ignorer une commande à confirmer (chat -e)' }, helpOnly: true },
      { keys: 'Ctrl+C', label: { en: 'stop the answer or the running command', fr: 'arrêter la réponse ou la commande en cours' }, helpOnly: true },
    ],
  },
  {
    id: 'monitor',
    title: { en: 'Monitor', fr: 'Supervision' },
    component: MonitorScreen,
    fitsWidth: true,
    keys: [
      { keys: 'c/m/n', label: { en: 'sort', fr: 'tri' } },
      { keys: '+/-', label: { en: 'interval', fr: 'intervalle' } },
      { keys: 'p', label: { en: 'pause', fr: 'pause' } },
    ],
  },
  {
    id: 'deploy',
    title: { en: 'Deploy', fr: 'Déploiement' },
    component: DeployWizard,
    keys: [
      { keys: '↑↓/Enter/Esc', label: { en: 'choose, next, back', fr: 'choisir, suivant, retour' } },
      { keys: 'h', label: { en: 'new deployment / deployments', fr: 'nouveau déploiement / déploiements' } },
      { keys: 'a/s', label: { en: 'apps / stacks', fr: 'applications / piles' } },
      { keys: 'i/u', label: { en: 'installed apps / uninstall (apps)', fr: 'applications installées / désinstaller (applications)' }, helpOnly: true },
      { keys: 'r', label: { en: 'resume a failed stack', fr: 'reprendre une pile en échec' }, helpOnly: true },
      { keys: 'd', label: { en: 'destroy (deployments tab)', fr: 'détruire (onglet déploiements)' } },
      { keys: 'y/n', label: { en: 'confirm the plan', fr: 'confirmer le plan' } },
      { keys: 'c', label: { en: 'connect a provider (test, then save)', fr: 'connecter un fournisseur (tester, puis enregistrer)' }, helpOnly: true },
    ],
  },
  {
    id: 'diagnose',
    title: { en: 'Diagnose', fr: 'Diagnostic' },
    component: DiagnoseScreen,
    keys: [
      { keys: 'Enter', label: { en: 'start / details', fr: 'lancer / détails' } },
      { keys: 'e', label: { en: 'explain finding', fr: 'expliquer le constat' } },
      { keys: 'r', label: { en: 're-run', fr: 'relancer' } },
      { keys: 'n', label: { en: 'new target', fr: 'autre cible' } },
      { keys: 'Esc', label: { en: 'back', fr: 'retour' } },
    ],
  },
];
