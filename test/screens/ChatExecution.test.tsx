/**
 * `cloudya chat -e` in the full-screen chat: after an answer its commands run one by one through the
 * sandbox service; confirm verdicts open a dialog (y runs, n/Enter skip), deny never runs,
 * placeholders are skipped, output streams, Ctrl+C stops the running command then quits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/App.js';
import { ChatScreen } from '../../screens/ChatScreen.js';
import type { ChatServices } from '../../screens/hooks/useChat.js';
import type { ExecuteCommand } from '../../screens/hooks/useChatExecution.js';
import { InterruptedError } from '../../src/core/errors.js';
import { setLang } from '../../src/core/i18n.js';
import type { Engine, ProposedCommand } from '../../src/services/ai/types.js';
import type { ExecutionRequest, ExecutionResult } from '../../src/services/sandbox/types.js';
import { tempHome } from '../helpers/cli.js';
import { eventually, KEYS, renderTui } from '../helpers/render.js';
import { describeWithTool } from '../helpers/tools.js';

type Verdict = 'allow' | 'confirm' | 'deny';

/** An engine whose every answer proposes the given commands. */
function answering(commands: string[]): Engine {
  return {
    name: 'scripted',
    async *ask() {
      yield { type: 'token', text: 'Here you go.' };
      const proposed: ProposedCommand[] = commands.map((command) => ({ command, description: '' }));
      yield { type: 'done', answer: { explanation: 'Here you go.', commands: proposed, risks: [], sources: [] } };
    },
  };
}

const REASONS: Record<Verdict, string> = { allow: '', confirm: 'deletes a Kubernetes resource', deny: 'deletes the root directory' };

/**
 * A stand-in for the sandbox service keeping its contract (deny never runs, confirm asks through
 * the callback, output through onOutput, Ctrl+C through the signal) so the screen's side is tested
 * on its own; the bubblewrap block below goes through the real service.
 */
function fakeSandbox(verdicts: Record<string, Verdict>, run?: (req: ExecutionRequest) => Promise<number>) {
  const ran: string[] = [];
  const asked: string[] = [];
  const execute: ExecuteCommand = async (req) => {
    const verdict = verdicts[req.command] ?? 'allow';
    const reasons = verdict === 'allow' ? [] : [{ rule: `test.${verdict}`, verdict, message: REASONS[verdict] }];
    const base: ExecutionResult = { command: req.command, verdict, executed: false, backend: null, exitCode: null, durationMs: 0, stdout: '', stderr: '', reasons };
    if (verdict === 'deny') return { ...base, notRunReason: 'denied' };
    if (verdict === 'confirm') {
      asked.push(req.command);
      if (!(await req.confirm({ message: `Run "${req.command}"?` }))) return { ...base, backend: 'bubblewrap', notRunReason: 'declined' };
    }
    ran.push(req.command);
    const exitCode = run ? await run(req) : (req.onOutput?.(`output of ${req.command}\n`, 'stdout'), 0);
    return { ...base, executed: true, backend: 'bubblewrap', exitCode, durationMs: 12 };
  };
  return { execute, ran, asked };
}

function services(commands: string[], execute: ExecuteCommand, extra: Partial<ChatServices> = {}) {
  const verdicts = async (cmds: string[]) => cmds.map((command) => ({ command, verdict: 'allow' as const, reasons: [] }));
  return {
    env: { CLOUDYA_HOME: tempHome() },
    chat: { engineFactory: () => answering(commands), focusInput: true, autosave: false, execute: true, executeCommand: execute, verdicts, ...extra } satisfies ChatServices,
  };
}

async function ask(t: Awaited<ReturnType<typeof renderTui>>, question = 'do it') {
  await t.type(question);
  await t.press(KEYS.enter);
}

afterEach(() => setLang('en'));

// Several screens and waits of up to 30 s each on a loaded machine: more than the default 30 s per test.
describe('chat screen, execution mode (chat -e)', { timeout: 120_000 }, () => {
  it('runs allowed commands one by one, streaming their output, then says exit code, backend and time', async () => {
    let release: () => void = () => {};
    const sandbox = fakeSandbox({}, async (req) => {
      req.onOutput?.('building\nstep 1\n', 'stdout');
      req.onOutput?.('step 2 (partial', 'stderr');
      await new Promise<void>((r) => (release = r));
      req.onOutput?.(')\ndone\n', 'stdout');
      return req.command === 'false' ? 1 : 0;
    });
    const t = await renderTui(<ChatScreen active width={90} height={24} services={services(['make build', 'false'], sandbox.execute)} />);
    await ask(t);
    const live = await t.waitFor((f) => f.includes('step 2 (partial'));
    expect(live).toMatch(/▶ 1\. make build/);
    expect(live).toMatch(/│ step 1/);
    expect(live).toMatch(/running command 1 · \d+\.\ds · Ctrl\+C stops it/);
    expect(sandbox.ran).toEqual(['make build']);
    release();
    await t.waitFor((f) => /▶ 2\. false/.test(f) && f.includes('step 2 (partial'));
    release();
    const f = await t.waitFor((x) => x.includes('exit 1 (bubblewrap, 12 ms)'));
    expect(f).toContain('exit 0 (bubblewrap, 12 ms)');
    expect(f).toMatch(/│ step 2 \(partial\)\n.*│ done/);
    expect(sandbox.ran).toEqual(['make build', 'false']);
    // Done: the input takes questions again.
    expect(f).toContain('engine scripted');
    t.unmount();
  });

  it('asks before a confirm command: y runs it, n and Enter do not', async () => {
    const cmds = ['kubectl delete pod web-1', 'kubectl delete pod web-2', 'kubectl delete pod web-3'];
    const sandbox = fakeSandbox(Object.fromEntries(cmds.map((c) => [c, 'confirm' as const])));
    const verdicts = async (list: string[]) => list.map((command) => ({ command, verdict: 'confirm' as const, reasons: [{ rule: 'kubectl.delete', verdict: 'confirm', message: REASONS.confirm }] }));
    const t = await renderTui(<ChatScreen active width={90} height={24} services={services(cmds, sandbox.execute, { verdicts })} />);
    await ask(t);
    const dialog = await t.waitFor((f) => f.includes('Run command 1?'));
    expect(dialog).toContain('kubectl delete pod web-1');
    expect(dialog).toContain('• deletes a Kubernetes resource');
    expect(dialog).toContain('y = yes, run it · n or Enter = no');
    expect(dialog).toContain('y run it · n or Enter skip it · Ctrl+C stop');
    expect(dialog.split('\n').length).toBeLessThanOrEqual(24);
    expect(sandbox.ran).toEqual([]);
    await t.press('y');
    await t.waitFor((f) => f.includes('Run command 2?'));
    expect(sandbox.ran).toEqual(['kubectl delete pod web-1']);
    await t.press('n');
    await t.waitFor((f) => f.includes('Run command 3?'));
    await t.press(KEYS.enter);
    const f = await t.waitFor((x) => !x.includes('Run command') && (x.match(/not run: you declined/g) ?? []).length === 2);
    expect(f).toContain('output of kubectl delete pod web-1');
    expect(f).toContain('exit 0 (bubblewrap, 12 ms)');
    expect(sandbox.asked).toEqual(cmds);
    expect(sandbox.ran).toEqual(['kubectl delete pod web-1']);
    t.unmount();
  });

  it('never runs a denied command and shows why; skips commands with placeholders', async () => {
    const sandbox = fakeSandbox({ 'rm -rf /': 'deny' });
    const t = await renderTui(<ChatScreen active width={100} height={24} services={services(['aws s3 mb s3://<bucket-name> --region <region>', 'rm -rf /', 'uptime'], sandbox.execute)} />);
    await ask(t);
    const f = await t.waitFor((x) => x.includes('output of uptime') && x.includes('exit 0'));
    expect(f).toContain("skipped: fill in <bucket-name> <region> first, then run it with: cloudya exec '...'");
    expect(f).toContain('not run: blocked by the safety check (deletes the root directory)');
    // The fake sandbox saw rm -rf / (and refused it) but never the placeholder command.
    expect(sandbox.ran).toEqual(['uptime']);
    t.unmount();
  });

  it('does not run anything without execution mode', async () => {
    const sandbox = fakeSandbox({});
    const t = await renderTui(<ChatScreen active width={90} height={20} services={services(['uptime'], sandbox.execute, { execute: false })} />);
    await ask(t);
    // The input footer names the engine again only once the answer (and any execution) is over.
    await t.waitFor((f) => f.includes('1. uptime') && f.includes('engine scripted'));
    expect(sandbox.ran).toEqual([]);
    expect(t.frame()).not.toContain('▶');
    t.unmount();
  });

  it('keeps a long output within the frame: only the last lines, with a count of the earlier ones', async () => {
    const sandbox = fakeSandbox({}, async (req) => {
      for (let i = 1; i <= 300; i++) req.onOutput?.(`line ${i}\n`, 'stdout');
      return 0;
    });
    const t = await renderTui(<ChatScreen active width={70} height={14} services={services(['seq 300'], sandbox.execute)} />);
    await ask(t);
    const f = await t.waitFor((x) => x.includes('exit 0'));
    expect(f.split('\n').length).toBeLessThanOrEqual(14);
    expect(f).toContain('line 300');
    expect(f).not.toContain('line 200\n');
    // The rest is in the conversation: scrolling up shows how many lines were cut.
    await t.press(KEYS.escape, KEYS.escape, KEYS.pageUp);
    await t.waitFor((x) => /… 288 earlier lines/.test(x));
    t.unmount();
  });

  it('Ctrl+C stops the running command and the rest of the list, a second Ctrl+C quits', async () => {
    const onExit = vi.fn();
    let signal: AbortSignal | undefined;
    const sandbox = fakeSandbox({}, (req) => {
      signal = req.signal;
      req.onOutput?.('waiting for ever\n', 'stdout');
      return new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new InterruptedError())));
    });
    const t = await renderTui(<App size={{ columns: 100, rows: 30 }} services={services(['sleep 1000', 'uptime', 'df -h'], sandbox.execute)} onExit={onExit} />);
    await ask(t);
    await t.waitFor((f) => f.includes('waiting for ever'));
    await t.press(KEYS.ctrlC);
    const f = await t.waitFor((x) => x.includes('stopped: interrupted (Ctrl+C)'));
    expect(signal?.aborted).toBe(true);
    expect(f).toContain('2 remaining command(s) not run.');
    expect(sandbox.ran).toEqual(['sleep 1000']);
    expect(onExit).not.toHaveBeenCalled();
    await t.press(KEYS.ctrlC);
    await eventually(() => expect(onExit).toHaveBeenCalledTimes(1));
    t.unmount();
  });

  it('Ctrl+C during the confirmation dialog runs nothing; other keys do not answer it', async () => {
    const onExit = vi.fn();
    const sandbox = fakeSandbox({ 'helm uninstall web': 'confirm' });
    const t = await renderTui(<App size={{ columns: 100, rows: 30 }} services={services(['helm uninstall web', 'uptime'], sandbox.execute)} onExit={onExit} />);
    await ask(t);
    await t.waitFor((f) => f.includes('Run command 1?'));
    await t.press('x', 'q');
    expect(t.frame()).toContain('Run command 1?');
    expect(onExit).not.toHaveBeenCalled();
    await t.press(KEYS.ctrlC);
    const f = await t.waitFor((x) => x.includes('stopped: interrupted (Ctrl+C)'));
    expect(f).not.toContain('Run command 1?');
    expect(f).toContain('1 remaining command(s) not run.');
    expect(sandbox.ran).toEqual([]);
    expect(onExit).not.toHaveBeenCalled();
    t.unmount();
  });

  it('lists y/n and Ctrl+C in the help overlay, while the status bar keeps the shell keys', async () => {
    const sandbox = fakeSandbox({});
    const t = await renderTui(<App size={{ columns: 100, rows: 30 }} services={services([], sandbox.execute, { focusInput: false })} />);
    await t.waitFor((f) => /q quit/.test(f.split('\n').at(-1) ?? ''));
    await t.press('?');
    const help = await t.waitFor((f) => f.includes('run / skip a command that needs confirmation (chat -e)'));
    expect(help).toContain('stop the answer or the running command');
    t.unmount();
  });

  it('speaks French', async () => {
    setLang('fr');
    const sandbox = fakeSandbox({ 'kubectl delete pod web-1': 'confirm' });
    const t = await renderTui(<ChatScreen active width={100} height={24} services={services(['kubectl delete pod web-1'], sandbox.execute)} />);
    await ask(t);
    await t.waitFor((f) => f.includes('Lancer la commande 1 ?'));
    expect(t.frame()).toContain('y = oui, la lancer · n ou Entrée = non');
    await t.press('n');
    await t.waitFor((f) => f.includes('non exécutée : vous avez refusé'));
    t.unmount();
  });
});

describeWithTool('bwrap', 'chat -e through the real sandbox service (bubblewrap)', () => {
  it('runs an allowed command in bubblewrap, asks before a confirm one, refuses a deny, and audits all', { timeout: 150_000 }, async () => {
    const home = tempHome();
    const env = { PATH: process.env.PATH, HOME: path.dirname(home), CLOUDYA_HOME: home, LANG: 'C.UTF-8' };
    const chat: ChatServices = { engineFactory: () => answering(['echo hello from the sandbox', 'kubectl delete pod web-1', 'rm -rf /']), focusInput: true, autosave: false, execute: true };
    const t = await renderTui(<ChatScreen active width={100} height={30} services={{ env, chat }} />);
    await ask(t);
    const dialog = await t.waitFor((f) => f.includes('Run command 2?'), 60_000);
    expect(dialog).toContain('hello from the sandbox');
    expect(dialog).toMatch(/exit 0 \(bubblewrap, \d+ ms\)/);
    await t.press('n');
    const f = await t.waitFor((x) => x.includes('blocked by the safety check'), 60_000);
    expect(f).toContain('not run: you declined');
    const audit = readFileSync(path.join(home, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; command: string; executed?: boolean; backend?: string });
    const runs = audit.filter((e) => e.event === 'execution');
    expect(runs.map((e) => [e.command, e.executed])).toEqual([
      ['echo hello from the sandbox', true],
      ['kubectl delete pod web-1', false],
      ['rm -rf /', false],
    ]);
    expect(runs[0].backend).toBe('bubblewrap');
    t.unmount();
  });
});
