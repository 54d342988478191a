import { describe, expect, it } from 'vitest';
import { ExplanationStream, parseAnswer } from '../../../src/services/ai/parse.js';

const doc = { explanation: 'Use **versioning**.\n- a "quoted" bit', commands: [{ command: 'aws s3 ls', description: 'List buckets' }], risks: ['cost'], sources: ['https://docs.aws.amazon.com/s3/'] };

describe('parseAnswer', () => {
  it('reads plain JSON, fenced JSON and JSON wrapped in prose', () => {
    const json = JSON.stringify(doc);
    expect(parseAnswer(json)).toEqual(doc);
    expect(parseAnswer('```json\n' + json + '\n```')).toEqual(doc);
    expect(parseAnswer('Sure! Here is the answer:\n' + json + '\nHope it helps.')).toEqual(doc);
  });

  it('accepts commands given as plain strings', () => {
    const a = parseAnswer(JSON.stringify({ explanation: 'x', commands: ['kubectl get pods'], risks: 'one risk' }));
    expect(a.commands).toEqual([{ command: 'kubectl get pods', description: '' }]);
    expect(a.risks).toEqual(['one risk']);
    expect(a.sources).toEqual([]);
  });

  it('falls back to prose and takes commands from shell code blocks only', () => {
    const prose = 'Run this:\n\n```bash\n$ kubectl get pods -A\n# a comment\nkubectl describe pod \\\n  web-1\n```\n\nManifest:\n```yaml\napiVersion: v1\n```\n';
    const a = parseAnswer(prose);
    expect(a.explanation).toBe(prose.trim());
    expect(a.commands.map((c) => c.command)).toEqual(['kubectl get pods -A', 'kubectl describe pod web-1']);
  });
});

describe('ExplanationStream', () => {
  it('shows only the decoded explanation while JSON streams in tiny pieces', () => {
    const raw = JSON.stringify({ explanation: 'Line 1\nQuote " and é \u00e9 done', commands: [] });
    const s = new ExplanationStream();
    let shown = '';
    for (let i = 0; i < raw.length; i += 3) shown += s.push(raw.slice(i, i + 3));
    expect(shown).toBe('Line 1\nQuote " and é é done');
    expect(s.text).toBe(raw);
  });

  it('passes prose through as it comes', () => {
    const s = new ExplanationStream();
    expect(s.push('Hello ')).toBe('Hello ');
    expect(s.push('world')).toBe('world');
  });
});
