/**
 * The Diagnose screen's "e" (explain) with the engine the user configured - no engine injected: the
 * offline engine over the shipped knowledge base, and an OpenAI-compatible engine (the test double
 * speaking the Chat Completions wire format) chosen in config.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnoseEvent, DiagnosisReport } from '../../src/services/diagnose/events.js';
import type { Finding } from '../../src/services/diagnose/types.js';
import { DiagnoseScreen } from '../../screens/DiagnoseScreen.js';
import type { DiagnoseServices } from '../../screens/hooks/useDiagnose.js';
import { tempHome } from '../helpers/cli.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { KEYS, renderTui } from '../helpers/render.js';

const disk: Finding = { check: 'disk-space', severity: 'critical', title: '/var is 99 % full', evidence: '/var (ext4 on /dev/sda2): 99.0 % used, 120 MiB free of 20 GiB', fix: 'du -xh --max-depth=2 /var | sort -h | tail -20' };

/** A diagnosis that finds the full disk (the screen's side; the explanation is what is under test). */
const run: DiagnoseServices['run'] = async function* (req) {
  const check = { id: 'disk-space', title: 'Disk space per filesystem' };
  yield { type: 'start', checks: [check] } as DiagnoseEvent;
  yield { type: 'check-done', check, findings: [disk], durationMs: 4 } as DiagnoseEvent;
  const report: DiagnosisReport = { kind: req.kind, target: req.target, status: 'critical', findings: [disk], counts: { critical: 1, warning: 0, info: 0, ok: 0, skipped: 0 }, durationMs: 4 };
  yield { type: 'done', report } as DiagnoseEvent;
};

async function explainDisk(env: NodeJS.ProcessEnv) {
  const ui = await renderTui(<DiagnoseScreen active width={110} height={30} services={{ env, diagnose: { run } }} />);
  await ui.waitFor((f) => f.includes('choose what to check'));
  await ui.press(KEYS.enter);
  await ui.waitFor((f) => f.includes('1 critical, 0 warnings'));
  await ui.press(KEYS.enter);
  await ui.waitFor((f) => f.includes('Evidence:'));
  await ui.press('e');
  return ui;
}

describe('Diagnose screen: explain with the configured engine', () => {
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi({ models: ['gpt-test'] });
  });
  afterAll(() => server.close());

  it('the default (offline) engine answers from the shipped knowledge base', async () => {
    const ui = await explainDisk({ CLOUDYA_HOME: tempHome() });
    const f = await ui.waitFor((x) => /Assistant:/.test(x) && !x.includes('asking the assistant...'));
    // Only the assistant's part: the finding's own fix (du ...) is above it.
    const answer = f.slice(f.indexOf('Assistant:'));
    expect(answer).not.toMatch(/unavailable|error/i);
    // The knowledge base's entry for a full disk, with its commands.
    expect(answer).toContain('Disk full - find what uses the space');
    // A long entry goes past the pane: its commands are reached by scrolling, as a user would.
    let frame = f;
    for (let i = 0; i < 12 && !/Commands:\n\s+df -hT\n/.test(frame); i++) {
      const before = frame;
      await ui.press(KEYS.pageDown);
      frame = await ui.waitFor((x) => x !== before);
    }
    expect(frame).toMatch(/Commands:\n\s+df -hT\n/);
    ui.unmount();
  });

  it('ai.engine openai in config.json: the request carries the finding and its evidence, the answer is shown', async () => {
    const home = tempHome();
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ ai: { engine: 'openai', base_url: server.url, model: 'gpt-test', api_key_env: 'CLOUDYA_TEST_KEY' } }));
    server.enqueue({ content: JSON.stringify({ explanation: 'Journald filled /var: trim it.', commands: [{ command: 'journalctl --vacuum-size=200M', description: 'trim' }], risks: [], sources: [] }) });
    const before = server.requests.length;
    const ui = await explainDisk({ CLOUDYA_HOME: home, CLOUDYA_TEST_KEY: 'sk-test-123' });
    const f = await ui.waitFor((x) => x.includes('Journald filled /var: trim it.'));
    expect(f).toContain('journalctl --vacuum-size=200M');
    const req = server.requests[before];
    expect(req.authorization).toBe('Bearer sk-test-123');
    const sent = JSON.stringify(req.body.messages);
    expect(sent).toContain('/var is 99 % full');
    expect(sent).toContain('120 MiB free of 20 GiB');
    ui.unmount();
  });
});
