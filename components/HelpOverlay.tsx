import { Box, Text } from 'ink';

export interface HelpOverlayProps {
  title: string;
  sections: Array<{ heading: string; keys: Array<{ keys: string; label: string }> }>;
  footer: string;
  width: number;
  height: number;
}

/** The "?" help: keys grouped by scope, sliced to the available height. */
export function HelpOverlay({ title, sections, footer, width, height }: HelpOverlayProps) {
  const rows: Array<{ kind: 'heading' | 'key'; a: string; b?: string }> = [];
  for (const s of sections) {
    if (!s.keys.length) continue;
    rows.push({ kind: 'heading', a: s.heading });
    for (const k of s.keys) rows.push({ kind: 'key', a: k.keys, b: k.label });
  }
  const visible = rows.slice(0, Math.max(0, height - 4));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Text bold>{title}</Text>
      {visible.map((r, i) =>
        r.kind === 'heading' ? (
          <Text key={i} color="cyan">
            {r.a}
          </Text>
        ) : (
          <Text key={i}>
            {'  '}
            <Text bold>{r.a.padEnd(16)}</Text>
            {r.b}
          </Text>
        ),
      )}
      <Text dimColor>{footer}</Text>
    </Box>
  );
}
