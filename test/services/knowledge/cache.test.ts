import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearKnowledgeCache, loadKnowledge, openKnowledge } from '../../../src/services/knowledge/index.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

function setup() {
  const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-kb-'));
  cpSync(path.join(ROOT, 'test/fixtures/knowledge-mini'), dir, { recursive: true });
  const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: dir };
  return { dir, env, file: path.join(env.CLOUDYA_HOME, 'cache', 'knowledge.pack') };
}

/** A fresh process's view: nothing remembered in memory. */
function fresh(env: NodeJS.ProcessEnv) {
  clearKnowledgeCache();
  return openKnowledge(env);
}

const ids = (k: ReturnType<typeof openKnowledge>, q: string) => k.index.search(q).hits.map((h) => h.entry.id);
const QUESTIONS = ['chiffrer un bucket s3', 'vpc private subnets', 'compose for local development'];

describe('knowledge cache on disk', () => {
  it('is written on first load and gives the same answers and entries from a fresh process state', () => {
    const { dir, env, file } = setup();
    // The previous format's file, 2.5 MB that nothing reads any more: gone once the new cache is written.
    const old = path.join(path.dirname(file), 'knowledge.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(old, '{"key": "old"}');
    const first = fresh(env);
    expect(first.cached).toBeUndefined();
    expect(existsSync(file)).toBe(true);
    expect(existsSync(old)).toBe(false);
    const second = fresh(env);
    expect(second.cached).toBe(true);
    for (const q of QUESTIONS) {
      expect(ids(second, q)).toEqual(ids(first, q));
      expect(second.index.search(q).confidence).toBe(first.index.search(q).confidence);
    }
    // Every field of every entry, including those read from the file on first use.
    expect(JSON.parse(JSON.stringify(second.base))).toEqual(JSON.parse(JSON.stringify(loadKnowledge([dir, path.join(env.CLOUDYA_HOME, 'knowledge')]))));
  });

  it('is rebuilt when a knowledge file changes, and ignored when corrupt or truncated', () => {
    const { dir, env, file } = setup();
    fresh(env);
    const yamlFile = path.join(dir, 'docker.yaml');
    writeFileSync(yamlFile, readFileSync(yamlFile, 'utf8').replace('docker-compose for local development', 'Compose stack for laptops'));
    const after = fresh(env);
    expect(after.cached).toBeUndefined();
    expect(after.base.entries.find((e) => e.id === 'docker-compose-development')!.title.en).toBe('Compose stack for laptops');
    expect(fresh(env).cached).toBe(true);
    // Not a cache at all, then one cut short (a disk that filled up mid-copy): a rebuild, the same answers.
    for (const damage of [() => writeFileSync(file, '{ broken'), () => truncateSync(file, Math.floor(statSync(file).size / 2))]) {
      damage();
      const rebuilt = fresh(env);
      expect(rebuilt.cached).toBeUndefined();
      expect(rebuilt.base.entries).toHaveLength(3);
      expect(ids(rebuilt, 'compose stack for laptops')[0]).toBe('docker-compose-development');
      expect(fresh(env).cached).toBe(true);
    }
  });

  it("answers from the YAML files when an entry's text in the cache is damaged, and the next run rebuilds the cache", () => {
    const { env, file } = setup();
    const expected = fresh(env).base.entries.map((e) => ({ ...e }));
    const cached = fresh(env);
    expect(cached.cached).toBe(true);
    // Zero the last bytes: the index still reads, the last entries' texts do not.
    const bytes = readFileSync(file);
    bytes.fill(0, bytes.length - 200);
    writeFileSync(file, bytes);
    const again = fresh(env);
    expect(again.cached).toBe(true);
    expect(again.base.entries.map((e) => ({ ...e }))).toEqual(expected);
    expect(existsSync(file)).toBe(false);
    expect(fresh(env).cached).toBeUndefined();
    expect(fresh(env).cached).toBe(true);
  });

  it('still shows the right entry when another process replaced the cache after this one read its index', () => {
    const { dir, env, file } = setup();
    fresh(env);
    const loaded = fresh(env);
    expect(loaded.cached).toBe(true);
    // Another Cloudya wrote a new cache meanwhile (temp file + rename), whose texts differ at the same places.
    const bytes = readFileSync(file);
    const at = bytes.indexOf('NAT gateway');
    expect(at).toBeGreaterThan(0);
    bytes.write('NAT GATEWAY', at);
    writeFileSync(`${file}.new`, bytes);
    renameSync(`${file}.new`, file);
    const entry = loaded.base.entries.find((e) => e.id === 'aws-vpc-public-private')!;
    expect(entry.explanation.en).toContain('NAT gateway');
    expect({ ...entry }).toEqual(loadKnowledge([dir]).entries.find((e) => e.id === 'aws-vpc-public-private'));
  });
});
