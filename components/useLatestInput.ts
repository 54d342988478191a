import { useInput } from 'ink';
import { useCallback, useLayoutEffect, useRef } from 'react';

type Handler = Parameters<typeof useInput>[0];
type Options = Parameters<typeof useInput>[1];

/**
 * useInput whose handler always belongs to the latest render. Ink re-subscribes a changed handler in
 * a passive effect, which runs after the frame is on screen: a key arriving in between (a paste,
 * tmux send-keys, a loaded machine) reached the previous render's handler, e.g. Enter on a list
 * that handler did not have yet, and was lost. The handler here is stable and reads a ref that a
 * layout effect updates during the commit, before any further input can be processed.
 */
export function useLatestInput(handler: Handler, options?: Options): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  const stable = useCallback<Handler>((input, key) => ref.current(input, key), []);
  useInput(stable, options);
}
