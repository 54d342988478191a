/**
 * Turns word nodes of the syntax tree into the strings the shell would pass, as far as they can be
 * known statically: quotes removed, backslashes and $'...' escapes decoded, `~`/$HOME kept as `~`.
 * Anything whose value depends on run time (other variables, substitutions) is marked dynamic.
 */
import type { SyntaxNode } from './parser.js';

/** One argument as the shell would see it. */
export interface Arg {
  /** The resolved text; dynamic pieces appear as their source text ("$X", "$(...)"). */
  text: string;
  /** True when part of the value is only known at run time. */
  dynamic: boolean;
  /** True when the value starts with a dynamic piece (e.g. "$DIR/x" could become "/x"). */
  dynamicStart: boolean;
  /** Source text of the word. */
  raw: string;
  /** Unquoted glob characters (* ? [) are present. */
  glob: boolean;
}

const HOME_VARS = new Set(['HOME']);

function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i === body.length - 1) {
      out += c;
      continue;
    }
    const n = body[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    if (n in simple) out += simple[n];
    else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
      } else out += '\\x';
    } else if (n === 'u' || n === 'U') {
      const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(body.slice(i + 1));
      if (m) {
        out += String.fromCodePoint(parseInt(m[0], 16));
        i += m[0].length;
      } else out += `\\${n}`;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i));
      out += String.fromCharCode(parseInt(m![0], 8));
      i += m![0].length - 1;
    } else if (n === 'c') {
      const ch = body[++i] ?? '';
      out += String.fromCharCode(ch.toUpperCase().charCodeAt(0) ^ 0x40);
    } else out += `\\${n}`;
  }
  return out;
}

/** Removes backslash escapes of an unquoted word (and line continuations). */
function unescapeUnquoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
}

/** Removes the escapes meaningful inside double quotes. */
function unescapeDouble(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

interface Piece {
  text: string;
  dynamic: boolean;
  glob: boolean;
}

function expansionName(node: SyntaxNode): string | undefined {
  // $NAME or ${NAME} with nothing else (no :- defaults, no substring ops).
  const named = node.namedChildren.filter((c): c is SyntaxNode => !!c);
  if (named.length === 1 && named[0].type === 'variable_name') {
    if (node.type === 'simple_expansion' || node.text === `\${${named[0].text}}`) return named[0].text;
  }
  return undefined;
}

function pieces(node: SyntaxNode, out: Piece[], first: () => boolean): void {
  switch (node.type) {
    case 'command_name':
      for (const c of node.namedChildren) if (c) pieces(c, out, first);
      return;
    case 'word':
    case 'number': {
      let text = node.text;
      if (first() && /^~[a-z_][a-z0-9_-]*(\/|$)/i.test(text)) {
        // ~user: another user's home.
        text = text.replace(/^~([^/]*)/, (_m, u: string) => (u === 'root' ? '/root' : `/home/${u}`));
      }
      out.push({ text: unescapeUnquoted(text), dynamic: false, glob: /(^|[^\\])[*?[]/.test(text) });
      return;
    }
    case 'raw_string':
      out.push({ text: node.text.slice(1, -1), dynamic: false, glob: false });
      return;
    case 'ansi_c_string':
      out.push({ text: decodeAnsiC(node.text.slice(2, -1)), dynamic: false, glob: false });
      return;
    case 'string':
    case 'translated_string': {
      const inner = node.type === 'translated_string' ? node.namedChildren[0] : node;
      if (!inner) return;
      // Text between children (newlines, for one) belongs to the string too: take it from the source.
      let cursor = inner.startIndex + 1;
      for (const c of inner.children) {
        if (!c) continue;
        if (c.startIndex > cursor) {
          out.push({ text: unescapeDouble(inner.text.slice(cursor - inner.startIndex, c.startIndex - inner.startIndex)), dynamic: false, glob: false });
        }
        cursor = Math.max(cursor, c.endIndex);
        if (c.type === 'string_content') out.push({ text: unescapeDouble(c.text), dynamic: false, glob: false });
        else if (c.type === '"') continue;
        else if (c.type === '$') out.push({ text: '$', dynamic: false, glob: false });
        else pieces(c, out, first);
      }
      return;
    }
    case 'simple_expansion':
    case 'expansion': {
      const name = expansionName(node);
      const atStart = first();
      if (name && HOME_VARS.has(name) && atStart) out.push({ text: '~', dynamic: false, glob: false });
      else out.push({ text: node.text, dynamic: true, glob: false });
      return;
    }
    case 'concatenation':
      for (const c of node.children) if (c) pieces(c, out, first);
      return;
    default:
      // command/process substitution, arithmetic, brace expressions we do not expand: run-time value.
      out.push({ text: node.text, dynamic: true, glob: false });
  }
}

/** Resolves a word-like node (word, string, concatenation, expansion...) to an Arg. */
export function resolveWord(node: SyntaxNode): Arg {
  const out: Piece[] = [];
  let seen = false;
  const first = () => {
    const was = !seen && out.length === 0;
    seen = true;
    return was;
  };
  pieces(node, out, first);
  const text = out.map((p) => p.text).join('');
  return {
    text,
    dynamic: out.some((p) => p.dynamic),
    dynamicStart: out.length > 0 && out[0].dynamic,
    raw: node.text,
    glob: out.some((p) => p.glob),
  };
}

/** Most words one brace expansion may produce before the validator stops expanding (and confirms). */
export const MAX_BRACE_WORDS = 256;

/** Number of words the brace lists and ranges of one word expand to ({a,b}{1..3} -> 6), capped at Infinity on overflow. */
export function braceCount(text: string): number {
  let product = 1;
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    const body = m[1];
    const range = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
    let n = 1;
    if (range) {
      const a = /\d/.test(range[1]) ? Number(range[1]) : range[1].charCodeAt(0);
      const b = /\d/.test(range[2]) ? Number(range[2]) : range[2].charCodeAt(0);
      n = Math.floor(Math.abs(b - a) / Math.max(1, Math.abs(Number(range[3] ?? 1)))) + 1;
    } else if (body.includes(',')) n = body.split(',').length;
    product *= n;
    if (product > 1e12) return Infinity;
  }
  return product;
}

/**
 * Expands simple unquoted brace lists ("/{bin,etc}" -> "/bin", "/etc"); other text passes through.
 * Returns undefined when the word would expand to more than MAX_BRACE_WORDS words (the caller confirms).
 */
export function expandBraces(text: string): string[] | undefined {
  if (!text.includes('{')) return [text];
  if (braceCount(text) > MAX_BRACE_WORDS) return undefined;
  const out: string[] = [];
  const walk = (t: string) => {
    const m = /^(.*?)\{([^{}]*,[^{}]*)\}(.*)$/s.exec(t);
    if (!m) {
      out.push(t);
      return;
    }
    for (const alt of m[2].split(',')) walk(`${m[1]}${alt}${m[3]}`);
  };
  walk(text);
  return out;
}

/** A literal Arg (used for words split out of strings, e.g. `env -S`). */
export function literalArg(text: string): Arg {
  return { text, dynamic: false, dynamicStart: false, raw: text, glob: /[*?[]/.test(text) };
}
