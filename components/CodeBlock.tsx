/** Proposed commands: numbered, syntax-highlighted, each with its description and safety verdict. */
import { Chalk } from 'chalk';
import { Box, Text } from 'ink';
import { verdictLabel } from '../src/readline/answer.js';
import { highlightCommand } from '../src/readline/highlight.js';
import { wrapLines } from './Markdown.js';

/** A proposed command (same shape as the assistant's; components import no services). */
export interface CommandItem {
  command: string;
  description: string;
}

/** A safety verdict for one command. */
export interface CommandVerdictItem {
  command: string;
  verdict: 'allow' | 'confirm' | 'deny';
  reasons: Array<{ rule: string; verdict: string; message: string; part?: string }>;
}

/** The command list as lines no wider than `width`. */
export function commandLines(commands: CommandItem[], verdicts: Array<CommandVerdictItem | undefined> | undefined, width: number, color = true): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const pad = String(commands.length).length;
  const indent = ' '.repeat(pad + 4);
  const out: string[] = [];
  commands.forEach((cmd, i) => {
    const head = `  ${c.bold(`${String(i + 1).padStart(pad)}.`)} `;
    const body = wrapLines(highlightCommand(cmd.command, c), Math.max(10, width - indent.length));
    out.push(head + body[0], ...body.slice(1).map((l) => indent + l));
    if (cmd.description) out.push(...wrapLines(c.dim(cmd.description), Math.max(10, width - indent.length)).map((l) => indent + l));
    const v = verdicts?.[i];
    if (v) out.push(...wrapLines(verdictLabel(v, c), Math.max(10, width - indent.length)).map((l) => indent + l));
  });
  return out;
}

export interface CodeBlockProps {
  commands: CommandItem[];
  verdicts?: Array<CommandVerdictItem | undefined>;
  width: number;
}

/** Renders the numbered command list. */
export function CodeBlock({ commands, verdicts, width }: CodeBlockProps) {
  return (
    <Box flexDirection="column" width={width}>
      {commandLines(commands, verdicts, width).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
