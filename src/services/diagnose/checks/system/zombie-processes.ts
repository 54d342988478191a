/** Zombie processes that stay zombies: their parent does not reap them (a bug in the parent). */
import { finding, skipped, t } from '../../finding.js';
import { linuxProblem } from '../../host/platform.js';
import { sampleWindow, seconds } from '../../host/sample.js';
import { describeByParent, persistentInState } from '../../host/stuck.js';
import type { Check } from '../../types.js';

const ID = 'zombie-processes';
/** Many zombies eat PIDs; 100 of them is worth a critical. */
const CRITICAL_COUNT = 100;

const check: Check = {
  id: ID,
  title: t('Zombie processes', 'Processus zombies'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    const zombies = await persistentInState('Z', sampleWindow(ctx), ctx.signal);
    if (!zombies.length) return [finding(ID, 'ok', t('No zombie process', 'Aucun processus zombie'), t(`no process stayed in state Z over ${seconds(sampleWindow(ctx))}`, `aucun processus n'est resté en état Z pendant ${seconds(sampleWindow(ctx))}`))];
    const parents = [...new Set(zombies.map((z) => `${z.proc.ppid} (${z.parent?.comm ?? '?'})`))];
    return [
      finding(
        ID,
        zombies.length >= CRITICAL_COUNT ? 'critical' : 'warning',
        t(`${zombies.length} zombie process(es), not reaped by ${parents.slice(0, 3).join(', ')}`, `${zombies.length} processus zombie(s), non récupérés par ${parents.slice(0, 3).join(', ')}`),
        describeByParent(zombies).join('\n'),
        t(
          `A zombie is already dead; only its parent can clear it by calling wait(). Restart or fix the parent (${parents[0]}): kill -s SIGCHLD ${zombies[0].proc.ppid} may nudge it, and when the parent exits, init reaps them. In containers, run an init (docker --init, tini).`,
          `Un zombie est déjà mort ; seul son parent peut le faire disparaître en appelant wait(). Redémarrez ou corrigez le parent (${parents[0]}) : kill -s SIGCHLD ${zombies[0].proc.ppid} peut le relancer, et quand le parent se termine, init les récupère. En conteneur, utilisez un init (docker --init, tini).`,
        ),
      ),
    ];
  },
};

export default check;
