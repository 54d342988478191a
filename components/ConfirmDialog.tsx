/** The question asked before running a command whose safety verdict is "confirm": the command, why, and y/n (Enter = no). */
import { Chalk } from 'chalk';
import { Box, Text } from 'ink';
import { defineMessages } from '../src/core/i18n.js';
import { highlightCommand } from '../src/readline/highlight.js';
import { wrapLines } from './Markdown.js';

const m = defineMessages({
  en: {
    title: 'Run command {n}? It needs your confirmation:',
    keys: 'y = yes, run it · n or Enter = no',
    more: '… {count} more reasons',
  },
  fr: {
    title: 'Lancer la commande {n} ? Elle demande votre confirmation :',
    keys: 'y = oui, la lancer · n ou Entrée = non',
    more: '… {count} autres raisons',
  },
});

export interface ConfirmDialogProps {
  n: number;
  command: string;
  /** Why it needs a yes (the verdict's reasons, or the sandbox's question). */
  reasons: string[];
  width: number;
}

const MAX_REASONS = 4;

/** The dialog's lines inside its border, no wider than `width` - 4. */
export function confirmLines({ n, command, reasons, width }: ConfirmDialogProps, color = true): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const inner = Math.max(10, width - 4);
  const shown = reasons.slice(0, reasons.length > MAX_REASONS ? MAX_REASONS - 1 : MAX_REASONS);
  return [
    ...wrapLines(c.bold.yellow(m('title', { n })), inner),
    ...wrapLines(`  ${highlightCommand(command, c)}`, inner),
    ...shown.flatMap((r) => wrapLines(`  ${c.yellow('•')} ${r}`, inner).slice(0, 2)),
    ...(shown.length < reasons.length ? [c.dim(`  ${m('more', { count: reasons.length - shown.length })}`)] : []),
    c.bold(m('keys')),
  ];
}

/** Rows the dialog takes (its lines plus the border). */
export function confirmDialogHeight(props: ConfirmDialogProps): number {
  return confirmLines(props, false).length + 2;
}

/** The confirmation dialog (keys are handled by the screen that shows it). */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" width={props.width} paddingX={1} flexShrink={0}>
      {confirmLines(props).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
