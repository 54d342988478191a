/**
 * What a sed script does besides printing: it is parsed command by command (GNU sed syntax, any
 * `s` delimiter, letters included) so that `e` (run a command), `w`/`W` (write a file), `r`/`R`
 * (read a file) and the `s///e`, `s///w FILE` flags are found wherever they hide. A script that
 * cannot be parsed, or is longer than the cap, is reported as such and never allowed.
 */

/** Longest script parsed (longer ones are confirmed without being read). */
export const MAX_SED_SCRIPT = 8 * 1024;

/** Effects of a sed script. */
export interface SedEffects {
  /** Shell commands run: `e CMD`, and the replacement text of `s///e` (the pattern space becomes the command). */
  runs: string[];
  /** True when a command runs whatever the pattern space holds (`e` alone, `s///e` with a computed replacement). */
  runsInput: boolean;
  /** Files written by `w`/`W` and the `w` flag of `s`. */
  writes: string[];
  /** Files read by `r`/`R`. */
  reads: string[];
  /** Why the script could not be read (too long, unknown command, unterminated `s`). */
  unreadable?: string;
}

const NO_ARG = new Set(['=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F', '{', '}']);

/** Parses a sed script and lists what it runs, writes and reads. */
export function sedEffects(script: string): SedEffects {
  const fx: SedEffects = { runs: [], runsInput: false, writes: [], reads: [] };
  if (script.length > MAX_SED_SCRIPT) return { ...fx, unreadable: `the script is ${script.length} characters long` };
  let i = 0;
  const n = script.length;
  const restOfLine = () => {
    const end = script.indexOf('\n', i);
    const text = script.slice(i, end < 0 ? n : end);
    i = end < 0 ? n : end + 1;
    return text;
  };
  const skipBlanks = () => {
    while (i < n && /[ \t]/.test(script[i])) i++;
  };
  // Reads a delimited part (regex or replacement) ending at an unescaped `delim`.
  const delimited = (delim: string): string | undefined => {
    let out = '';
    while (i < n) {
      const c = script[i];
      if (c === '\\' && i + 1 < n) {
        out += script[i + 1] === delim ? delim : c + script[i + 1];
        i += 2;
        continue;
      }
      if (c === delim) {
        i++;
        return out;
      }
      if (c === '\n' && delim !== '\n') {
        // GNU sed allows a newline in the replacement only escaped; unescaped it ends the command (error).
        return undefined;
      }
      out += c;
      i++;
    }
    return undefined;
  };
  const address = () => {
    skipBlanks();
    if (script[i] === '$') i++;
    else if (/\d/.test(script[i] ?? '')) {
      while (/[\d~]/.test(script[i] ?? '')) i++;
    } else if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[i + 1] : '/';
      i += script[i] === '\\' ? 2 : 1;
      if (delimited(delim) === undefined) return false;
      while (/[IM]/.test(script[i] ?? '')) i++;
    }
    return true;
  };
  while (i < n) {
    while (i < n && /[\s;]/.test(script[i])) i++;
    if (i >= n) break;
    if (script[i] === '#') {
      restOfLine();
      continue;
    }
    if (!address()) return { ...fx, unreadable: 'an address is not terminated' };
    skipBlanks();
    if (script[i] === ',') {
      i++;
      skipBlanks();
      if (script[i] === '+' || script[i] === '~') i++;
      if (!address()) return { ...fx, unreadable: 'an address is not terminated' };
      skipBlanks();
    }
    while (script[i] === '!' || script[i] === ' ') i++;
    const cmd = script[i++];
    if (cmd === undefined) break;
    if (NO_ARG.has(cmd)) continue;
    if (cmd === ':' || cmd === 'b' || cmd === 't' || cmd === 'T') {
      // Labels end at a newline or a semicolon.
      while (i < n && script[i] !== '\n' && script[i] !== ';') i++;
      continue;
    }
    if (cmd === 'q' || cmd === 'Q' || cmd === 'l' || cmd === 'L') {
      skipBlanks();
      while (/\d/.test(script[i] ?? '')) i++;
      continue;
    }
    if (cmd === 'a' || cmd === 'i' || cmd === 'c') {
      // Text to the end of the line (continued by backslash-newline).
      while (i < n && !(script[i] === '\n' && script[i - 1] !== '\\')) i++;
      continue;
    }
    if (cmd === 'v') {
      while (i < n && script[i] !== '\n' && script[i] !== ';') i++;
      continue;
    }
    if (cmd === 'e') {
      skipBlanks();
      const command = restOfLine().trim();
      if (command) fx.runs.push(command);
      else fx.runsInput = true;
      continue;
    }
    if (cmd === 'w' || cmd === 'W' || cmd === 'r' || cmd === 'R') {
      skipBlanks();
      const file = restOfLine();
      (cmd === 'r' || cmd === 'R' ? fx.reads : fx.writes).push(file);
      continue;
    }
    if (cmd === 's' || cmd === 'y') {
      const delim = script[i++];
      if (delim === undefined || delim === '\n' || delim === '\\') return { ...fx, unreadable: `the ${cmd} command has no delimiter` };
      const pattern = delimited(delim);
      const replacement = pattern === undefined ? undefined : delimited(delim);
      if (replacement === undefined) return { ...fx, unreadable: `an ${cmd} command is not terminated` };
      if (cmd === 'y') continue;
      let flags = '';
      while (i < n && /[gpiImMe0-9w]/.test(script[i])) {
        if (script[i] === 'w') {
          i++;
          skipBlanks();
          fx.writes.push(restOfLine());
          break;
        }
        flags += script[i++];
      }
      if (flags.includes('e')) {
        // The pattern space after the substitution is run: with a literal replacement of the whole line, that is the command.
        if (/[&\\]/.test(replacement) || !replacement.trim()) fx.runsInput = true;
        else fx.runs.push(replacement);
      }
      continue;
    }
    return { ...fx, unreadable: `unknown sed command "${cmd}"` };
  }
  return fx;
}
