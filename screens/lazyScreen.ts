import { createElement, lazy, useState, type ComponentType } from 'react';
import type { ScreenProps } from './types.js';

/** A screen component loaded on first display, which can also be loaded ahead of time. */
export type LazyScreen = ComponentType<ScreenProps> & { preload(): Promise<void> };

/**
 * Wraps a screen module in React.lazy, plus preload(). The shell preloads its first screen before
 * the first frame: a lazy screen subscribes to keys only once its module has arrived, so what the
 * user typed while Cloudya started (type-ahead) was read by the shell and lost.
 */
export function lazyScreen(load: () => Promise<ComponentType<ScreenProps>>): LazyScreen {
  let loaded: ComponentType<ScreenProps> | undefined;
  const get = async () => (loaded ??= await load());
  const Lazy = lazy(async () => ({ default: await get() }));
  function Screen(props: ScreenProps) {
    // Chosen once per mount: swapping the lazy wrapper for the loaded component would remount the screen.
    const [component] = useState<ComponentType<ScreenProps>>(() => loaded ?? Lazy);
    return createElement(component, props);
  }
  return Object.assign(Screen, {
    preload: async () => {
      await get();
    },
  });
}
