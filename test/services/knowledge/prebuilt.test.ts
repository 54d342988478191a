/**
 * The knowledge cache shipped with the package: written by the build, read on a machine whose own cache
 * does not exist yet, refused as soon as a knowledge file or the search code differs from what it was built from.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearKnowledgeCache, loadKnowledge, openKnowledge } from '../../../src/services/knowledge/index.js';
import { readPrebuilt, writePrebuilt, yamlFilesIn } from '../../../src/services/knowledge/prebuilt.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

function setup() {
  const scratch = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-prebuilt-'));
  const dir = path.join(scratch, 'knowledge');
  cpSync(path.join(ROOT, 'test/fixtures/knowledge-mini'), dir, { recursive: true });
  return { dir, shipped: path.join(scratch, 'dist', 'knowledge-cache.pack'), env: { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: dir } };
}

describe('knowledge cache shipped with the package', () => {
  it('answers the first question on a new machine without parsing YAML, then seeds the user cache', () => {
    const { dir, shipped, env } = setup();
    expect(writePrebuilt(dir, shipped)).toBe(3);
    // Built elsewhere: no path of the build machine inside.
    expect(readFileSync(shipped, 'utf8')).not.toContain(dir);
    clearKnowledgeCache();
    const first = openKnowledge(env, undefined, { prebuilt: shipped });
    expect(first.cached).toBe(true);
    expect(first.index.search('chiffrer un bucket s3').hits[0].entry.id).toBe('aws-s3-secure-bucket');
    // Entries point at this machine's files (error messages, --debug).
    expect(first.base.entries.every((e) => e.source.file.startsWith(dir))).toBe(true);
    // Whole entries, their texts read from the shipped file.
    expect(JSON.parse(JSON.stringify(first.base.entries))).toEqual(JSON.parse(JSON.stringify(loadKnowledge([dir]).entries)));
    expect(existsSync(path.join(env.CLOUDYA_HOME, 'cache', 'knowledge.pack'))).toBe(true);
    // The next run reads the user's copy, whose entries point at this machine's files too.
    clearKnowledgeCache();
    const next = openKnowledge(env, undefined, { prebuilt: path.join(path.dirname(shipped), 'missing.pack') });
    expect(next.cached).toBe(true);
    expect(next.base.entries.every((e) => e.source.file.startsWith(dir))).toBe(true);
    expect(next.index.search('chiffrer un bucket s3').hits[0].entry.commands).toEqual(first.index.search('chiffrer un bucket s3').hits[0].entry.commands);
  });

  it('is not used when a knowledge file differs from the one it was built from', () => {
    const { dir, shipped, env } = setup();
    writePrebuilt(dir, shipped);
    const file = path.join(dir, 'docker.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('docker-compose for local development', 'Compose stack for laptops'));
    expect(readPrebuilt(dir, yamlFilesIn(dir), shipped)).toBeUndefined();
    clearKnowledgeCache();
    const k = openKnowledge(env, undefined, { prebuilt: shipped });
    expect(k.cached).toBeUndefined();
    expect(k.base.entries.find((e) => e.id === 'docker-compose-development')!.title.en).toBe('Compose stack for laptops');
  });
});
