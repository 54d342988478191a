/**
 * Text from the outside world (process command lines, file names, tool output) made safe for one
 * terminal line: control characters (newlines, tabs, ESC, C1) become spaces and runs of spaces
 * collapse, so a multi-line argument or an escape sequence can neither break a table nor drive the
 * terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/ {2,}/g, ' ');
}
