/** Markdown to terminal text (marked + marked-terminal), coloured through Cloudya's own colour switch. */
import { Chalk } from 'chalk';
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';

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
