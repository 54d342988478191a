/** Leaving a screen or opening the help must not lose what the screen holds or is doing. */
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/App.js';
import type { DiagnoseEvent, DiagnosisReport } from '../../src/services/diagnose/events.js';
import type { DiagnoseServices } from '../../screens/hooks/useDiagnose.js';
import type { Engine, EngineEvent } from '../../src/services/ai/types.js';
import { tempHome } from '../helpers/cli.js';
import { flush, KEYS, renderTui } from '../helpers/render.js';

const size = { columns: 100, rows: 30 };

/** An engine that streams a numbered answer slowly, so it is still running while the user moves around. */
function slowEngine(): Engine {
  return {
    name: 'slow',
    async *ask(req): AsyncIterable<EngineEvent> {
      for (let i = 0; i < 12; i++) {
        if (req.signal?.aborted) return;
        await new Promise((r) => setTimeout(r, 40));
        yield { type: 'token', text: `part${i} ` };
      }
      yield { type: 'done', answer: { explanation: 'the whole story, finished', commands: [], risks: [], sources: [] } };
    },
  };
}

/** A diagnosis runner that finishes after a short while. */
const runner: DiagnoseServices['run'] = async function* (req) {
  const checks = [{ id: 'disk-space', title: 'Disk space per filesystem' }];
  yield { type: 'start', checks } as DiagnoseEvent;
  await new Promise((r) => setTimeout(r, 300));
  const finding = { check: 'disk-space', severity: 'critical' as const, title: '/var is 99 % full', evidence: '99 %', fix: '' };
  yield { type: 'check-done', check: checks[0], findings: [finding], durationMs: 300 } as DiagnoseEvent;
  const report: DiagnosisReport = { kind: req.kind, status: 'critical', findings: [finding], counts: { critical: 1, warning: 0, info: 0, ok: 0, skipped: 0 }, durationMs: 300 };
  yield { type: 'done', report } as DiagnoseEvent;
};

describe('the shell keeps screens alive', () => {
  it('a streaming answer goes on while the user visits other screens and the help, and the conversation is still there', async () => {
    const onExit = vi.fn();
    const services = { env: { CLOUDYA_HOME: tempHome() }, chat: { engineFactory: () => slowEngine(), focusInput: true, autosave: false } };
    const t = await renderTui(<App size={size} services={services} onExit={onExit} />);
    await t.waitFor((x) => x.includes('Ask a DevOps question')); // the screen loads lazily
    await flush(200); // and subscribes to keys right after its first frame
    await t.type('tell me a story');
    await t.waitFor((x) => x.includes('› tell me a story'));
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('part1'));
    await t.press(KEYS.tab);
    await t.waitFor((x) => /^ Monitor /m.test(x));
    await t.press(KEYS.shiftTab); // back to Chat, while the answer streams
    await t.waitFor((x) => /^ Chat /m.test(x));
    await t.press(KEYS.escape); // leave the input, then open the help
    await t.waitFor((x) => x.includes('type to ask'));
    await t.press('?');
    await t.waitFor((x) => x.includes('Cloudya - keys'));
    await t.press(KEYS.escape);
    const f = await t.waitFor((x) => x.includes('the whole story, finished'));
    expect(f).toContain('› tell me a story');
    expect(f).not.toContain('Answer interrupted.');
    expect(onExit).not.toHaveBeenCalled();
    t.unmount();
  });

  it('a diagnosis started on the Diagnose screen is still there after a visit to Chat', async () => {
    const t = await renderTui(<App size={size} initialScreen="diagnose" services={{ env: { CLOUDYA_HOME: tempHome() }, diagnose: { run: runner } }} />);
    await t.waitFor((x) => x.includes('choose what to check'));
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('Disk space per filesystem'));
    await t.press('1');
    await t.waitFor((x) => x.includes('Ask anything about AWS'));
    // The chat input has focus (a digit would start a question): Shift+Tab goes back to Diagnose.
    await t.press(KEYS.shiftTab);
    const f = await t.waitFor((x) => x.includes('1 critical'));
    expect(f).toContain('/var is 99 % full');
    t.unmount();
  });
});
