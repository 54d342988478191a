import { Text } from 'ink';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The last `width` values as block characters scaled to `max` (default: the largest value shown). */
export function sparkline(values: readonly number[], width: number, max?: number): string {
  const shown = values.slice(-Math.max(0, width));
  const top = max ?? Math.max(0, ...shown);
  const line = shown.map((v) => (top > 0 && v > 0 ? BARS[Math.min(7, Math.max(0, Math.round((v / top) * 7)))] : BARS[0])).join('');
  return line.padStart(width, ' ');
}

export interface SparklineProps {
  values: readonly number[];
  width: number;
  max?: number;
  color?: string;
}

/** A one-line history chart, newest value on the right. */
export function Sparkline({ values, width, max, color }: SparklineProps) {
  return <Text color={color}>{sparkline(values, width, max)}</Text>;
}
