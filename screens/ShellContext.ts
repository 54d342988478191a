import { createContext, useContext, useEffect, useLayoutEffect } from 'react';

/** What the shell offers its screens: text capture (so typing "q" does not quit) and cancellation. */
export interface ShellApi {
  /** While true, printable keys (q, ?, 1-4) go to the screen instead of the shell. */
  setCapturingText(screen: string, capturing: boolean): void;
  /**
   * Registers what Ctrl+C cancels first; the handler returns true when it cancelled something.
   * `guarded` work (an apply) is only stopped by Ctrl+C: q then says so instead of stopping it.
   */
  setCancelHandler(screen: string, handler: (() => boolean) | undefined, guarded?: boolean): void;
}

export const ShellContext = createContext<ShellApi>({
  setCapturingText: () => {},
  setCancelHandler: () => {},
});

/**
 * Declares that a screen is capturing text while `capturing` is true. A layout effect: it runs in the
 * commit, so a key arriving right after the frame (the first keystroke on launch, a paste) already
 * meets the shell with capture on; a passive effect could run after that key and let "q" quit.
 */
export function useTextCapture(screen: string, capturing: boolean): void {
  const shell = useContext(ShellContext);
  useLayoutEffect(() => {
    shell.setCapturingText(screen, capturing);
    return () => shell.setCapturingText(screen, false);
  }, [shell, screen, capturing]);
}

/** Declares what Ctrl+C cancels on this screen (e.g. a streaming answer; an apply, guarded from q). */
export function useCancelHandler(screen: string, handler: (() => boolean) | undefined, guarded = false): void {
  const shell = useContext(ShellContext);
  useEffect(() => {
    shell.setCancelHandler(screen, handler, guarded);
    return () => shell.setCancelHandler(screen, undefined);
  }, [shell, screen, handler, guarded]);
}
