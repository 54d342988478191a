import { Box, Text } from 'ink';

type Hint = { keys: string; label: string };

export interface StatusBarProps {
  screen: string;
  hints: Hint[];
  /** Keys that must stay visible (switch, help, quit): the hints before them give way when space runs out. */
  always?: Hint[];
  width: number;
}

const SEP = '  ';

/** One line at the bottom: the active screen and the keys that work now. */
export function StatusBar({ screen, hints, always = [], width }: StatusBarProps) {
  const room = width - screen.length - 4;
  const parts = hints.map((h) => `${h.keys} ${h.label}`);
  const tail = always.map((h) => `${h.keys} ${h.label}`);
  // The first n screen hints, "…" when some were left out (the ? help lists them all), then the fixed ones.
  const build = (n: number) => [...parts.slice(0, n), ...(n < parts.length ? ['…'] : []), ...tail].join(SEP);
  let n = parts.length;
  while (n > 0 && build(n).length > room) n--;
  let line = build(n);
  if (line.length > room) line = `${line.slice(0, Math.max(0, room - 1))}…`;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text inverse bold>{` ${screen} `}</Text>
      <Text dimColor>{` ${line}`}</Text>
    </Box>
  );
}
