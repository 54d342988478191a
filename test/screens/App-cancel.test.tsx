/** Ctrl+C stops running work first - on any screen, since screens stay mounted - and quits only after; q never stops an apply. */
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/App.js';
import type { DeployFacade } from '../../src/services/deployments/facade.js';
import type { DeployEvent } from '../../src/services/deployments/operations.js';
import type { Deployment } from '../../src/services/deployments/types.js';
import { defaultRoots, listTemplates } from '../../src/services/terraform/catalog.js';
import { tempHome } from '../helpers/cli.js';
import { eventually, KEYS, renderTui } from '../helpers/render.js';

const size = { columns: 100, rows: 30 };

/** A facade whose plan runs until it is cancelled (as a long terraform plan would). */
function slowPlanFacade() {
  const aborted: string[] = [];
  const doc = (status: Deployment['status']): Deployment => ({
    id: 'local-demo-abc123', template: 'local/demo', template_source: 'builtin', status, params: {}, sensitive: [], created: '2026-11-25T12:00:00.000Z', updated: '2026-11-25T12:00:05.000Z', outputs: {}, resources: [], operations: [], dir: '/tmp/x',
  });
  async function* run(signal: AbortSignal): AsyncGenerator<DeployEvent, unknown> {
    yield { type: 'phase', phase: 'plan', id: 'local-demo-abc123' };
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    aborted.push('local-demo-abc123');
    yield { type: 'done', id: 'local-demo-abc123', result: 'interrupted', deployment: doc('interrupted'), errors: [] };
    return undefined;
  }
  const facade: DeployFacade = {
    listTemplates: () => listTemplates(defaultRoots()),
    listDeployments: async () => [],
    deploy: (_t, _v, _confirm, signal) => run(signal),
    destroy: (_id, _confirm, signal) => run(signal),
    log: async () => [],
  };
  return { facade, aborted };
}

async function startPlan(t: Awaited<ReturnType<typeof renderTui>>) {
  await t.waitFor((x) => x.includes('Pick a provider'));
  await t.press(KEYS.down, KEYS.down, KEYS.down);
  await t.waitFor((x) => /› local\s+\(\d+\)/.test(x));
  await t.press(KEYS.enter, KEYS.enter);
  await t.waitFor((x) => x.includes('Parameters of local/demo'));
  await t.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
  await t.waitFor((x) => x.includes('Planning local-demo-abc123'));
}

// Several screens and waits of up to 30 s each on a loaded machine: more than the default 30 s per test.
describe('cancel before quitting', { timeout: 120_000 }, () => {
  it('Ctrl+C on another screen stops a running deploy instead of quitting; the next Ctrl+C quits', async () => {
    const onExit = vi.fn();
    const { facade, aborted } = slowPlanFacade();
    const t = await renderTui(<App initialScreen="deploy" size={size} services={{ env: { CLOUDYA_HOME: tempHome() }, deploy: facade, monitor: { record: false } }} onExit={onExit} />);
    await startPlan(t);
    await t.press('2'); // Monitor
    await t.waitFor((x) => /^ Monitor /m.test(x));
    await t.press(KEYS.ctrlC);
    // The abort is the evidence this Ctrl+C was handled; only then is "did not quit" meaningful.
    await eventually(() => expect(aborted).toEqual(['local-demo-abc123']));
    expect(onExit).not.toHaveBeenCalled();
    await t.press('3');
    await t.waitFor((x) => x.includes('local-demo-abc123 interrupted'));
    await t.press(KEYS.ctrlC);
    await eventually(() => expect(onExit).toHaveBeenCalledTimes(1));
    t.unmount();
  });

  it('q while a deploy runs does not stop it: it says Ctrl+C does; after Ctrl+C, q quits', async () => {
    const onExit = vi.fn();
    const { facade, aborted } = slowPlanFacade();
    const t = await renderTui(<App initialScreen="deploy" size={size} services={{ env: { CLOUDYA_HOME: tempHome() }, deploy: facade }} onExit={onExit} />);
    await startPlan(t);
    expect(t.frame()).not.toMatch(/elapsed -\d/);
    await t.press('q');
    // The notice shows q was handled: only then do "not quit, not stopped" mean something.
    await t.waitFor((x) => x.includes('An operation is running: press Ctrl+C to stop it cleanly, then q to quit.'));
    expect(onExit).not.toHaveBeenCalled();
    expect(aborted).toEqual([]);
    await t.press(KEYS.ctrlC);
    await eventually(() => expect(aborted).toHaveLength(1));
    await t.waitFor((x) => x.includes('local-demo-abc123 interrupted'));
    await t.press('q');
    await eventually(() => expect(onExit).toHaveBeenCalledTimes(1));
    t.unmount();
  });
});
