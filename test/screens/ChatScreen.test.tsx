import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/App.js';
import { ChatScreen } from '../../screens/ChatScreen.js';
import type { ChatServices } from '../../screens/hooks/useChat.js';
import { createEngine } from '../../src/services/ai/index.js';
import type { Engine, EngineEvent } from '../../src/services/ai/types.js';
import { ROOT, tempHome } from '../helpers/cli.js';
import { eventually, KEYS, renderTui } from '../helpers/render.js';

const KB = path.join(ROOT, 'test/fixtures/knowledge-mini');
const size = { columns: 100, rows: 30 };

function offline(home = tempHome()): { services: { env: NodeJS.ProcessEnv; chat: ChatServices }; home: string } {
  const env = { CLOUDYA_HOME: home, CLOUDYA_KNOWLEDGE_DIR: KB };
  const config = { env, get: (k: string) => (k === 'ai.engine' ? 'offline' : undefined) };
  return {
    home,
    services: {
      env,
      chat: {
        engineFactory: (name) => createEngine(config, name),
        focusInput: true,
        verdicts: async (cmds) => cmds.map((command, i) => (i === 1 ? { command, verdict: 'confirm' as const, reasons: [{ rule: 'cloud-change', verdict: 'confirm', message: 'changes cloud resources' }] } : { command, verdict: 'allow' as const, reasons: [] })),
      },
    },
  };
}

/** An engine that streams slowly, to watch the spinner and interrupt it; `stopped` turns true when it saw the abort. */
function slowEngine(state: { stopped: boolean } = { stopped: false }): Engine {
  return {
    name: 'slow',
    async *ask(req): AsyncIterable<EngineEvent> {
      for (let i = 0; i < 200; i++) {
        if (req.signal?.aborted) {
          state.stopped = true;
          return;
        }
        await new Promise((r) => setTimeout(r, 30));
        yield { type: 'token', text: `part${i} ` };
      }
      yield { type: 'done', answer: { explanation: 'finished', commands: [], risks: [], sources: [] } };
    },
  };
}

// Several screens and waits of up to 30 s each on a loaded machine: more than the default 30 s per test.
describe('chat screen', { timeout: 120_000 }, () => {
  it('answers a typed question with markdown, numbered highlighted commands and their verdicts', async () => {
    const { services } = offline();
    const t = await renderTui(<ChatScreen active width={100} height={28} services={services} />);
    await t.type('make my s3 bucket private');
    await t.press(KEYS.enter);
    const f = await t.waitFor((x) => x.includes('Create a secure S3 bucket') && x.includes('offline'));
    expect(f).toContain('› make my s3 bucket private');
    expect(f).toMatch(/1\. aws s3api create-bucket --bucket <bucket-name>/);
    expect(f).toMatch(/2\. aws s3api put-public-access-block/);
    expect(f).toMatch(/\? needs confirmation: changes cloud resources/);
    expect(f).toMatch(/✔ allowed/);
    expect(f).not.toContain('**');
    expect(f.split('\n').length).toBeLessThanOrEqual(28);
    t.unmount();
  });

  it('recalls earlier questions with Up/Down', async () => {
    const { services } = offline();
    const t = await renderTui(<ChatScreen active width={100} height={28} services={services} />);
    await t.type('vpc with private subnets');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('aws ec2 create-vpc'));
    // A terminal may deliver the text and its Enter in one chunk.
    await t.press('docker compose\r');
    await t.waitFor((x) => x.includes('docker compose up'));
    const input = (text: string) => t.waitFor((x) => (x.split('\n').at(-1) ?? '').includes(text));
    await t.press(KEYS.up);
    await input('› docker compose');
    await t.press(KEYS.up);
    await input('› vpc with private subnets');
    await t.press(KEYS.down, KEYS.down);
    await input('Ask a DevOps question');
    t.unmount();
  });

  it('scrolls with PgUp/PgDn and never draws more rows than it has', async () => {
    const { services } = offline();
    const t = await renderTui(<ChatScreen active width={60} height={12} services={services} />);
    await t.type('make my s3 bucket private');
    await t.press(KEYS.enter);
    expect((await t.waitFor((x) => x.includes('offline ·'))).split('\n').length).toBeLessThanOrEqual(12);
    await t.press(KEYS.pageUp);
    const scrolled = await t.waitFor((x) => /lines below \(PgDn\)/.test(x));
    expect(scrolled).not.toContain('offline · confidence');
    await t.press(KEYS.pageUp, KEYS.pageUp, KEYS.pageUp, KEYS.pageUp);
    const top = await t.waitFor((x) => x.includes('› make my s3 bucket private'));
    expect(top.split('\n').length).toBeLessThanOrEqual(12);
    await t.press(KEYS.pageDown, KEYS.pageDown, KEYS.pageDown, KEYS.pageDown, KEYS.pageDown);
    expect((await t.waitFor((x) => x.includes('offline · confidence'))).split('\n').length).toBeLessThanOrEqual(12);
    t.unmount();
  });

  it('handles /engine, /help, /save, /clear and Ctrl+L', async () => {
    const { services, home } = offline();
    const t = await renderTui(<ChatScreen active width={100} height={28} services={services} />);
    await t.type('/engine');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('Engine: offline'));
    await t.type('/engine nope');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('unknown engine "nope"'));
    await t.type('/help');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('/clear new conversation'));
    await t.type('vpc with private subnets');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('aws ec2 create-vpc'));
    await t.type('/save');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('Saved to'));
    expect(readdirSync(path.join(home, 'history'))).toHaveLength(1);
    await t.type('/clear');
    await t.press(KEYS.enter);
    await t.waitFor((x) => !x.includes('aws ec2 create-vpc') && x.includes('New conversation'));
    await t.type('docker compose for local dev');
    await t.press(KEYS.enter);
    await t.waitFor((x) => x.includes('docker compose up'));
    await t.press(KEYS.ctrlL);
    expect(await t.waitFor((x) => !x.includes('docker compose up'))).toContain('Ask anything about AWS');
    t.unmount();
  });

  it('streams with a spinner and elapsed time; Ctrl+C stops the answer first, then quits the shell', async () => {
    const onExit = vi.fn();
    const engine = { stopped: false };
    const services = { env: { CLOUDYA_HOME: tempHome() }, chat: { engineFactory: () => slowEngine(engine), focusInput: true, autosave: false } };
    const t = await renderTui(<App size={size} services={services} onExit={onExit} />);
    await t.type('tell me a long story');
    await t.press(KEYS.enter);
    const f = await t.waitFor((x) => x.includes('part3'));
    expect(f).toMatch(/answering \d+\.\ds · Ctrl\+C stops/);
    await t.press(KEYS.ctrlC);
    await t.waitFor((x) => x.includes('Answer interrupted.'));
    expect(onExit).not.toHaveBeenCalled();
    const stopped = t.frame();
    // The engine itself stops (no more tokens will come), and nothing it sent late reached the screen.
    await eventually(() => expect(engine.stopped).toBe(true));
    await t.press('');
    expect(t.frame()).toBe(stopped);
    await t.press(KEYS.ctrlC);
    await eventually(() => expect(onExit).toHaveBeenCalledTimes(1));
    t.unmount();
  });

  it('in the plain shell, the input has focus on launch: q, 4 and ? start a question; Esc gives them back to the shell', async () => {
    const onExit = vi.fn();
    // `cloudya` with no arguments: the shell opens on Chat with only { env } (no focusInput).
    const t = await renderTui(<App size={size} services={{ env: { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: KB } }} onExit={onExit} />);
    expect(await t.waitFor((x) => x.includes('› '))).not.toContain('type to ask');
    // Each key's letter showing up in the input proves it was handled (by the input, not the shell).
    await t.press('q');
    await t.waitFor((x) => (x.split('\n').at(-2) ?? '').includes('› q'));
    expect(onExit).not.toHaveBeenCalled();
    await t.press('4', '?', '1');
    const f = await t.waitFor((x) => (x.split('\n').at(-2) ?? '').includes('› q4?1'));
    expect(onExit).not.toHaveBeenCalled();
    expect(f).not.toContain('Cloudya - keys');
    expect(f.split('\n').at(-1)).toMatch(/^ Chat /);
    // Clear the input, leave it with Esc: the shell's keys work again.
    await t.press(...Array(4).fill(KEYS.backspace));
    await t.press(KEYS.escape);
    await t.waitFor((f) => f.includes('type to ask'));
    await t.press('4');
    await t.waitFor((f) => /^ Diagnose /m.test(f.split('\n').at(-1) ?? ''));
    await t.press('1', 'q');
    await eventually(() => expect(onExit).toHaveBeenCalledTimes(1));
    t.unmount();
  });

  it('answers in the plain shell, where no chat services are injected (real config and offline engine)', async () => {
    // `cloudya` with no arguments passes only { env }: the chat builds its engine from the configuration.
    const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: KB };
    const t = await renderTui(<App size={size} services={{ env }} />);
    await t.type('vpc with private subnets');
    await t.press(KEYS.enter);
    const f = await t.waitFor((x) => x.includes('aws ec2 create-vpc') || x.includes('Answer interrupted.'));
    expect(f).not.toContain('Answer interrupted.');
    expect(f).toContain('aws ec2 create-vpc');
    t.unmount();
  });

  it('applies a held Backspace that arrives as one chunk instead of inserting DEL characters', async () => {
    const { services } = offline();
    const t = await renderTui(<ChatScreen active width={100} height={40} services={services} />);
    await t.type('docker composeXYZ');
    await t.type('\x7f\x7f\x7f');
    await t.waitFor((x) => x.split('\n').at(-1)?.trimEnd() === ' › docker compose');
    await t.type(' up\x7f\x7f\x7f\r');
    const f = await t.waitFor((x) => x.includes('docker compose up'));
    expect(f).toMatch(/› docker compose *\n/);
    t.unmount();
  });

  it('shows a resumed conversation', async () => {
    const { services } = offline();
    const conversation = {
      id: '20260101-120000-abcd',
      created: '2026-01-01T12:00:00.000Z',
      updated: '2026-01-01T12:00:00.000Z',
      engine: 'offline',
      lang: 'en' as const,
      messages: [
        { role: 'user' as const, content: 'earlier question', at: '2026-01-01T12:00:00.000Z' },
        { role: 'assistant' as const, content: 'earlier **answer**', at: '2026-01-01T12:00:01.000Z', answer: { explanation: 'earlier **answer**', commands: [{ command: 'kubectl get pods', description: 'list' }], risks: [], sources: [] } },
      ],
    };
    const t = await renderTui(<ChatScreen active width={100} height={20} services={{ ...services, chat: { ...services.chat, conversation } }} />);
    const f = await t.waitFor((x) => x.includes('Resumed conversation 20260101-120000-abcd'));
    expect(f).toContain('› earlier question');
    expect(f).toContain('earlier answer');
    expect(f).toMatch(/1\. kubectl get pods/);
    await t.press(KEYS.up);
    await t.waitFor((x) => (x.split('\n').at(-1) ?? '').includes('› earlier question'));
    expect(existsSync(path.join(services.env.CLOUDYA_HOME!, 'history'))).toBe(false);
    t.unmount();
  });
});

describe('chat items', () => {
  it('shows the control characters of a saved question instead of sending them to the terminal', async () => {
    const { itemLines } = await import('../../screens/ChatScreen.js');
    const lines = itemLines({ kind: 'user', text: 'hi \u001b]0;PWNED\u0007 \u001b[2J there' } as Parameters<typeof itemLines>[0], 80).join('\n');
    expect(lines).toContain('hi \\e]0;PWNED\\a \\e[2J there');
    expect(lines).not.toContain('\u001b]0;');
    expect(lines).not.toContain('\u001b[2J');
  });
});
