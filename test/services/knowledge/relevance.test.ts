/**
 * Relevance floor of the offline engine over the real knowledge base: every query of
 * test/fixtures/queries/*.yaml names the entry that should come first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { answerOffline } from '../../../src/services/ai/offline.js';
import { loadKnowledge, KnowledgeIndex, CONFIDENCE_THRESHOLD } from '../../../src/services/knowledge/index.js';
import { ROOT } from '../../helpers/cli.js';

const QUERIES = path.join(ROOT, 'test/fixtures/queries');
const queries = readdirSync(QUERIES)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => (yaml.load(readFileSync(path.join(QUERIES, f), 'utf8')) as Array<{ q: string; expect: string }>).map((x) => ({ ...x, file: f })));
const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
const index = new KnowledgeIndex(base.entries);

describe('relevance over the bundled knowledge base', () => {
  it('loads without problems', () => {
    expect(base.problems).toEqual([]);
    expect(base.entries.length).toBeGreaterThan(0);
  });

  it('ranks the expected entry in the top 3 for at least 90% of the query set', () => {
    let top1 = 0;
    let top3 = 0;
    let confident = 0;
    const misses: string[] = [];
    for (const { q, expect: id, file } of queries) {
      const r = index.search(q, 3);
      const ids = r.hits.map((h) => h.entry.id);
      if (ids[0] === id) top1++;
      if (ids.includes(id)) top3++;
      else misses.push(`${file}: "${q}" -> expected ${id}, got ${ids.join(', ') || '(nothing)'}`);
      if (ids[0] === id && r.confidence >= CONFIDENCE_THRESHOLD) confident++;
    }
    const n = queries.length;
    console.log(
      `relevance: ${n} queries, ${base.entries.length} entries: top-1 ${((100 * top1) / n).toFixed(1)}%, top-3 ${((100 * top3) / n).toFixed(1)}%, right and confident ${((100 * confident) / n).toFixed(1)}%`,
    );
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(n).toBeGreaterThan(0);
    expect(top3 / n).toBeGreaterThanOrEqual(0.9);
  });

  it('answers "I don\'t know" to clearly off-topic questions in both languages', () => {
    const offTopic: Array<[string, 'en' | 'fr']> = [
      ['How do I bake a chocolate cake?', 'en'],
      ['What is the best recipe for lasagna with spinach?', 'en'],
      ['Quelle est la recette de la tarte aux pommes ?', 'fr'],
      ['Comment faire une mayonnaise maison qui ne tombe pas ?', 'fr'],
      ['how do I fix a flat bicycle tire', 'en'],
      ['how to grow tomatoes in a container', 'en'],
      ['who won the football world cup in 2018', 'en'],
      ['quel temps fera-t-il demain à Paris ?', 'fr'],
      ['comment réparer une fuite de robinet', 'fr'],
      ['meilleur restaurant italien à Lyon', 'fr'],
      ['write me a poem about the sea', 'en'],
      ['best way to learn python programming', 'en'],
      ['how do I train my dog to sit', 'en'],
      ['what are the symptoms of the flu', 'en'],
      ['how many calories in a banana', 'en'],
      ['how do I change the oil in my car', 'en'],
      ['translate hello into spanish', 'en'],
      ['comment apprendre la guitare rapidement', 'fr'],
      ["quelle est la capitale de l'Australie ?", 'fr'],
      ['comment tricoter une écharpe', 'fr'],
    ];
    for (const [q, lang] of offTopic) {
      const a = answerOffline({ base, index, loadMs: 0 }, q, lang);
      expect(a.unknown, q).toBe(true);
      expect(a.commands).toEqual([]);
    }
  });

  it('answers a diagnosis finding given as context (the diagnose screen\'s "explain")', () => {
    const cases: Array<[string, string, string]> = [
      ['Memory pressure: 92% used', 'MemAvailable 310 MiB of 4 GiB; swap 80% used', 'linux-memory-oom'],
      ['Service nginx is failed', 'systemctl is-active nginx: failed; bind() to 0.0.0.0:80 failed (98: Address already in use)', 'linux-service-down'],
      ['The system clock is not synchronised', 'timedatectl: System clock synchronized: no; NTP service: inactive', 'linux-time-sync'],
    ];
    for (const [title, evidence, id] of cases) {
      const question = `Explain this diagnosis finding, its likely cause and how to fix it: ${title}`;
      const context = `Diagnosis target: system\nSeverity: critical\nFinding: ${title}\nEvidence:\n${evidence}`;
      const a = answerOffline({ base, index, loadMs: 0 }, question, 'en', context);
      expect(a.entries, title).toEqual([id]);
    }
  });

  it('explains the findings diagnose produces as the Diagnose screen asks (title as subject), confidently', () => {
    const findings = yaml.load(readFileSync(path.join(QUERIES, 'diagnose-findings.yaml'), 'utf8')) as Array<{ q: string; expect: string }>;
    const wrong: string[] = [];
    for (const { q: title, expect: id } of findings) {
      const fr = /[àâçéèêëîïôùû]|^(Le|La|L'|Aucun) /.test(title);
      const question = fr ? `Explique ce constat de diagnostic, sa cause probable et comment le corriger : ${title}` : `Explain this diagnosis finding, its likely cause and how to fix it: ${title}`;
      const context = `Diagnosis target: system\nSeverity: warning\nFinding: ${title}\nEvidence:\nhost web-01, pid 4242`;
      const a = answerOffline({ base, index, loadMs: 0 }, question, fr ? 'fr' : 'en', context, title);
      if (a.unknown || a.entries?.[0] !== id) wrong.push(`"${title}" -> expected ${id}, got ${a.entries?.[0] ?? `I don't know (${a.confidence})`}`);
    }
    console.log(`diagnose explain: ${findings.length - wrong.length}/${findings.length} right and answered${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`);
    expect((findings.length - wrong.length) / findings.length).toBeGreaterThanOrEqual(0.9);
    // The QA case: process names unknown to the base must not turn a clear finding into "I don't know".
    const oom = answerOffline({ base, index, loadMs: 0 }, 'Explain this diagnosis finding: OOM killer killed python3, perl', 'en', 'Evidence:\nOut of memory: Killed process 812 (python3)', 'OOM killer killed python3, perl');
    expect(oom.entries).toEqual(['linux-memory-oom']);
    expect(oom.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
  });
});
