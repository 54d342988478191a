/** A titled list with one selected row, sliced to the rows available (ARCHITECTURE.md #6). */
import { Box, Text } from 'ink';

export interface PickItem {
  key: string;
  label: string;
  /** A dimmed second line (a description). */
  detail?: string;
  color?: string;
}

export interface PickListProps {
  title: string;
  items: PickItem[];
  selected: number;
  width: number;
  /** Rows available, title included. */
  height: number;
  /** Shown instead of the list when it is empty. */
  empty?: string;
}

/** Cuts text to width, marking the cut. */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** A window of `size` items around the selected index. */
export function windowOf<T>(items: T[], selected: number, size: number): { items: T[]; offset: number } {
  const n = Math.max(1, size);
  const offset = Math.max(0, Math.min(selected - Math.floor(n / 2), items.length - n));
  return { items: items.slice(offset, offset + n), offset };
}

export function PickList({ title, items, selected, width, height, empty }: PickListProps) {
  const perItem = items.some((i) => i.detail) ? 2 : 1;
  const win = windowOf(items, selected, Math.floor(Math.max(1, height - 1) / perItem));
  return (
    <Box flexDirection="column">
      <Text bold>{fit(title, width)}</Text>
      {!items.length && empty ? <Text dimColor>{fit(empty, width)}</Text> : null}
      {win.items.map((item, i) => {
        const on = win.offset + i === selected;
        return (
          <Box key={item.key} flexDirection="column">
            <Text inverse={on} color={item.color}>{fit(`${on ? '›' : ' '} ${item.label}`, width)}</Text>
            {item.detail !== undefined ? <Text dimColor>{fit(`    ${item.detail}`, width)}</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}
