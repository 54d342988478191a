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

/**
 * The text of the bar, shortened deliberately when space runs out: screen hints go first (whole, with
 * "…"), then the fixed keys lose their labels ("Tab ? q"), then the screen name shrinks to its
 * initial. The quit key is the last thing to go: it stays visible down to a handful of columns.
 */
export function statusLine(screen: string, hints: Hint[], always: Hint[], width: number): { screen: string; line: string } {
  const parts = hints.map((h) => `${h.keys} ${h.label}`);
  for (const name of [screen, screen.slice(0, 1)]) {
    const room = width - name.length - 3;
    for (const tail of [always.map((h) => `${h.keys} ${h.label}`), always.map((h) => h.keys.split('/')[0])]) {
      // The first n screen hints, "…" when some were left out (the ? help lists them all), then the fixed ones.
      const build = (n: number) => [...parts.slice(0, n), ...(n < parts.length ? ['…'] : []), ...tail].join(SEP);
      for (let n = parts.length; n >= 0; n--) {
        const line = build(n);
        if (line.length <= room) return { screen: name, line };
      }
      const bare = tail.join(' ');
      if (bare.length <= room) return { screen: name, line: bare };
    }
  }
  const quit = always.at(-1)?.keys ?? '';
  return { screen: '', line: quit.slice(0, Math.max(0, width - 1)) };
}

/** One line at the bottom: the active screen and the keys that work now. */
export function StatusBar({ screen, hints, always = [], width }: StatusBarProps) {
  const shown = statusLine(screen, hints, always, width);
  return (
    <Box width={width} height={1} overflow="hidden">
      {shown.screen ? <Text inverse bold>{` ${shown.screen} `}</Text> : null}
      <Text dimColor>{` ${shown.line}`}</Text>
    </Box>
  );
}
