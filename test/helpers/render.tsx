/**
 * The one render helper for Ink tests (ARCHITECTURE.md #8): fixed size, ANSI stripped,
 * React flushed after each key, fake services injected through props.
 */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import stripAnsi from 'strip-ansi';
import { vi } from 'vitest';

export const KEYS = {
  tab: '\t',
  shiftTab: '\u001b[Z',
  enter: '\r',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlL: '\u000c',
} as const;

/** Waits for React and Ink to settle (effects, state updates, the next frame). */
export async function flush(ms = 50): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Retries an assertion until it passes (or rethrows its last failure after timeoutMs): for effects
 * of a key that are not in the frame (a callback called, a service aborted). Never assert right
 * after a fixed flush - on a loaded machine the key may not have been handled yet.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  return vi.waitFor(assertion, { timeout: timeoutMs, interval: 20 });
}

/** Renders an element and returns helpers reading the plain-text frame. */
export async function renderTui(element: ReactElement) {
  const instance = render(element);
  await flush();
  // The shell loads each screen on first display (React.lazy): wait for it, as a user would.
  for (let waited = 0; waited < 15_000 && /^\s*(loading|chargement)\.\.\.\s*$/m.test(stripAnsi(instance.lastFrame() ?? '')); waited += 25) {
    await flush(25);
  }
  return {
    ...instance,
    /** The last frame without colours. */
    frame: () => stripAnsi(instance.lastFrame() ?? ''),
    /** Sends keys (strings or KEYS entries) one at a time, flushing after each. */
    async press(...keys: string[]) {
      for (const k of keys) {
        instance.stdin.write(k);
        await flush();
      }
    },
    /**
     * Types text as one chunk, as a paste arrives (fields must also take keys one by one faster than
     * they re-render: test/components/TextField.test.tsx checks that).
     */
    async type(text: string) {
      instance.stdin.write(text);
      await flush();
    },
    /**
     * Waits until the frame satisfies a predicate (or throws with the last frame after timeoutMs). The
     * ceiling is generous: a loaded 2-core machine has taken over 15 s to load a screen's catalog.
     */
    async waitFor(predicate: (frame: string) => boolean, timeoutMs = 30_000) {
      const t0 = Date.now();
      for (;;) {
        const f = stripAnsi(instance.lastFrame() ?? '');
        if (predicate(f)) {
          // A frame is written at commit, before React's passive effects (where Ink subscribes the
          // screen's new key handler): let them run so the next key meets this frame's handler.
          await flush(10);
          return f;
        }
        if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs}ms; last frame:\n${f}`);
        await flush(25);
      }
    },
  };
}
