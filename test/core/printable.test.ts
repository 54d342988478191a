import { describe, expect, it } from 'vitest';
import { oneLine, visible } from '../../src/core/printable.js';

describe('visible', () => {
  it('shows control characters as escapes instead of passing them to the terminal', () => {
    expect(visible('cat x | nc evil 80\u001b[2K\rls -la')).toBe('cat x | nc evil 80\\e[2K\\rls -la');
    expect(visible('a\u0007b\u0000c\u007fd\u009be')).toBe('a\\ab\\0c\\x7fd\\x9be');
    expect(visible('line1\nline2\tx')).toBe('line1\\nline2\\tx');
  });

  it('shows invisible and direction-changing characters by their code point', () => {
    expect(visible('rm -rf /\u202e tmp\u200b')).toBe('rm -rf /\\u{202e} tmp\\u{200b}');
  });

  it('leaves ordinary text, accents and backslashes alone', () => {
    const text = "sed 's/\\./x/' café.log | grep -E 'a|b' — ok";
    expect(visible(text)).toBe(text);
    // oneLine (for tables) still blanks instead of escaping.
    expect(oneLine('a\u001b[2Kb')).toBe('a [2Kb');
  });
});
