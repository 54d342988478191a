/**
 * A view of a terminal stream whose writes can be held back: while the shell is stopped (Ctrl+Z)
 * the terminal belongs to the user's shell again, and a frame Ink draws in the moment between
 * `fg` (SIGCONT) and our resume handler - an overdue timer runs first - would land on the main
 * screen and stay there after Cloudya quits.
 */
export interface GatedOutput {
  stream: NodeJS.WriteStream;
  /** While closed, writes are dropped (reported as done, so nothing waits on them). */
  setOpen(open: boolean): void;
}

/** Wraps stream; everything but write goes to the real stream, so size and resize events stay live. */
export function gateOutput(stream: NodeJS.WriteStream): GatedOutput {
  let open = true;
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    if (open) return (stream.write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  };
  const view = new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { stream: view, setOpen: (o) => (open = o) };
}
