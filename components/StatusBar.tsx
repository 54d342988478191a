import { Box, Text } from 'ink';

export interface StatusBarProps {
  screen: string;
  hints: Array<{ keys: string; label: string }>;
  width: number;
}

/** One line at the bottom: the active screen and the keys that work now. */
export function StatusBar({ screen, hints, width }: StatusBarProps) {
  const parts = hints.map((h) => `${h.keys} ${h.label}`);
  let line = parts.join('  ');
  const room = width - screen.length - 4;
  if (line.length > room) line = `${line.slice(0, Math.max(0, room - 1))}…`;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text inverse bold>{` ${screen} `}</Text>
      <Text dimColor>{` ${line}`}</Text>
    </Box>
  );
}
