/**
 * Option allow lists: a tool is judged by the options it is given, not only by its name. A spec
 * lists the options known to be harmless (getopt-style short letters, long names); any other
 * option - including an abbreviation of a long one, which getopt would accept - is unknown and
 * makes the command `confirm`, never `allow`.
 */
import { confirm } from './reason.js';
import type { Reason } from './types.js';
import type { Arg } from './words.js';

/** What the words that are not options are. */
export type Operands = 'files' | 'text' | 'none';

/** The known options of one tool. */
export interface ToolSpec {
  /** Short letters without a value. */
  short: Set<string>;
  /** Short letters that take a value (attached or the next word). */
  shortValue: Set<string>;
  /** Long names without a value. */
  long: Set<string>;
  /** Long names that take a value (`--x=v` or `--x v`). */
  longValue: Set<string>;
  /** Long names whose value must be attached (`--color=never`); alone they take none. */
  longOptional: Set<string>;
  /** Operands: files to read (credential-checked), text, or none expected. */
  operands: Operands;
  /** `-5`, `-20` (head, tail, uniq...) are options. */
  digits: boolean;
  /** Long options written with one dash (`-name`, `-maxdepth`). */
  singleDashLong: boolean;
  /** The tool has options that write files, change the system or run programs (a run-time word could be one). */
  risky: boolean;
  /** Every word is an operand (test, expr, sleep: "-f" is an argument, not an option). */
  noOptions: boolean;
}

/**
 * Builds a spec: `short` is a getopt string ("an:k:" - a colon marks a value), `long` a
 * space-separated list where "name=" takes a value and "name=?" takes an attached one.
 */
export function tool(short: string, long = '', operands: Operands = 'files', extra: Partial<Pick<ToolSpec, 'digits' | 'singleDashLong' | 'risky' | 'noOptions'>> = {}): ToolSpec {
  const s: ToolSpec = { short: new Set(), shortValue: new Set(), long: new Set(), longValue: new Set(), longOptional: new Set(), operands, digits: !!extra.digits, singleDashLong: !!extra.singleDashLong, risky: !!extra.risky, noOptions: !!extra.noOptions };
  for (let i = 0; i < short.length; i++) {
    if (short[i + 1] === ':') {
      s.shortValue.add(short[i]);
      i++;
    } else s.short.add(short[i]);
  }
  for (const w of long.split(/\s+/).filter(Boolean)) {
    if (w.endsWith('=?')) s.longOptional.add(w.slice(0, -2));
    else if (w.endsWith('=')) s.longValue.add(w.slice(0, -1));
    else s.long.add(w);
  }
  s.long.add('help');
  s.long.add('version');
  return s;
}

/** The options and operands of a command line, read with a spec. */
export interface ReadOptions {
  /** Options the spec does not know (the word as written). */
  unknown: Arg[];
  /** Operands (after `--` too). */
  operands: Arg[];
  /** Operands before `--` whose text starts with a run-time value: they could turn out to be options. */
  dynamic: Arg[];
  /** Every option seen, by name (short letter or long name), with its values. */
  seen: Map<string, string[]>;
}

/** Reads argv (without the name) against a spec; nothing is guessed, unknown options are listed. */
export function readOptions(args: readonly Arg[], spec: ToolSpec): ReadOptions {
  const unknown: Arg[] = [];
  const operands: Arg[] = [];
  const dynamic: Arg[] = [];
  const seen = new Map<string, string[]>();
  const put = (k: string, v?: string) => {
    const list = seen.get(k) ?? [];
    if (v !== undefined) list.push(v);
    seen.set(k, list);
  };
  let done = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const t = a.text;
    if (done || spec.noOptions || t === '-' || !t.startsWith('-')) {
      operands.push(a);
      if (!done && a.dynamicStart) dynamic.push(a);
      continue;
    }
    // An option whose text is only known at run time could be anything.
    if (a.dynamic) {
      unknown.push(a);
      continue;
    }
    if (t === '--') {
      done = true;
      continue;
    }
    if (spec.digits && /^-\d+$/.test(t)) continue;
    if (t.startsWith('--') || (spec.singleDashLong && t.length > 2)) {
      const body = t.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      if (spec.longValue.has(name)) {
        if (eq >= 0) put(name, body.slice(eq + 1));
        else if (i + 1 < args.length) put(name, args[++i].text);
        else put(name);
      } else if (spec.longOptional.has(name)) put(name, eq >= 0 ? body.slice(eq + 1) : undefined);
      else if (spec.long.has(name) && eq < 0) put(name);
      else if (!t.startsWith('--') && spec.singleDashLong && t.length === 2 && (spec.short.has(t[1]) || spec.shortValue.has(t[1]))) i = shortCluster(args, i, spec, put, unknown);
      else unknown.push(a);
      continue;
    }
    i = shortCluster(args, i, spec, put, unknown);
  }
  return { unknown, operands, dynamic, seen };
}

function shortCluster(args: readonly Arg[], i: number, spec: ToolSpec, put: (k: string, v?: string) => void, unknown: Arg[]): number {
  const letters = args[i].text.slice(1);
  for (let j = 0; j < letters.length; j++) {
    const c = letters[j];
    if (spec.shortValue.has(c)) {
      const rest = letters.slice(j + 1);
      if (rest) put(c, rest);
      else if (i + 1 < args.length) put(c, args[++i].text);
      else put(c);
      return i;
    }
    if (spec.short.has(c)) {
      put(c);
      continue;
    }
    // -n5 style digits after a value letter are handled above; a stray letter is unknown.
    if (spec.digits && /^\d+$/.test(letters.slice(j))) return i;
    unknown.push(args[i]);
    return i;
  }
  return i;
}

/** Confirm when a run-time word could be an option of a tool that has risky ones (`sort $OPTS` may be `sort -o /x`). */
export function dynamicOptions(name: string, spec: ToolSpec, read: ReadOptions): Reason[] {
  if (!spec.risky || !read.dynamic.length) return [];
  return [
    confirm('option.dynamic', { en: '{part}: an argument only known at run time could be an option that writes files or runs programs', fr: "{part} : un argument connu seulement à l'exécution pourrait être une option qui écrit des fichiers ou exécute des programmes" }, `${name} ${read.dynamic.map((a) => a.raw).join(' ')}`),
  ];
}

/** The confirm reason for options a tool's allow list does not know. */
export function unknownOptions(name: string, unknown: readonly Arg[]): Reason[] {
  if (!unknown.length) return [];
  return [
    confirm('option.unknown', { en: '{part}: an option Cloudya does not know for this tool (it could write files or run programs)', fr: '{part} : une option que Cloudya ne connaît pas pour cet outil (elle pourrait écrire des fichiers ou exécuter des programmes)' }, `${name} ${unknown.map((a) => a.raw).join(' ')}`),
  ];
}
