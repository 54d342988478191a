import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearKnowledgeCache, openKnowledge } from '../../../src/services/knowledge/index.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

function setup() {
  const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-kb-'));
  cpSync(path.join(ROOT, 'test/fixtures/knowledge-mini'), dir, { recursive: true });
  return { dir, env: { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: dir } };
}

const ids = (k: ReturnType<typeof openKnowledge>, q: string) => k.index.search(q).hits.map((h) => h.entry.id);

describe('knowledge cache on disk', () => {
  it('is written on first load and gives the same answers from a fresh process state', () => {
    const { env } = setup();
    clearKnowledgeCache();
    const first = openKnowledge(env);
    expect(first.cached).toBeUndefined();
    const file = path.join(env.CLOUDYA_HOME, 'cache', 'knowledge.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).base.entries).toHaveLength(3);
    clearKnowledgeCache();
    const second = openKnowledge(env);
    expect(second.cached).toBe(true);
    for (const q of ['chiffrer un bucket s3', 'vpc private subnets', 'compose for local development']) {
      expect(ids(second, q)).toEqual(ids(first, q));
      expect(second.index.search(q).confidence).toBe(first.index.search(q).confidence);
    }
  });

  it('is rebuilt when a knowledge file changes, and ignored when corrupt', () => {
    const { dir, env } = setup();
    clearKnowledgeCache();
    openKnowledge(env);
    const file = path.join(dir, 'docker.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('docker-compose for local development', 'Compose stack for laptops'));
    clearKnowledgeCache();
    const after = openKnowledge(env);
    expect(after.cached).toBeUndefined();
    expect(after.base.entries.find((e) => e.id === 'docker-compose-development')!.title.en).toBe('Compose stack for laptops');
    writeFileSync(path.join(env.CLOUDYA_HOME, 'cache', 'knowledge.json'), '{ broken');
    clearKnowledgeCache();
    const rebuilt = openKnowledge(env);
    expect(rebuilt.cached).toBeUndefined();
    expect(rebuilt.base.entries).toHaveLength(3);
  });
});
