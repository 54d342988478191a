import { Box, Text } from 'ink';

export interface TabBarProps {
  tabs: string[];
  activeIndex: number;
  width: number;
}

const BRAND = ' Cloudya ';

/**
 * The labels to show in `width` columns, shortened deliberately: full names; then the other tabs cut
 * to two letters (the active one keeps its name); then numbers only for the others; the brand goes
 * before the active tab's name does. Never a word cut in the middle by the edge of the terminal.
 */
export function tabLabels(tabs: string[], activeIndex: number, width: number): { brand: boolean; labels: string[] } {
  const variants: Array<(tab: string, i: number) => string> = [
    (tab) => ` ${tab} `,
    (tab, i) => (i === activeIndex ? ` ${tab} ` : ` ${tab.slice(0, 2)} `),
    (tab, i) => (i === activeIndex ? ` ${tab} ` : ' '),
  ];
  for (const brand of [true, false]) {
    for (const variant of variants) {
      const labels = tabs.map((tab, i) => ` ${i + 1}${variant(tab, i)}`);
      if ((brand ? BRAND.length : 0) + labels.join('').length <= width) return { brand, labels };
    }
  }
  return { brand: false, labels: tabs.map((_, i) => ` ${i + 1}`) };
}

/** The row of screen tabs with their number keys; the active one is highlighted. */
export function TabBar({ tabs, activeIndex, width }: TabBarProps) {
  const { brand, labels } = tabLabels(tabs, activeIndex, width);
  return (
    <Box width={width} height={1} overflow="hidden">
      {brand ? (
        <Text bold color="cyan">
          {BRAND}
        </Text>
      ) : null}
      {labels.map((label, i) => (
        <Text key={tabs[i]} inverse={i === activeIndex} color={i === activeIndex ? 'cyan' : undefined} dimColor={i !== activeIndex}>
          {label}
        </Text>
      ))}
    </Box>
  );
}
