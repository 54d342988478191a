/**
 * Everyday words for symptoms (src/services/knowledge/lexicon.ts): a symptom told in words no entry uses reaches the entry
 * that answers it, while a question about something else that happens to use those words is still declined.
 * Wordings written for this test.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerOffline } from '../../../src/services/ai/offline.js';
import { questionLang } from '../../../src/services/ai/language.js';
import { everydayMeanings } from '../../../src/services/knowledge/lexicon.js';
import { KnowledgeIndex, loadKnowledge } from '../../../src/services/knowledge/index.js';
import { fold } from '../../../src/services/knowledge/text.js';
import { ROOT } from '../../helpers/cli.js';

const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
const knowledge = { base, index: new KnowledgeIndex(base.entries), loadMs: 0 };
const ask = (q: string) => answerOffline(knowledge, q, questionLang(q, 'en'));

describe('everyday words for symptoms', () => {
  it('reads the everyday wording of a symptom in English and French', () => {
    const means = (q: string) => everydayMeanings(fold(q)).map((m) => m.means);
    expect(means('the vm clock is drifting again')).toEqual(['ntp chrony clock time sync']);
    expect(means("l'horloge du serveur est décalée")).toEqual(['ntp chrony clock time sync']);
    expect(means('ssh takes like 30 sec before the prompt')).toEqual(['slow latency']);
    expect(means('la page met des plombes à charger')).toEqual(['slow latency']);
    expect(means('the worker keeps rebooting')).toEqual(['crashloopbackoff restart loop crash exit code']);
    expect(means('le service redémarre sans arrêt')).toEqual(['crashloopbackoff restart loop crash exit code']);
    expect(means('which process is hogging the cpu')).toEqual(['high cpu load']);
    expect(means('qui bouffe toute la ram')).toEqual(['memory usage']);
    // Wordings the synonyms already map, or how entries say it, are not the lexicon's.
    expect(means('no space left on device')).toEqual([]);
    expect(means('le serveur rame')).toEqual([]);
  });

  it('gets the right entry for a symptom told in words no entry uses (declined or unsure without the lexicon)', () => {
    // Without the lexicon: declined (confidence 0.30), a decline (0.18), a best guess (0.30).
    const cases: Array<[string, string]> = [
      ['the vm clock is drifting again, kerberos complains', 'linux-time-sync'],
      ['les fichiers ont disparu après avoir recréé le conteneur docker', 'docker-volumes-backup'],
      ['which process is hogging the cpu on this box', 'linux-high-cpu-load'],
    ];
    for (const [q, id] of cases) {
      const a = ask(q);
      expect({ q, unknown: a.unknown, entries: a.entries }).toEqual({ q, unknown: undefined, entries: [id] });
    }
    expect(ask('which process is hogging the cpu on this box').tentative).toBeUndefined();
  });

  it('still declines a question about something else told with the same everyday words', () => {
    for (const q of [
      'mon horloge de cuisine est en retard de 5 minutes',
      'my grandfather clock is running behind, how do I adjust it',
      'how much salt should I put on the driveway when it freezes',
      'the kids ate all the memory cards of the camera',
      "j'ai perdu mes fichiers de photos de vacances",
    ]) {
      const a = ask(q);
      expect({ q, unknown: a.unknown }).toEqual({ q, unknown: true });
    }
  });
});
