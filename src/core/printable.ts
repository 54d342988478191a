/**
 * Text from the outside world (process command lines, file names, tool output) made safe for one
 * terminal line: control characters (newlines, tabs, ESC, C1) become spaces and runs of spaces
 * collapse, so a multi-line argument or an escape sequence can neither break a table nor drive the
 * terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/ {2,}/g, ' ');
}

const NAMED_ESCAPES: Record<string, string> = { '\u001b': '\\e', '\r': '\\r', '\n': '\\n', '\t': '\\t', '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\u0000': '\\0' };

/**
 * User-supplied text (a command, an audit entry) shown with its control characters made visible:
 * ESC becomes `\e`, CR `\r`, BEL `\a`, other C0/C1 controls `\xHH`, and invisible or
 * direction-changing characters (zero-width, bidi overrides) `\u{HHHH}`. An escape sequence or a
 * carriage return can then neither hide part of the text nor drive the terminal.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/gu, (ch) => {
    const named = NAMED_ESCAPES[ch];
    if (named) return named;
    const code = ch.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).padStart(4, '0')}}`;
  });
}

/**
 * A user's argument echoed back in a message: one line, cut to `max` characters with the full
 * length said, so a 100 KB argument cannot flood the terminal.
 */
export function clip(text: string, max = 80): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max)}… (${text.length} characters)`;
}
