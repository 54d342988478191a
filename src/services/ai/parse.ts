/**
 * Reading a model's reply: the structured answer (JSON, possibly fenced or wrapped in prose) with a
 * fallback for models that ignore the format, and the live extraction of the "explanation" text
 * while the JSON is still streaming so the user sees words, not braces.
 */
import type { Answer, ProposedCommand } from './types.js';

type Raw = Record<string, unknown>;

function tryJson(text: string): Raw | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined;
  } catch {
    return undefined;
  }
}

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return typeof v === 'string' && v.trim() ? [v] : [];
  return v.map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? String((x as Raw).text ?? (x as Raw).url ?? '') : '')).filter(Boolean);
}

function commandsOf(v: unknown): ProposedCommand[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((c): ProposedCommand | undefined => {
      if (typeof c === 'string') return { command: c.trim(), description: '' };
      if (c && typeof c === 'object') {
        const o = c as Raw;
        const command = typeof o.command === 'string' ? o.command : typeof o.cmd === 'string' ? o.cmd : undefined;
        if (command) return { command: command.trim(), description: typeof o.description === 'string' ? o.description : '' };
      }
      return undefined;
    })
    .filter((c): c is ProposedCommand => !!c && c.command !== '');
}

const SHELL_LANGS = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh', 'terminal']);

/** Commands found in ```bash fenced blocks of a prose answer (one per line, "$ " prompts removed). */
export function commandsFromProse(text: string): ProposedCommand[] {
  const out: ProposedCommand[] = [];
  for (const match of text.matchAll(/```([\w-]*)[^\n]*\n([\s\S]*?)```/g)) {
    if (!SHELL_LANGS.has(match[1].toLowerCase())) continue;
    let pending = '';
    for (const rawLine of match[2].split('\n')) {
      const line = rawLine.replace(/^\s*\$\s+/, '').trimEnd();
      if (!pending && (!line.trim() || line.trim().startsWith('#'))) continue;
      // Keep backslash continuations as one command.
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1).trim()} `;
        continue;
      }
      out.push({ command: (pending + line.trim()).trim(), description: '' });
      pending = '';
    }
  }
  return out;
}

/** Turns a model reply into the structured answer, whatever shape it came in. */
export function parseAnswer(reply: string): Answer {
  const text = reply.trim();
  const doc =
    tryJson(text) ??
    (() => {
      const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
      return fenced ? tryJson(fenced[1].trim()) : undefined;
    })() ??
    (() => {
      const start = text.indexOf('{');
      const end = text.lastIndexOf('}');
      return start !== -1 && end > start ? tryJson(text.slice(start, end + 1)) : undefined;
    })();
  if (doc && typeof doc.explanation === 'string') {
    return {
      explanation: doc.explanation,
      commands: commandsOf(doc.commands),
      risks: strings(doc.risks),
      sources: strings(doc.sources),
    };
  }
  return { explanation: text, commands: commandsFromProse(text), risks: [], sources: [] };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/**
 * Feeds on the raw streamed reply and returns the new visible text each time: the decoded
 * "explanation" string when the reply is JSON, the reply itself when the model writes prose.
 */
export class ExplanationStream {
  private raw = '';
  private mode: 'undecided' | 'prose' | 'json' = 'undecided';
  private pos = -1;
  private finished = false;
  private shown = '';

  /** Adds a chunk; returns what should be shown now (possibly ""). */
  push(chunk: string): string {
    const visible = this.next(chunk);
    this.shown += visible;
    return visible;
  }

  /** True when the reply is (or starts as) JSON. */
  get isJson(): boolean {
    return this.mode === 'json';
  }

  /** Everything shown so far (the explanation decoded from a JSON reply). */
  get visibleText(): string {
    return this.shown;
  }

  private next(chunk: string): string {
    this.raw += chunk;
    if (this.mode === 'undecided') {
      const first = this.raw.trimStart()[0];
      if (first === undefined) return '';
      this.mode = first === '{' || first === '`' ? 'json' : 'prose';
      if (this.mode === 'prose') return this.raw;
    } else if (this.mode === 'prose') return chunk;
    return this.decode();
  }

  /** The whole raw reply so far. */
  get text(): string {
    return this.raw;
  }

  private decode(): string {
    if (this.finished) return '';
    if (this.pos === -1) {
      const m = /"explanation"\s*:\s*"/.exec(this.raw);
      if (!m) return '';
      this.pos = m.index + m[0].length;
    }
    let out = '';
    while (this.pos < this.raw.length) {
      const c = this.raw[this.pos];
      if (c === '"') {
        this.finished = true;
        break;
      }
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const next = this.raw[this.pos + 1];
      if (next === undefined) break; // wait for the rest of the escape
      if (next === 'u') {
        const hex = this.raw.slice(this.pos + 2, this.pos + 6);
        if (hex.length < 4) break;
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      out += ESCAPES[next] ?? next;
      this.pos += 2;
    }
    return out;
  }
}
