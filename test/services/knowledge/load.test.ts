import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge, openKnowledge } from '../../../src/services/knowledge/index.js';
import { entryLines } from '../../../src/services/knowledge/load.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

const MINI = path.join(ROOT, 'test/fixtures/knowledge-mini');
const BROKEN = path.join(ROOT, 'test/fixtures/knowledge-broken');

describe('knowledge loading', () => {
  it('loads every valid entry with its file and line', () => {
    const kb = loadKnowledge([MINI]);
    expect(kb.problems).toEqual([]);
    expect(kb.entries.map((e) => e.id).sort()).toEqual(['aws-s3-secure-bucket', 'aws-vpc-public-private', 'docker-compose-development']);
    const vpc = kb.entries.find((e) => e.id === 'aws-vpc-public-private')!;
    expect(vpc.domain).toBe('aws');
    expect(vpc.source.file).toBe(path.join(MINI, 'aws.yaml'));
    expect(vpc.source.line).toBe(35);
    expect(vpc.title.fr).toBe('Créer un VPC avec des sous-réseaux publics et privés');
  });

  it('reports a syntax error with file and line, a bad entry with its line, and still loads the rest', () => {
    const kb = loadKnowledge([BROKEN, MINI]);
    expect(kb.entries.map((e) => e.id)).toContain('linux-disk-full');
    expect(kb.entries.map((e) => e.id)).toContain('aws-s3-secure-bucket');
    const syntax = kb.problems.find((p) => p.file.endsWith('broken.yaml'))!;
    expect(syntax.message).toMatch(/YAML/);
    expect(syntax.line).toBeGreaterThanOrEqual(4);
    const bad = kb.problems.find((p) => p.file.endsWith('partial.yaml'))!;
    expect(bad.line).toBe(23);
    expect(bad.message).toMatch(/Linux_Bad_Entry/);
    expect(bad.message).toMatch(/kebab-case/);
    expect(bad.message).toMatch(/title/);
    expect(bad.message).toMatch(/explanation/);
  });

  it("lets the user's folder add entries and override bundled ones by id", () => {
    const home = tempHome();
    const dir = path.join(home, 'knowledge');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'mine.yaml'),
      `domain: aws
entries:
  - id: aws-s3-secure-bucket
    title: {en: "Our S3 bucket standard", fr: "Notre standard de bucket S3"}
    questions: {en: ["company s3 bucket"], fr: ["bucket s3 maison"]}
    keywords: {en: [s3], fr: [s3]}
    explanation: {en: "Use the company module.", fr: "Utilisez le module maison."}
    commands:
      - command: terraform apply
        description: {en: Apply, fr: Appliquer}
    risks: {en: ["none"], fr: ["aucun"]}
    docs: ["https://example.com/s3"]
`,
    );
    const k = openKnowledge({ CLOUDYA_HOME: home, CLOUDYA_KNOWLEDGE_DIR: MINI });
    const s3 = k.base.entries.filter((e) => e.id === 'aws-s3-secure-bucket');
    expect(s3).toHaveLength(1);
    expect(s3[0].title.en).toBe('Our S3 bucket standard');
    expect(k.base.entries).toHaveLength(3);
  });

  it('finds the line of each entry of the list', () => {
    expect(entryLines('domain: x\nentries:\n  - id: a\n    title: t\n  - id: b\n')).toEqual([3, 5]);
    expect(entryLines('entries:\n- id: a\n  list:\n  - x\n- id: b\n')).toEqual([2, 5]);
  });
});
