import { Box, Text } from 'ink';

export interface TabBarProps {
  tabs: string[];
  activeIndex: number;
  width: number;
}

/** The row of screen tabs with their number keys; the active one is highlighted. */
export function TabBar({ tabs, activeIndex, width }: TabBarProps) {
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text bold color="cyan">
        {' Cloudya '}
      </Text>
      {tabs.map((tab, i) => (
        <Text key={tab} inverse={i === activeIndex} color={i === activeIndex ? 'cyan' : undefined} dimColor={i !== activeIndex}>
          {` ${i + 1} ${tab} `}
        </Text>
      ))}
    </Box>
  );
}
