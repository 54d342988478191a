/** Markdown rendered for the terminal, as exact-width lines (so a scrolling list can count them). */
import { Box, Text } from 'ink';
import { renderMarkdown, wrapHanging } from '../src/readline/markdown.js';

/** Hard-wraps ANSI text to `width` columns (hanging indent under bullets) and splits it into lines. */
export function wrapLines(text: string, width: number): string[] {
  return wrapHanging(text, width);
}

/** Markdown to terminal lines no wider than `width`. */
export function markdownLines(markdown: string, width: number, color = true): string[] {
  return wrapLines(renderMarkdown(markdown, { width, color }), width);
}

export interface MarkdownProps {
  text: string;
  width: number;
  color?: boolean;
}

/** Renders markdown (headings, lists, code, emphasis) within `width` columns. */
export function Markdown({ text, width, color = true }: MarkdownProps) {
  return (
    <Box flexDirection="column" width={width}>
      {markdownLines(text, width, color).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
