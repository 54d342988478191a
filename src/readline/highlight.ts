/** Shell command highlighting for proposed commands: program, sub-commands, flags, placeholders, strings. */
import type { ChalkInstance } from 'chalk';
import { visible } from '../core/printable.js';

/**
 * Colours one command line (no-op with a colour-less chalk). Control characters other than line
 * breaks are shown escaped (\e, \r...): a proposed command must never drive the terminal or hide
 * part of itself from the person asked to run it.
 */
export function highlightCommand(command: string, c: ChalkInstance): string {
  let first = true;
  return command.split('\n').map(visible).join('\n').replace(/("[^"]*"|'[^']*'|<[^>\s]+>|\s+|[^\s"'<]+|.)/g, (tok) => {
    if (/^\s+$/.test(tok)) return tok;
    if (tok.startsWith('"') || tok.startsWith("'")) return c.green(tok);
    if (/^<[^>]+>$/.test(tok)) return c.magenta(tok);
    if (/^--?[A-Za-z]/.test(tok)) {
      const eq = tok.indexOf('=');
      return eq === -1 ? c.yellow(tok) : c.yellow(tok.slice(0, eq + 1)) + tok.slice(eq + 1);
    }
    if (/^(\||&&|\|\||;)$/.test(tok)) {
      first = true;
      return c.red(tok);
    }
    if (/^(>|>>|<)$/.test(tok)) return c.red(tok);
    if (first) {
      first = false;
      return c.cyan.bold(tok);
    }
    return tok;
  });
}
