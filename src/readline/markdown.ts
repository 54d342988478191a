/** Markdown to terminal text (marked + marked-terminal), coloured through Cloudya's own colour switch. */
import { Chalk } from 'chalk';
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import wrapAnsi from 'wrap-ansi';

const ANSI = /\u001b\[[0-9;]*m/g;

/** Removes colour codes (when colour is off, e.g. NO_COLOR or a pipe). */
export function stripColors(text: string): string {
  return text.replace(ANSI, '');
}

const cache = new Map<string, Marked>();

function renderer(width: number, color: boolean): Marked {
  const key = `${width}:${color}`;
  let marked = cache.get(key);
  if (marked) return marked;
  const c = new Chalk({ level: color ? 1 : 0 });
  marked = new Marked(
    markedTerminal(
      {
        code: c.yellow,
        blockquote: c.gray.italic,
        html: c.gray,
        heading: c.green.bold,
        firstHeading: c.magenta.bold,
        hr: c.reset,
        listitem: c.reset,
        table: c.reset,
        paragraph: c.reset,
        strong: c.bold,
        em: c.italic,
        codespan: c.yellow,
        del: c.dim.strikethrough,
        link: c.blue,
        href: c.blue.underline,
        emoji: false,
        width: Math.max(20, width),
        reflowText: true,
        // Without colour, keep "##" so headings still stand out.
        showSectionPrefix: !color,
        tab: 2,
      },
      { ignoreIllegals: true },
    ),
  );
  // marked-terminal prints tight list items' inline markdown raw ("**bold**"); parse it here instead.
  marked.use({
    renderer: {
      text(token) {
        if (typeof token === 'object' && 'tokens' in token && token.tokens?.length) return this.parser.parseInline(token.tokens);
        return false;
      },
    },
  });
  cache.set(key, marked);
  return marked;
}

/** Renders markdown for a terminal of `width` columns. */
export function renderMarkdown(markdown: string, opts: { width?: number; color?: boolean } = {}): string {
  const color = opts.color ?? false;
  const out = renderer(opts.width ?? 80, color).parse(markdown, { async: false }) as string;
  const text = color ? out : stripColors(out);
  return text.replace(/\n{3,}/g, '\n\n').trimEnd();
}

const BULLET = /^(\s*(?:[*•!-]|\d+\.)?\s+)/;

/**
 * Hard-wraps ANSI text to `width` columns with a hanging indent: the continuation of a list item,
 * a risk or a numbered command lines up under its text instead of restarting at column 0.
 */
export function wrapHanging(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const plain = stripColors(line);
    if (plain.length <= width) {
      out.push(line);
      continue;
    }
    const indent = Math.min(BULLET.exec(plain)?.[1].length ?? 0, Math.floor(width / 2));
    const wrapped = wrapAnsi(line, Math.max(1, width), { hard: true, trim: false }).split('\n');
    out.push(wrapped[0]);
    if (wrapped.length > 1) {
      // Re-wrap the rest narrower, so the indent does not push it past the width.
      const rest = wrapped.slice(1).join(' ').replace(/^\s+/, '');
      for (const piece of wrapAnsi(rest, Math.max(1, width - indent), { hard: true, trim: true }).split('\n')) out.push(' '.repeat(indent) + piece);
    }
  }
  return out;
}
