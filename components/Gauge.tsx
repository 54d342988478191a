import { Text } from 'ink';

export interface GaugeProps {
  /** Percent, 0-100 (clamped). */
  value: number;
  /** Cells of the bar itself. */
  width: number;
  label?: string;
  /** Width the label is padded to, so stacked gauges line up. */
  labelWidth?: number;
  /** Ink colour of the filled part and the value (the caller maps threshold levels to colours). */
  color?: string;
  /** Text after the percentage ("3.2/8.0 GiB"). */
  suffix?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** The bar alone: full blocks plus an eighth block for the remainder, padded with a light shade. */
export function gaugeBar(value: number, width: number): { filled: string; empty: string } {
  const v = Math.max(0, Math.min(100, Number.isFinite(value) ? value : 0));
  const cells = (v / 100) * width;
  const full = Math.floor(cells);
  const part = EIGHTHS[Math.round((cells - full) * 8)] ?? '';
  const filled = '█'.repeat(full) + (full < width ? part : '');
  return { filled, empty: '░'.repeat(Math.max(0, width - [...filled].length)) };
}

/** A one-line horizontal gauge: label, bar, percentage, suffix. */
export function Gauge({ value, width, label, labelWidth, color, suffix }: GaugeProps) {
  const { filled, empty } = gaugeBar(value, width);
  const pct = `${(Number.isFinite(value) ? value : 0).toFixed(1).padStart(5)}%`;
  return (
    <Text>
      {label !== undefined ? <Text bold>{`${label.padEnd(labelWidth ?? label.length)} `}</Text> : null}
      <Text color={color}>{filled}</Text>
      <Text dimColor>{empty}</Text>
      <Text color={color}> {pct}</Text>
      {suffix ? <Text dimColor> {suffix}</Text> : null}
    </Text>
  );
}
