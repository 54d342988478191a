/**
 * Every command the knowledge base proposes goes through the same safety validator as the user's own
 * commands (it is shown with its verdict, and run only through it). Each must be shell the validator can
 * read once its <placeholders> are plain words: an unreadable proposal is blocked for the wrong reason.
 * Blocking a real admin command (a write under /etc, mkfs, reboot) is the validator doing its job.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutPlaceholders } from '../../../src/services/ai/verdicts.js';
import { loadKnowledge } from '../../../src/services/knowledge/index.js';
import { loadParser, validateWithParser } from '../../../src/services/safety/index.js';
import { ROOT } from '../../helpers/cli.js';

const base = loadKnowledge([path.join(ROOT, 'knowledge')]);

describe('commands of the bundled knowledge base', () => {
  it('all parse as shell and get a verdict from the safety validator', async () => {
    const parser = await loadParser();
    const unreadable: string[] = [];
    const verdicts = { allow: 0, confirm: 0, deny: 0 };
    for (const entry of base.entries) {
      for (const { command } of entry.commands) {
        const v = validateWithParser(parser, withoutPlaceholders(command), { home: '/home/user' });
        verdicts[v.verdict]++;
        if (v.reasons.some((r) => r.rule === 'parse.error')) unreadable.push(`${entry.id}: ${command}`);
      }
    }
    console.log(`knowledge commands: ${JSON.stringify(verdicts)}`);
    expect(verdicts.allow + verdicts.confirm + verdicts.deny).toBeGreaterThan(500);
    expect(unreadable).toEqual([]);
  });
});
