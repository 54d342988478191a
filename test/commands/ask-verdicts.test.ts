/**
 * `ask` remembers the verdicts of knowledge-base commands on disk (~/.cloudya/cache/verdicts.json) so a
 * later question needs no shell grammar; a user policy given later still decides the verdict shown.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';

const KB = path.join(ROOT, 'test/fixtures/knowledge-mini');
const QUESTION = 'make my s3 bucket private and encrypted';

async function verdicts(env: Record<string, string>): Promise<Array<{ command: string; verdict: string; reasons: Array<{ rule: string }> }>> {
  const r = await runCli(['ask', QUESTION, '--output', 'json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).commands;
}

describe('ask: remembered verdicts', () => {
  it('are kept on disk, and a safety.deny set afterwards still denies', async () => {
    const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: KB };
    const first = await verdicts(env);
    expect(first.length).toBeGreaterThan(1);
    const file = path.join(env.CLOUDYA_HOME, 'cache', 'verdicts.json');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('aws s3api create-bucket');
    expect(await verdicts(env)).toEqual(first);
    const denied = await verdicts({ ...env, CLOUDYA_SAFETY_DENY: 'aws s3api *' });
    expect(denied.map((c) => c.verdict)).toEqual(first.map(() => 'deny'));
    expect(denied[0].reasons.map((r) => r.rule)).toContain('user.deny');
    expect(await verdicts(env)).toEqual(first);
  });
});
