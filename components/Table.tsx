import { Box, Text } from 'ink';
import { memo } from 'react';
import { oneLine } from '../src/core/printable.js';

export interface Column<Row> {
  key: string;
  title: string;
  width: number;
  align?: 'left' | 'right';
  /** The cell text. */
  value(row: Row): string;
  /** Optional cell colour (e.g. from a threshold level). */
  color?(row: Row): string | undefined;
}

export interface TableProps<Row> {
  columns: Column<Row>[];
  rows: readonly Row[];
  /** Rows shown at most (the header is extra); the rest are cut, never wrapped. */
  maxRows: number;
  /** Column key shown as the sort key (marked in the header). */
  sortedBy?: string;
  rowKey(row: Row): string;
}

/** Fits text to one line of a width: control characters blanked, cut with an ellipsis, padded to the alignment. */
export function fit(raw: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const text = oneLine(raw);
  const t = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return align === 'right' ? t.padStart(width) : t.padEnd(width);
}

/**
 * A fixed-width table with a bold header; one terminal line per row. Each row is one Text with
 * nested coloured spans (one layout node per line, not per cell: cheaper to lay out every tick).
 */
function TableOf<Row>({ columns, rows, maxRows, sortedBy, rowKey }: TableProps<Row>) {
  const shown = rows.slice(0, Math.max(0, maxRows));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {columns.map((c, i) => (
          <Text key={c.key} bold inverse={c.key === sortedBy}>
            {(i ? ' ' : '') + fit(c.key === sortedBy ? `${c.title}▼` : c.title, c.width, c.align)}
          </Text>
        ))}
      </Text>
      {shown.map((row) => (
        <Text key={rowKey(row)} wrap="truncate">
          {columns.map((c, i) => {
            const text = (i ? ' ' : '') + fit(c.value(row), c.width, c.align);
            const color = c.color?.(row);
            return color ? (
              <Text key={c.key} color={color}>
                {text}
              </Text>
            ) : (
              text
            );
          })}
        </Text>
      ))}
    </Box>
  );
}

/** The table, rendered again only when one of its props changes (a live screen passes the same rows for several samples). */
export const Table = memo(TableOf) as typeof TableOf;
