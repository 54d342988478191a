/** Picks the sandbox backend: the configured one, or the first that works (bubblewrap, podman, docker). Never the host. */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { bubblewrap } from './bubblewrap.js';
import { docker, podman } from './container.js';
import type { Backend } from './types.js';

const m = defineMessages({
  en: {
    none: 'no sandbox backend is available ({problems})',
    hint: 'Install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap; Arch: sudo pacman -S bubblewrap), or start a docker/podman engine. Cloudya never falls back to running on the host by itself: --no-sandbox does that, after a confirmation.',
    chosen: 'the configured sandbox backend "{name}" cannot run here: {problem}',
    chosenHint: 'Fix it, or set sandbox.backend to auto (cloudya configure set sandbox.backend auto).',
  },
  fr: {
    none: "aucun bac à sable n'est disponible ({problems})",
    hint: "Installez bubblewrap (Debian/Ubuntu : sudo apt-get install bubblewrap ; Fedora : sudo dnf install bubblewrap ; Arch : sudo pacman -S bubblewrap), ou démarrez un moteur docker/podman. Cloudya ne bascule jamais tout seul vers une exécution sur l'hôte : --no-sandbox le fait, après confirmation.",
    chosen: 'le bac à sable configuré « {name} » ne peut pas fonctionner ici : {problem}',
    chosenHint: 'Corrigez-le, ou remettez sandbox.backend à auto (cloudya configure set sandbox.backend auto).',
  },
});

const BY_NAME: Record<string, Backend> = { bubblewrap, docker, podman };

/** The backend to use, or a CloudyaError saying why none works and how to install bubblewrap. */
export async function selectBackend(configured: string, candidates: Backend[] = [bubblewrap, podman, docker]): Promise<Backend> {
  if (configured !== 'auto' && BY_NAME[configured]) {
    const b = BY_NAME[configured];
    const problem = await b.problem();
    if (!problem) return b;
    throw new CloudyaError(m('chosen', { name: configured, problem }), { hint: m('chosenHint'), code: 'no_sandbox' });
  }
  const problems: string[] = [];
  for (const b of candidates) {
    const problem = await b.problem();
    if (!problem) return b;
    problems.push(`${b.name}: ${problem}`);
  }
  throw new CloudyaError(m('none', { problems: problems.join('; ') }), { hint: m('hint'), code: 'no_sandbox' });
}
