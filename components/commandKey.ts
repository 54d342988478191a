/**
 * The one-letter command a chunk of input stands for. Keys that arrive together come as one string:
 * a key pressed twice quickly ("hh") or followed by Enter ("y\r") is that key, once (the next would
 * act on a step this render has not drawn yet). Anything else is not a command: pasted text that
 * happens to hold a "y" or a "d" must not confirm an apply or start a destroy.
 */
export function commandKey(input: string): string | undefined {
  return /^(\w)\1*\r?$/.exec(input)?.[1];
}
