/** One proposed command being run or already run from the chat (`chat -e`): its header, the tail of its output, and what became of it. */
import { Chalk } from 'chalk';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { defineMessages } from '../src/core/i18n.js';
import { highlightCommand } from '../src/readline/highlight.js';
import { wrapLines } from './Markdown.js';

const m = defineMessages({
  en: {
    earlier: '… {count} earlier lines',
    running: 'running command {n} · {seconds}s · Ctrl+C stops it',
    confirmKeys: 'y run it · n or Enter skip it · Ctrl+C stop',
  },
  fr: {
    earlier: '… {count} lignes plus haut',
    running: 'exécution de la commande {n} · {seconds} s · Ctrl+C pour l’arrêter',
    confirmKeys: 'y la lancer · n ou Entrée l’ignorer · Ctrl+C arrêter',
  },
});

/** What a run shows (a pure view of the chat execution state). */
export interface RunView {
  /** 1-based position in the answer's command list. */
  n: number;
  command: string;
  /** Output lines kept (the last ones), the unfinished last line included. */
  output: string[];
  /** Output lines dropped before `output`. */
  hiddenLines: number;
  /** What became of it (exit code, refusal, skip); empty while it runs. */
  notes: Array<{ text: string; tone: 'dim' | 'ok' | 'warn' | 'error' }>;
}

/** The run as lines no wider than `width`, with at most `maxOutput` lines of output (the last ones). */
export function runLines(run: RunView, width: number, maxOutput: number, color = true): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out = wrapLines(`${c.cyan('▶')} ${c.bold(`${run.n}.`)} ${highlightCommand(run.command, c)}`, width);
  const shown = run.output.slice(Math.max(0, run.output.length - Math.max(0, maxOutput)));
  const hidden = run.hiddenLines + run.output.length - shown.length;
  if (hidden > 0) out.push(c.dim(`  ${m('earlier', { count: hidden })}`));
  // Output lines are cut, not wrapped: the tail must keep its height whatever the command prints.
  for (const line of shown) out.push(`${c.dim('  │')} ${line.length > width - 4 ? `${line.slice(0, Math.max(1, width - 5))}…` : line}`);
  const paint = { dim: c.dim, ok: c.green, warn: c.yellow, error: c.red };
  for (const note of run.notes) out.push(...wrapLines(paint[note.tone](note.text), width));
  return out;
}

export interface RunStatusProps {
  n: number;
  elapsedMs: number;
  /** A confirmation is awaited: show its keys instead of the spinner. */
  confirming?: boolean;
}

/** The status line while commands run: a spinner, the command and its time, or the confirmation keys. */
export function RunStatus({ n, elapsedMs, confirming }: RunStatusProps) {
  if (confirming) {
    return (
      <Text color="yellow" wrap="truncate-end">
        {m('confirmKeys')}
      </Text>
    );
  }
  return (
    <Box>
      <Text color="cyan">
        <Spinner type="dots" />
      </Text>
      <Text wrap="truncate-end">{` ${m('running', { n, seconds: (elapsedMs / 1000).toFixed(1) })}`}</Text>
    </Box>
  );
}
