import { describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/App.js';
import { eventually, KEYS, renderTui } from '../helpers/render.js';

const size = { columns: 100, rows: 30 };

// Several screens and waits of up to 30 s each on a loaded machine: more than the default 30 s per test.
describe('the full-screen shell', { timeout: 120_000 }, () => {
  it('opens on the chosen screen with a status bar naming it and its keys', async () => {
    const t = await renderTui(<App initialScreen="monitor" size={size} />);
    const f = await t.waitFor((x) => x.includes('4 Diagnose') && /^ Monitor /m.test(x));
    expect(f).toContain('1 Chat');
    expect(f).toContain('4 Diagnose');
    const lines = f.split('\n');
    expect(lines[lines.length - 1]).toMatch(/^ Monitor .*q quit/);
    t.unmount();
  });

  it('switches screens with Tab, Shift+Tab and the number keys', async () => {
    const t = await renderTui(<App size={size} />);
    const status = () => t.frame().split('\n').at(-1) ?? '';
    const onScreen = (name: string) => t.waitFor(() => new RegExp(`^ ${name} `).test(status()));
    await onScreen('Chat');
    await t.press(KEYS.tab);
    await onScreen('Monitor');
    await t.press(KEYS.tab);
    await onScreen('Deploy');
    await t.press(KEYS.tab);
    await onScreen('Diagnose');
    await t.press(KEYS.tab);
    await onScreen('Chat');
    await t.press(KEYS.shiftTab);
    await onScreen('Diagnose');
    await t.press('3');
    await onScreen('Deploy');
    // A key pressed twice quickly arrives as one chunk: still that key.
    await t.type('44');
    await t.waitFor(() => /^ Diagnose /.test(status()));
    t.unmount();
  });

  it('shows and hides the help with ?', async () => {
    const t = await renderTui(<App size={size} />);
    // The chat input has focus on launch: Esc hands the printable keys back to the shell.
    await t.press(KEYS.escape);
    // Esc and '?' read together are Alt+? (one escape sequence): wait until the input has let go.
    await t.waitFor((f) => f.includes('type to ask'));
    await t.press('?');
    await t.waitFor((f) => f.includes('Cloudya - keys'));
    expect(t.frame()).toContain('next screen');
    await t.press('?');
    await t.waitFor((f) => !f.includes('Cloudya - keys'));
    await t.press('?');
    await t.waitFor((f) => f.includes('Cloudya - keys'));
    await t.press(KEYS.escape);
    await t.waitFor((f) => !f.includes('Cloudya - keys'));
    t.unmount();
  });

  it('quits with q and with Ctrl+C', async () => {
    for (const key of ['q', KEYS.ctrlC]) {
      const onExit = vi.fn();
      const t = await renderTui(<App size={size} onExit={onExit} />);
      if (key === 'q') {
        await t.press(KEYS.escape); // from the chat input, which has focus on launch
        await t.waitFor((f) => f.includes('type to ask'));
      }
      await t.press(key);
      await eventually(() => expect(onExit).toHaveBeenCalledTimes(1));
      t.unmount();
    }
  });

  it('keeps every frame within the terminal at 80x24 and follows a resize', async () => {
    const t = await renderTui(<App initialScreen="deploy" />);
    const stdout = t.stdout as unknown as { columns: number; rows: number; emit(e: string): void };
    const resize = (columns: number, rows: number) => {
      Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
      stdout.emit('resize');
    };
    // The shell fills the terminal's rows exactly: a frame of that many lines is the one drawn after
    // the resize (starting from 40 rows, so the 24-row frame cannot be the first one).
    resize(120, 40);
    await t.waitFor((f) => f.split('\n').length === 40);
    resize(80, 24);
    let lines = (await t.waitFor((f) => f.split('\n').length === 24)).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    resize(120, 40);
    lines = (await t.waitFor((f) => f.split('\n').length === 40)).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    t.unmount();
  });

  it('speaks French', async () => {
    const { setLang } = await import('../../src/core/i18n.js');
    setLang('fr');
    try {
      const t = await renderTui(<App initialScreen="monitor" size={size} />);
      const f = await t.waitFor((x) => x.includes('Supervision'));
      expect(f).toContain('quitter');
      t.unmount();
      // Keys named as on a French keyboard, headings with the French " :".
      const d = await renderTui(<App initialScreen="diagnose" size={{ columns: 120, rows: 30 }} />);
      await d.waitFor((x) => x.includes('Entrée'));
      await d.press('?');
      const help = await d.waitFor((f) => f.includes('Cet écran :'));
      expect(help).toContain('Échap');
      expect(help).not.toMatch(/\bEnter\b|\bEsc\b/);
      d.unmount();
    } finally {
      setLang('en');
    }
  });
});
