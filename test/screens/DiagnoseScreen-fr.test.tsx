import { afterEach, describe, expect, it } from 'vitest';
import { DiagnoseScreen } from '../../screens/DiagnoseScreen.js';
import type { DiagnoseServices } from '../../screens/hooks/useDiagnose.js';
import { setLang } from '../../src/core/i18n.js';
import type { DiagnoseEvent, DiagnosisReport } from '../../src/services/diagnose/events.js';
import type { Finding } from '../../src/services/diagnose/types.js';
import { KEYS, renderTui } from '../helpers/render.js';

const findings: Finding[] = [
  { check: 'disk-space', severity: 'critical', title: '/var plein à 99 %', evidence: '/var : 99 %', fix: '' },
  { check: 'load-per-core', severity: 'warning', title: 'Charge de 1.6 par cœur', evidence: 'charge 1.6', fix: '' },
  { check: 'clock-sync', severity: 'skipped', title: "Synchronisation de l'horloge", evidence: 'pas de timedatectl', fix: '' },
];

const run: DiagnoseServices['run'] = async function* (req) {
  const checks = findings.map((f) => ({ id: f.check, title: f.title }));
  yield { type: 'start', checks } as DiagnoseEvent;
  for (const f of findings) yield { type: 'check-done', check: { id: f.check, title: f.title }, findings: [f], durationMs: 1 } as DiagnoseEvent;
  const report: DiagnosisReport = { kind: req.kind, target: req.target, status: 'critical', findings, counts: { critical: 1, warning: 1, info: 0, ok: 0, skipped: 1 }, durationMs: 10 };
  yield { type: 'done', report } as DiagnoseEvent;
};

describe('Diagnose screen in French', () => {
  afterEach(() => setLang('en'));
  it('names the target and the severities in French, in the list and in the details', async () => {
    setLang('fr');
    const t = await renderTui(<DiagnoseScreen active width={80} height={20} services={{ diagnose: { run } }} />);
    await t.press(KEYS.enter);
    let f = await t.waitFor((x) => x.includes('1 critique'));
    expect(f).toMatch(/^ système - /m);
    expect(f).toMatch(/✗ critique\s+\/var plein à 99 %/);
    expect(f).toMatch(/! avertissement\s+Charge de 1.6 par cœur/);
    expect(f).toMatch(/- ignorée\s+Synchronisation/);
    expect(f).not.toMatch(/critical|warning|skipped/);
    await t.press(KEYS.enter);
    f = await t.waitFor((x) => x.includes('Constat'));
    expect(f).toContain('✗ CRITIQUE  /var plein à 99 %');
    t.unmount();
  });
});
