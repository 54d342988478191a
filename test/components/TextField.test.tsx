import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { TextField } from '../../components/TextField.js';
import { flush, KEYS, renderTui } from '../helpers/render.js';

function Harness({ onSubmit }: { onSubmit: (v: string) => void }) {
  const [value, setValue] = useState('');
  return <TextField value={value} onChange={setValue} onSubmit={onSubmit} />;
}

describe('TextField', () => {
  it('applies every key even when keys arrive faster than React re-renders', async () => {
    let submitted = '';
    const t = await renderTui(<Harness onSubmit={(v) => (submitted = v)} />);
    // No flush between writes: each key lands before the previous one has been rendered.
    for (const k of ['a', '/', 'b', KEYS.backspace, KEYS.backspace, KEYS.backspace, 'n', 'g', 'i', 'n', 'x', KEYS.enter]) t.stdin.write(k);
    await flush();
    expect(submitted).toBe('nginx');
    expect(t.frame()).toContain('nginx');
    t.unmount();
  });

  it('moves the cursor and edits in the middle; a pasted line break stays on one line', async () => {
    let submitted = '';
    const t = await renderTui(<Harness onSubmit={(v) => (submitted = v)} />);
    await t.type('ngnx');
    await t.press(KEYS.left, KEYS.left);
    await t.type('i');
    await t.press('\u0005'); // Ctrl+E: end of line
    await t.type('\nweb');
    await t.press(KEYS.enter);
    expect(submitted).toBe('nginx web');
    t.unmount();
  });

  it('takes apart keys that arrive in one chunk: a held Backspace, then text and Enter', async () => {
    let submitted = '';
    const t = await renderTui(<Harness onSubmit={(v) => (submitted = v)} />);
    await t.type('nginxx');
    await t.type('\x7f\x7f');
    await t.type('x\r');
    expect(submitted).toBe('nginx');
    t.unmount();
  });
});
