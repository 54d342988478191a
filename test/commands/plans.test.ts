/** `cloudya plans`: the one plans configuration, in English, French and JSON. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('cloudya plans', () => {
  it('lists the four plans with prices, monthly tokens and features', async () => {
    const r = await runCli(['plans']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Free\s+free\s+1,000 tokens\/month\s+basic commands, simple chat/);
    expect(r.stdout).toMatch(/Starter\s+€9\.99\/month\s+10,000 tokens\/month/);
    expect(r.stdout).toMatch(/Pro\s+€29\.99\/month\s+50,000 tokens\/month\s+.*execution mode/);
    expect(r.stdout).toMatch(/Enterprise\s+€99\.99\/month\s+200,000 tokens\/month\s+.*24\/7 support, SLA, on-premise/);
    expect(r.stdout).toContain('1,000 tokens = 1 EUR');
  });

  it('speaks French with --lang fr', async () => {
    const r = await runCli(['plans', '--lang', 'fr']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Pro\s+29,99\s€\/mois\s+50\s000 jetons\/mois/);
    expect(r.stdout).toContain("mode d'exécution");
  });

  it('--output json is one document with ids, cents and allowances', async () => {
    const r = await runCli(['plans', '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.plans.map((p: { id: string; price_cents: number; monthly_tokens: number }) => [p.id, p.price_cents, p.monthly_tokens])).toEqual([
      ['free', 0, 1000],
      ['starter', 999, 10_000],
      ['pro', 2999, 50_000],
      ['enterprise', 9999, 200_000],
    ]);
    expect(doc).toMatchObject({ tokens_per_euro: 1000, rollover_share: 0.2 });
  });
});
