import chalk from 'chalk';
import { Text } from 'ink';
import { useLayoutEffect, useRef, useState } from 'react';
import { typedEdits } from './typedKeys.js';
import { useLatestInput } from './useLatestInput.js';

export interface TextFieldProps {
  value: string;
  onChange(value: string): void;
  onSubmit?(value: string): void;
  /** Receives keys only when focused (the screen is active and the field is shown). */
  focus?: boolean;
}

/**
 * A one-line text field. Unlike ink-text-input it edits from refs, not from the last rendered
 * value: keys that arrive before React re-renders (fast typing, a paste split in chunks, a loaded
 * machine) each apply to the text the previous key produced, so none is lost.
 */
export function TextField({ value, onChange, onSubmit, focus = true }: TextFieldProps) {
  const text = useRef(value);
  const cursor = useRef(value.length);
  const [, redraw] = useState(0);
  // A value changed by the screen (cleared, prefilled) replaces what the field holds.
  useLayoutEffect(() => {
    if (value !== text.current) {
      text.current = value;
      cursor.current = value.length;
    }
  }, [value]);

  useLatestInput(
    (input, key) => {
      if (key.upArrow || key.downArrow || key.tab || key.escape || (key.ctrl && input === 'c')) return;
      const before = text.current;
      let at = Math.min(cursor.current, before.length);
      let next = before;
      let submitted = false;
      if (key.return) {
        onSubmit?.(before);
        return;
      }
      if (key.leftArrow) at = Math.max(0, at - 1);
      else if (key.rightArrow) at = Math.min(before.length, at + 1);
      else if (key.home || (key.ctrl && input === 'a')) at = 0;
      else if (key.end || (key.ctrl && input === 'e')) at = before.length;
      else if (key.ctrl && input === 'u') {
        next = before.slice(at);
        at = 0;
      } else if (key.backspace || key.delete) {
        if (at > 0) {
          next = before.slice(0, at - 1) + before.slice(at);
          at -= 1;
        }
      } else if (input && !key.ctrl && !key.meta) {
        // Keys that arrive together come as one chunk ("\x7f\x7f", "name\r", a paste): apply each edit.
        const edits = typedEdits(input);
        edits.forEach((e, i) => {
          if (e.kind === 'backspace') {
            if (at > 0) {
              next = next.slice(0, at - 1) + next.slice(at);
              at -= 1;
            }
            return;
          }
          if (e.kind === 'enter' && i === edits.length - 1) {
            submitted = true; // typed, then Enter
            return;
          }
          // A line break inside a paste: a one-line field keeps the text on one line.
          const typed = e.kind === 'text' ? e.text : ' ';
          next = next.slice(0, at) + typed + next.slice(at);
          at += typed.length;
        });
      }
      text.current = next;
      cursor.current = at;
      if (next !== before) onChange(next);
      else redraw((n) => n + 1);
      if (submitted) onSubmit?.(next);
    },
    { isActive: focus },
  );

  if (!focus) return <Text>{value}</Text>;
  const shown = text.current;
  const at = Math.min(cursor.current, shown.length);
  return (
    <Text>
      {shown.slice(0, at)}
      {chalk.inverse(shown[at] ?? ' ')}
      {shown.slice(at + 1)}
    </Text>
  );
}
