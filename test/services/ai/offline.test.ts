import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAnswer, createEngine, createOfflineEngine } from '../../../src/services/ai/index.js';
import { followUpTopic, isFollowUp } from '../../../src/services/ai/conversation.js';
import { withoutValues } from '../../../src/services/ai/offline.js';
import type { EngineEvent } from '../../../src/services/ai/types.js';
import { openKnowledge } from '../../../src/services/knowledge/index.js';
import { ROOT, runCli, tempHome } from '../../helpers/cli.js';

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

  describe('follow-up questions', () => {
    // The bundled base: the QA case is about real entries (secure bucket, then deleting it).
    const realEnv = { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') };
    const ask = async (...turns: string[]) => {
      const messages = turns.flatMap((content, i) => (i < turns.length - 1 ? [{ role: 'user' as const, content }, { role: 'assistant' as const, content: '...' }] : [{ role: 'user' as const, content }]));
      return (await collectAnswer(createOfflineEngine({ env: realEnv }), { messages, lang: 'en' }))!;
    };

    it('tells a question that refers back ("it", "comment le supprimer") from one that stands alone', () => {
      for (const q of ['and how do I delete it?', 'how do I encrypt it', 'comment le supprimer ?', "et pour l'effacer ?", 'ça coûte combien ?', 'what about the logs?']) expect(isFollowUp(q), q).toBe(true);
      for (const q of ['install kubectl', 'comment supprimer le cluster', 'créer un bucket S3 sécurisé', 'rotate ssh keys']) expect(isFollowUp(q), q).toBe(false);
      const m = (...contents: string[]) => contents.map((content) => ({ role: 'user' as const, content }));
      expect(followUpTopic(m('create a secure s3 bucket', 'and how do I delete it?'))).toBe('create a secure s3 bucket');
      expect(followUpTopic(m('create a secure s3 bucket', 'install kubectl'))).toBeUndefined();
      expect(followUpTopic(m('and how do I delete it?'))).toBeUndefined();
      // A chain of follow-ups keeps the topic of the question that started it.
      expect(followUpTopic(m('install docker', 'create a secure s3 bucket', 'how do I encrypt it', 'and delete it?'))).toBe('create a secure s3 bucket\nhow do I encrypt it');
    });

    it('answers a follow-up about the previous topic (delete the S3 bucket, not Terraform destroy), in both languages', async () => {
      const en = await ask('create a secure s3 bucket', 'and how do I delete it?');
      expect(en.entries).toEqual(['aws-s3-delete-bucket']);
      expect(en.commands.map((c) => c.command)).toContain('aws s3 rb s3://<bucket-name> --force');
      const fr = await ask('créer un bucket S3 sécurisé', 'comment le supprimer ?');
      expect(fr.entries).toEqual(['aws-s3-delete-bucket']);
      // Without the earlier question the same words are about something else.
      expect((await ask('and how do I delete it?')).entries).not.toEqual(['aws-s3-delete-bucket']);
      // A new question after it is not dragged back to S3.
      expect((await ask('create a secure s3 bucket', 'install kubectl')).entries).toEqual(['k8s-install-kubectl']);
    });

    it('does the same in the scripted chat (cloudya chat -o json, one answer per line)', async () => {
      const r = await runCli(['chat', '--output', 'json'], { ...realEnv, CLOUDYA_HOME: tempHome() }, 'create a secure s3 bucket\nand how do I delete it?\n');
      expect(r.code).toBe(0);
      const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { entries?: string[]; answer?: { entries?: string[] } });
      expect(answers.map((a) => (a.entries ?? a.answer?.entries)?.[0])).toEqual(['aws-s3-secure-bucket', 'aws-s3-delete-bucket']);
      // A fresh CLI process on a loaded machine: generous ceiling.
    }, 120_000);
  });
});
