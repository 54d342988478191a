/**
 * Splits one chunk of keyboard input into edits. Ink hands over printable keys that arrive together
 * as one string (fast typing, a held Backspace on a busy machine, a paste), so "\x7f\x7f\x7f" or
 * "name\r" must be taken apart here, or DEL and CR characters end up inside the text.
 */
export type TypedEdit = { kind: 'text'; text: string } | { kind: 'backspace' } | { kind: 'enter' };

/** The edits a chunk of typed input stands for; other control characters are dropped. */
export function typedEdits(chunk: string): TypedEdit[] {
  const edits: TypedEdit[] = [];
  let previous = '';
  for (const ch of chunk) {
    const afterCr = previous === '\r';
    previous = ch;
    if (ch === '\x7f' || ch === '\b') edits.push({ kind: 'backspace' });
    else if (ch === '\r' || ch === '\n') {
      if (!(ch === '\n' && afterCr)) edits.push({ kind: 'enter' }); // CR LF is one Enter
    } else if (ch === '\t') edits.push({ kind: 'text', text: ' ' });
    else if (ch < ' ' || ch === '\x9b') continue;
    else {
      const last = edits.at(-1);
      if (last?.kind === 'text') last.text += ch;
      else edits.push({ kind: 'text', text: ch });
    }
  }
  return edits;
}
