import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAnswer, createEngine, createOfflineEngine } from '../../../src/services/ai/index.js';
import { withoutValues } from '../../../src/services/ai/offline.js';
import type { EngineEvent } from '../../../src/services/ai/types.js';
import { openKnowledge } from '../../../src/services/knowledge/index.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-mini') };

async function events(question: string, lang: 'en' | 'fr', context?: string): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const e of createOfflineEngine({ env }).ask({ messages: [{ role: 'user', content: question }], lang, context })) out.push(e);
  return out;
}

describe('offline engine', () => {
  it('answers from the best entry in the asked language, streaming the explanation before the answer', async () => {
    const evs = await events('Comment chiffrer un bucket S3 ?', 'fr');
    const tokens = evs.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text).join('');
    const done = evs.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.answer.entries).toEqual(['aws-s3-secure-bucket']);
    expect(done.answer.unknown).toBeUndefined();
    expect(done.answer.explanation).toContain('Créer un bucket S3 sécurisé');
    expect(tokens).toBe(done.answer.explanation);
    expect(done.answer.commands[0]).toEqual({ command: expect.stringContaining('aws s3api create-bucket'), description: 'Créer le bucket dans votre région' });
    expect(done.answer.risks[0]).toMatch(/globaux/);
    expect(done.answer.sources[0]).toMatch(/^https:\/\/docs\.aws\.amazon\.com/);
    expect(done.answer.confidence).toBeGreaterThan(0.5);
  });

  it('says it does not know, with the closest topics, instead of answering off-topic questions', async () => {
    for (const [q, lang] of [['How do I bake a chocolate cake?', 'en'], ['Quelle est la recette de la tarte aux pommes ?', 'fr']] as const) {
      const done = (await events(q, lang)).at(-1)!;
      if (done.type !== 'done') throw new Error('no answer');
      expect(done.answer.unknown).toBe(true);
      expect(done.answer.commands).toEqual([]);
      expect(done.answer.explanation).toMatch(lang === 'en' ? /I don't know this one/ : /Je ne connais pas celle-ci/);
    }
  });

  it('uses a finding given as context when the question alone is vague', async () => {
    const done = (await events('what should I do?', 'en', 'docker compose up fails: the local database service does not start')).at(-1)!;
    if (done.type !== 'done') throw new Error('no answer');
    expect(done.answer.entries).toEqual(['docker-compose-development']);
  });

  it('searches a machine-made subject (a finding title) rather than the instruction around it, its unknown names not held against it', async () => {
    const request = (subject?: string) => ({ messages: [{ role: 'user' as const, content: 'Explain this diagnosis finding and how to fix it: S3 bucket mybkt-prod-7f3a is public' }], lang: 'en' as const, subject });
    const withSubject = (await collectAnswer(createOfflineEngine({ env }), request('S3 bucket mybkt-prod-7f3a is public')))!;
    expect(withSubject.entries).toEqual(['aws-s3-secure-bucket']);
    expect(withSubject.unknown).toBeUndefined();
    const asked = (await collectAnswer(createOfflineEngine({ env }), request()))!;
    expect(asked.confidence ?? 0).toBeLessThan(withSubject.confidence ?? 0);
  });

  it('strips the values of a finding title (quoted names, paths, numbers, host-like names) and keeps its topic words', () => {
    expect(withoutValues('/var is 99 % full').trim().split(/\s+/)).toEqual(['is', '%', 'full']);
    expect(withoutValues('The host name "web-01" is not in /etc/hosts').trim().split(/\s+/)).toEqual(['The', 'host', 'name', 'is', 'not', 'in']);
    expect(withoutValues('A newer kernel (6.1.0-28) waits for a reboot')).not.toMatch(/\d/);
    expect(withoutValues('Local resolver 127.0.0.53 does not answer').trim().split(/\s+/)).toEqual(['Local', 'resolver', 'does', 'not', 'answer']);
    expect(withoutValues('OOM killer killed python3, perl')).toBe('OOM killer killed python3, perl');
  });

  it('is what createEngine returns by default', async () => {
    const config = { env, get: (k: string) => (k === 'ai.engine' ? 'offline' : undefined) };
    const engine = createEngine(config);
    expect(engine.name).toBe('offline');
    const answer = await collectAnswer(engine, { messages: [{ role: 'user', content: 'vpc with private subnets' }], lang: 'en' });
    expect(answer?.entries).toEqual(['aws-vpc-public-private']);
    expect(() => createEngine(config, 'nope')).toThrow(/unknown engine "nope"/);
  });

  it('loads the base once per process', () => {
    expect(openKnowledge(env)).toBe(openKnowledge(env));
  });
});
