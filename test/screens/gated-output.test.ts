import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { gateOutput } from '../../screens/gated-output.js';

/** A terminal stand-in that records what reached it. */
function fakeTerminal() {
  const written: string[] = [];
  const term = Object.assign(new EventEmitter(), {
    columns: 100,
    rows: 30,
    isTTY: true,
    write(chunk: string, cb?: () => void) {
      written.push(chunk);
      cb?.();
      return true;
    },
  });
  return { term: term as unknown as NodeJS.WriteStream, written };
}

describe('the shell output gate (nothing drawn on the user’s screen while Cloudya is stopped)', () => {
  it('passes frames through while open and drops them while shut, still reporting them done', async () => {
    const { term, written } = fakeTerminal();
    const gate = gateOutput(term);
    gate.stream.write('frame 1');
    gate.setOpen(false);
    let done = false;
    expect(gate.stream.write('frame drawn while stopped', () => (done = true))).toBe(true);
    await Promise.resolve();
    expect(done).toBe(true);
    gate.setOpen(true);
    gate.stream.write('frame 2');
    expect(written).toEqual(['frame 1', 'frame 2']);
  });

  it('keeps the terminal size and resize events live, so a redraw after resume fits the window', () => {
    const { term } = fakeTerminal();
    const gate = gateOutput(term);
    let resized = 0;
    const onResize = () => resized++;
    gate.stream.on('resize', onResize);
    (term as unknown as { columns: number }).columns = 80;
    term.emit('resize');
    expect(resized).toBe(1);
    expect(gate.stream.columns).toBe(80);
    gate.stream.off('resize', onResize);
    term.emit('resize');
    expect(resized).toBe(1);
  });
});
