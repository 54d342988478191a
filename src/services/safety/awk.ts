/**
 * What an awk program hands to the shell: `system(EXPR)`, `EXPR | getline`, `print ... | EXPR` and
 * the gawk co-process `|&`. Each EXPR is turned back into shell text (string literals joined; awk
 * variables assigned one literal value resolved; anything else - fields, input, other variables -
 * becomes a run-time placeholder), so the validator judges it like `python -c 'os.system(...)'`.
 */

/** Stands for a value only known when awk runs (a field, a line read, a computed string). */
export const AWK_RUNTIME = '${AWK_RUNTIME_VALUE}';

interface Token {
  kind: 'str' | 'regex' | 'name' | 'num' | 'punct' | 'nl';
  text: string;
}

/** What the program does besides reading its input. */
export interface AwkEffects {
  /** Shell command lines the program runs, and its file reads/writes as `cat FILE` / `cat > FILE` (run-time pieces as AWK_RUNTIME). */
  commands: string[];
  /** Writes files (print > f, print >> f) or reads named files (getline < f). */
  redirects: boolean;
}

const KEYWORDS = new Set(['BEGIN', 'END', 'BEGINFILE', 'ENDFILE', 'if', 'else', 'while', 'for', 'do', 'in', 'print', 'printf', 'getline', 'return', 'next', 'nextfile', 'exit', 'delete', 'function', 'func', 'break', 'continue']);
// After these a "/" starts a regex; after an operand it divides.
const OPERAND_END = new Set(['str', 'regex', 'num']);

function decodeString(body: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return body.replace(/\\(.)/gs, (_m, c: string) => simple[c] ?? c);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const prevAllowsRegex = (): boolean => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (OPERAND_END.has(p.kind)) return false;
    if (p.kind === 'name') return KEYWORDS.has(p.text);
    return !(p.text === ')' || p.text === ']' || p.text === '$' || p.text === '++' || p.text === '--');
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
    } else if (c === '\n') {
      out.push({ kind: 'nl', text: '\n' });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({ kind: 'str', text: decodeString(src.slice(i + 1, j)) });
      i = j + 1;
    } else if (c === '/' && prevAllowsRegex()) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n' && (src[j] !== '/' || inClass)) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      out.push({ kind: 'regex', text: src.slice(i, j + 1) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ kind: 'name', text: m[0] });
      i += m[0].length;
    } else if (/[0-9.]/.test(c)) {
      const m = /^[0-9.]+(?:[eE][-+]?\d+)?/.exec(src.slice(i))!;
      out.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else {
      const m = /^(\|&|\|\||&&|>>|==|!=|<=|>=|!~|\+\+|--|[-+*/%^]=|.)/s.exec(src.slice(i))!;
      out.push({ kind: 'punct', text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

const STATEMENT_END = new Set([';', '{', '}']);

// Bounds the work on hostile input (one expression scanned at most this far; so many commands judged at most).
const MAX_EXPRESSION_TOKENS = 400;
export const MAX_AWK_COMMANDS = 40;

/** Index just past the expression starting at `from`: stops at ; { } a newline, "," at depth 0, or an unbalanced ")". */
function expressionEnd(tokens: Token[], from: number, stopAtComma = false): number {
  let depth = 0;
  let i = from;
  const last = Math.min(tokens.length, from + MAX_EXPRESSION_TOKENS);
  for (; i < last; i++) {
    const t = tokens[i];
    if (t.kind === 'nl' || (t.kind === 'punct' && STATEMENT_END.has(t.text))) break;
    if (t.text === '(' && t.kind === 'punct') depth++;
    if (t.text === ')' && t.kind === 'punct') {
      if (depth === 0) break;
      depth--;
    }
    if (stopAtComma && depth === 0 && t.kind === 'punct' && t.text === ',') break;
  }
  return i;
}

/** Index of the first token of the command expression that ends just before `end` (for `EXPR | getline`). */
function expressionStart(tokens: Token[], end: number): number {
  let i = end - 1;
  while (i >= 0) {
    const t = tokens[i];
    if (t.kind === 'str' || t.kind === 'num' || (t.kind === 'name' && !KEYWORDS.has(t.text))) {
      i--;
    } else if (t.kind === 'punct' && t.text === ')') {
      let depth = 0;
      for (; i >= 0; i--) {
        if (tokens[i].kind === 'punct' && tokens[i].text === ')') depth++;
        if (tokens[i].kind === 'punct' && tokens[i].text === '(') depth--;
        if (depth === 0) break;
      }
      i--;
    } else if (t.kind === 'punct' && t.text === '$') {
      i--;
    } else break;
  }
  return Math.max(0, i + 1);
}

/** Shell text of an awk string expression; names with one assignment are resolved (within a work budget). */
function shellText(tokens: Token[], vars: Map<string, Token[][]>, depth: number, budget = { left: 2000 }): string {
  let out = '';
  let lastRuntime = false;
  const runtime = () => {
    if (!lastRuntime) out += AWK_RUNTIME;
    lastRuntime = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Out of budget (variables expanding into each other): the rest is unknown, which is judged strictly.
    if (--budget.left < 0) {
      runtime();
      break;
    }
    if (t.kind === 'str') {
      out += t.text;
      lastRuntime = false;
    } else if (t.kind === 'num') {
      out += t.text;
      lastRuntime = false;
    } else if (t.kind === 'name' && tokens[i + 1]?.text !== '(' && tokens[i + 1]?.text !== '[') {
      const assigned = vars.get(t.text);
      if (assigned?.length === 1 && depth < 4) {
        const text = shellText(assigned[0], vars, depth + 1, budget);
        out += text;
        lastRuntime = text.endsWith(AWK_RUNTIME);
      } else runtime();
    } else if (t.kind === 'punct' && (t.text === '(' || t.text === ')')) {
      continue;
    } else if (t.kind === 'punct' && t.text === '$') {
      // A field ($1, $NF, $(i+1)) is input data.
      runtime();
      if (tokens[i + 1]?.kind === 'name' || tokens[i + 1]?.kind === 'num') i++;
      else if (tokens[i + 1]?.text === '(') {
        for (let depth = 0; i + 1 < tokens.length; ) {
          i++;
          if (tokens[i].text === '(') depth++;
          if (tokens[i].text === ')' && --depth === 0) break;
        }
      }
    } else runtime();
  }
  return out;
}

/** `name = EXPR` assignments in the program (plus -v ones), by variable name. */
function assignments(tokens: Token[], preset: Map<string, string>): Map<string, Token[][]> {
  const vars = new Map<string, Token[][]>();
  for (const [name, value] of preset) vars.set(name, [[{ kind: 'str', text: value }]]);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t.kind !== 'name' || KEYWORDS.has(t.text) || next.kind !== 'punct' || tokens[i - 1]?.text === '$') continue;
    if (next.text === '=' || /^[-+*/%^]=$/.test(next.text) || next.text === '++' || next.text === '--') {
      const end = expressionEnd(tokens, i + 2, true);
      const list = vars.get(t.text) ?? [];
      // A compound assignment or increment makes the value unknowable: a name with two entries is never resolved.
      if (next.text === '=') list.push(tokens.slice(i + 2, end));
      else list.push([], []);
      vars.set(t.text, list);
    }
  }
  return vars;
}

/** The commands an awk program runs and whether it redirects to or from files. */
export function awkEffects(program: string, preset: Map<string, string> = new Map()): AwkEffects {
  const tokens = tokenize(program);
  const vars = assignments(tokens, preset);
  const commands: string[] = [];
  let redirects = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'name' && t.text === 'system' && tokens[i + 1]?.text === '(') {
      const end = expressionEnd(tokens, i + 2);
      commands.push(shellText(tokens.slice(i + 2, end), vars, 0));
    } else if (t.kind === 'punct' && (t.text === '|' || t.text === '|&')) {
      if (tokens[i + 1]?.kind === 'name' && tokens[i + 1].text === 'getline') {
        commands.push(shellText(tokens.slice(expressionStart(tokens, i), i), vars, 0));
      } else {
        // What print writes becomes the command's standard input: `print "rm -rf /" | "sh"` runs it.
        const end = expressionEnd(tokens, i + 1);
        const command = shellText(tokens.slice(i + 1, end), vars, 0).trim();
        if (command) commands.push(`cat | ${command}`);
      }
    } else if (t.kind === 'name' && (t.text === 'print' || t.text === 'printf')) {
      // print ... > file / >> file (a ">" inside parentheses is a comparison)
      const end = expressionEnd(tokens, i + 1);
      let depth = 0;
      for (let j = i + 1; j < end; j++) {
        if (tokens[j].text === '(') depth++;
        if (tokens[j].text === ')') depth--;
        if (depth === 0 && tokens[j].kind === 'punct' && (tokens[j].text === '>' || tokens[j].text === '>>')) {
          redirects = true;
          // Judged as the shell redirection it amounts to (a write to /etc is one whatever the tool).
          const file = shellText(tokens.slice(j + 1, end), vars, 0).trim();
          if (file) commands.push(`cat ${tokens[j].text} ${file}`);
          break;
        }
      }
    } else if (t.kind === 'name' && t.text === 'getline' && tokens[i + 1]?.text !== '|') {
      const end = expressionEnd(tokens, i + 1);
      const lt = tokens.slice(i + 1, end).findIndex((x) => x.kind === 'punct' && x.text === '<');
      if (lt !== -1) {
        redirects = true;
        const file = shellText(tokens.slice(i + 2 + lt, end), vars, 0).trim();
        if (file) commands.push(`cat ${file}`);
      }
    }
  }
  return { commands: [...new Set(commands.map((c) => c.trim()).filter((c) => c !== ''))], redirects };
}
