/** Diagnose screen: unknown deployment ids, markdown explanations, keys arriving together. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnoseScreen } from '../../screens/DiagnoseScreen.js';
import type { DiagnoseServices, DiagnoseTarget } from '../../screens/hooks/useDiagnose.js';
import type { Engine, EngineEvent } from '../../src/services/ai/types.js';
import type { DiagnoseEvent, DiagnosisReport } from '../../src/services/diagnose/events.js';
import type { Finding } from '../../src/services/diagnose/types.js';
import { tempHome } from '../helpers/cli.js';
import { KEYS, renderTui } from '../helpers/render.js';

const disk: Finding = { check: 'disk-space', severity: 'critical', title: '/var is 99 % full', evidence: '/var: 99.0 % used', fix: 'du -xh /var' };
const load: Finding = { check: 'load-per-core', severity: 'ok', title: 'Load is within capacity', evidence: 'load 0.1', fix: '' };

/** A home with one deployment record, as `cloudya deploy` leaves it. */
function homeWithDeployment(id = 'local-demo-abc123'): string {
  const home = tempHome();
  const dir = path.join(home, 'deployments', id);
  mkdirSync(dir, { recursive: true });
  const now = '2026-11-25T12:00:00.000Z';
  writeFileSync(path.join(dir, 'deployment.json'), JSON.stringify({ id, template: 'local/demo', template_source: 'builtin', status: 'applied', params: {}, sensitive: [], created: now, updated: now, outputs: {}, resources: [], operations: [] }));
  return home;
}

function countingRunner() {
  const calls: DiagnoseTarget[] = [];
  const run: DiagnoseServices['run'] = async function* (req) {
    calls.push({ kind: req.kind, target: req.target });
    yield { type: 'start', checks: [] } as DiagnoseEvent;
    const report: DiagnosisReport = { kind: req.kind, target: req.target, status: 'critical', findings: [disk, load], counts: { critical: 1, warning: 0, info: 0, ok: 1, skipped: 0 }, durationMs: 10 };
    yield { type: 'done', report } as DiagnoseEvent;
  };
  return { run, calls };
}

describe('Diagnose screen: deployment ids are checked as `cloudya diagnose deployment` does', () => {
  it('an unknown id gets the clear error and the did-you-mean, not a run of skipped checks', async () => {
    const env = { ...process.env, CLOUDYA_HOME: homeWithDeployment() };
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ env }} />);
    await ui.press(KEYS.down, KEYS.down, KEYS.enter);
    await ui.waitFor((f) => f.includes('Deployment id:'));
    await ui.type('local-demo-abc124');
    await ui.press(KEYS.enter);
    const f = await ui.waitFor((x) => x.includes('unknown deployment'));
    expect(f).toContain('unknown deployment "local-demo-abc124"');
    expect(f).toContain('did you mean "local-demo-abc123"?');
    expect(f).not.toMatch(/skipped/);
    // The id can be corrected where it was typed.
    expect(f).toContain('Deployment id: local-demo-abc124');
    ui.unmount();
  });

  it('an id nothing resembles says how to list deployments', async () => {
    const env = { ...process.env, CLOUDYA_HOME: homeWithDeployment() };
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ env }} />);
    await ui.press(KEYS.down, KEYS.down, KEYS.enter);
    // Typed before the field exists, the keys would go to the menu.
    await ui.waitFor((f) => f.includes('Deployment id:'));
    await ui.type('local-demo-nope');
    await ui.press(KEYS.enter);
    const f = await ui.waitFor((x) => x.includes('unknown deployment'));
    expect(f).toContain('unknown deployment "local-demo-nope"');
    expect(f).toContain('cloudya deploy list-deployments');
    expect(f).not.toMatch(/skipped/);
    ui.unmount();
  });

  it('a screen opened on an unknown deployment shows the error instead of running checks', async () => {
    const runner = countingRunner();
    const env = { ...process.env, CLOUDYA_HOME: homeWithDeployment() };
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ env, diagnose: { run: runner.run, initialTarget: { kind: 'deployment', target: 'local-demo-abc124' } } }} />);
    const f = await ui.waitFor((x) => x.includes('unknown deployment'));
    expect(f).toContain('did you mean "local-demo-abc123"?');
    expect(runner.calls).toEqual([]);
    ui.unmount();
  });

  it('a known id (or a unique prefix of one) runs the diagnosis on the full id', async () => {
    const runner = countingRunner();
    const env = { ...process.env, CLOUDYA_HOME: homeWithDeployment() };
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ env, diagnose: { run: runner.run } }} />);
    await ui.press(KEYS.down, KEYS.down, KEYS.enter);
    await ui.waitFor((f) => f.includes('Deployment id:'));
    await ui.type('local-demo');
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => x.includes('1 critical'));
    expect(runner.calls).toEqual([{ kind: 'deployment', target: 'local-demo-abc123' }]);
    expect(ui.frame()).toContain('deployment local-demo-abc123');
    ui.unmount();
  });
});

describe('Diagnose screen: the assistant explanation', () => {
  it('is rendered as markdown (no ## nor backticks on screen)', async () => {
    const runner = countingRunner();
    const engine: Engine = {
      name: 'fake',
      async *ask(): AsyncIterable<EngineEvent> {
        yield { type: 'done', answer: { explanation: '## Likely cause\n\nThe `/var` filesystem is **almost full**:\n\n- logs grew\n- old kernels', commands: [], risks: [], sources: [] } };
      },
    };
    const ui = await renderTui(<DiagnoseScreen active width={100} height={20} services={{ diagnose: { run: runner.run, initialTarget: { kind: 'system' }, createEngine: () => engine } }} />);
    await ui.waitFor((f) => f.includes('1 critical'));
    await ui.press('e');
    const f = await ui.waitFor((x) => x.includes('logs grew'));
    expect(f).toContain('Likely cause');
    expect(f).toContain('The /var filesystem is almost full');
    expect(f).not.toContain('##');
    expect(f).not.toContain('`');
    expect(f).not.toContain('**');
    ui.unmount();
  });
});

describe('Diagnose screen: keys arriving together', () => {
  it('acts on a command key that arrives with others in one chunk', async () => {
    const runner = countingRunner();
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ diagnose: { run: runner.run, initialTarget: { kind: 'system' } } }} />);
    await ui.waitFor((f) => f.includes('1 critical'));
    expect(runner.calls.length).toBe(1);
    await ui.type('rr');
    await ui.waitFor(() => runner.calls.length >= 2);
    await ui.waitFor((f) => f.includes('1 critical'));
    await ui.type('xn'); // a stray key before n: n still opens the target choice
    await ui.waitFor((f) => f.includes('choose what to check'));
    ui.unmount();
  });
});
