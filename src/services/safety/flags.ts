/**
 * Flag normalisation: combined short flags (-rf), long forms (--recursive), --flag=value and
 * option values given as the next word all end up in one shape, so rules ask `has('r', 'recursive')`.
 */
import type { Arg } from './words.js';

export interface ParsedFlags {
  /** Every flag name seen (short letters and long names, without dashes). */
  names: Set<string>;
  /** Values of flags that take one (last wins); long names and short letters. */
  values: Map<string, string[]>;
  /** Words that are not options (after `--` too). */
  positionals: Arg[];
  has(...names: string[]): boolean;
  value(...names: string[]): string | undefined;
  all(...names: string[]): string[];
}

export interface FlagSpec {
  /** Options that take a value (short letters or long names, without dashes). */
  withValue?: readonly string[];
  /** Stop treating words as options after the first positional (e.g. before a wrapped command). */
  stopAtPositional?: boolean;
  /** Long options written with one dash (find -name, terraform -auto-approve). */
  singleDashLong?: boolean;
}

/** Parses the arguments of a command (argv without its name) into flags and positionals. */
export function parseFlags(args: readonly Arg[], spec: FlagSpec = {}): ParsedFlags {
  const withValue = new Set(spec.withValue ?? []);
  const names = new Set<string>();
  const values = new Map<string, string[]>();
  const positionals: Arg[] = [];
  const put = (name: string, value: string | undefined) => {
    names.add(name);
    if (value !== undefined) values.set(name, [...(values.get(name) ?? []), value]);
  };
  let i = 0;
  let optionsDone = false;
  for (; i < args.length; i++) {
    const a = args[i];
    const t = a.text;
    if (optionsDone || a.dynamicStart || t === '-' || !t.startsWith('-')) {
      positionals.push(a);
      if (spec.stopAtPositional) optionsDone = true;
      continue;
    }
    if (t === '--') {
      optionsDone = true;
      continue;
    }
    if (t.startsWith('--') || spec.singleDashLong) {
      const body = t.replace(/^--?/, '');
      const eq = body.indexOf('=');
      if (eq >= 0) put(body.slice(0, eq), body.slice(eq + 1));
      else if (withValue.has(body) && i + 1 < args.length) put(body, args[++i].text);
      else put(body, undefined);
      continue;
    }
    // Combined short flags: -rf, -n5, -o file.
    const letters = t.slice(1);
    for (let j = 0; j < letters.length; j++) {
      const ch = letters[j];
      if (withValue.has(ch)) {
        const rest = letters.slice(j + 1);
        if (rest) put(ch, rest.replace(/^=/, ''));
        else if (i + 1 < args.length) put(ch, args[++i].text);
        else put(ch, undefined);
        break;
      }
      put(ch, undefined);
    }
  }
  return {
    names,
    values,
    positionals,
    has: (...n) => n.some((x) => names.has(x)),
    value: (...n) => {
      for (const x of n) {
        const v = values.get(x);
        if (v?.length) return v[v.length - 1];
      }
      return undefined;
    },
    all: (...n) => n.flatMap((x) => values.get(x) ?? []),
  };
}
