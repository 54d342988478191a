/**
 * Evaluates the common shapes of Terraform validation conditions (regex, cidrhost, contains,
 * comparisons, whole numbers, length) against a value before Terraform runs, so a bad
 * parameter is refused in a second instead of after `init`. Anything not understood is
 * "unknown" and left to Terraform (three-valued logic: only a definite false refuses).
 */
import net from 'node:net';

type Tri = boolean | undefined;

/** Splits an expression on a top-level operator (outside quotes, brackets and parentheses). */
function splitTop(expr: string, op: '||' | '&&'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && expr.startsWith(op, i)) {
      parts.push(expr.slice(start, i).trim());
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(expr.slice(start).trim());
  return parts;
}

function stripParens(expr: string): string {
  let e = expr.trim();
  while (e.startsWith('(') && e.endsWith(')') && balanced(e.slice(1, -1))) e = e.slice(1, -1).trim();
  return e;
}

function balanced(s: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Decodes an HCL string literal (same escapes as JSON for what templates use). */
function hclString(lit: string): string | undefined {
  try {
    return JSON.parse(lit) as string;
  } catch {
    return undefined;
  }
}

function literal(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('"')) return hclString(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return undefined;
}

function listLiteral(text: string): unknown[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const inner = t.slice(1, -1).trim();
  if (inner === '') return [];
  const values = splitComma(inner).map(literal);
  return values.some((v) => v === undefined) ? undefined : values;
}

function splitComma(s: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (s.slice(start).trim() !== '') out.push(s.slice(start));
  return out;
}

/** True when text is a valid IPv4 or IPv6 CIDR block (what Terraform's cidrhost accepts). */
export function isCidr(text: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return false;
  const kind = net.isIP(m[1]);
  const bits = Number(m[2]);
  return (kind === 4 && bits <= 32) || (kind === 6 && bits <= 128);
}

const esc = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function clause(expr: string, name: string, value: unknown): Tri {
  const v = `var\\.${esc(name)}`;
  const e = stripParens(expr);
  if (e.startsWith('!')) {
    const inner = clause(e.slice(1), name, value);
    return inner === undefined ? undefined : !inner;
  }
  let mm = new RegExp(`^can\\(\\s*regex\\(\\s*("(?:[^"\\\\]|\\\\.)*")\\s*,\\s*${v}\\s*\\)\\s*\\)$`).exec(e);
  if (mm) {
    const re = hclString(mm[1]);
    if (re === undefined || typeof value !== 'string') return typeof value === 'string' ? undefined : false;
    try {
      return new RegExp(re).test(value);
    } catch {
      return undefined; // RE2 syntax JavaScript does not know
    }
  }
  mm = new RegExp(`^can\\(\\s*cidrhost\\(\\s*${v}\\s*,\\s*\\d+\\s*\\)\\s*\\)$`).exec(e);
  if (mm) return typeof value === 'string' && isCidr(value);
  mm = new RegExp(`^contains\\(\\s*(\\[.*\\])\\s*,\\s*${v}\\s*\\)$`).exec(e);
  if (mm) {
    const list = listLiteral(mm[1]);
    return list === undefined ? undefined : list.some((x) => x === value);
  }
  mm = new RegExp(`^floor\\(\\s*${v}\\s*\\)\\s*==\\s*${v}$`).exec(e);
  if (mm) return typeof value === 'number' ? Number.isInteger(value) : undefined;
  mm = new RegExp(`^(length\\(\\s*${v}\\s*\\)|${v})\\s*(==|!=|>=|<=|>|<)\\s*(.+)$`).exec(e);
  if (mm) {
    const right = literal(mm[3]);
    if (right === undefined) return undefined;
    let left: unknown = value;
    if (mm[1].startsWith('length')) {
      if (typeof value === 'string' || Array.isArray(value)) left = value.length;
      else if (value && typeof value === 'object') left = Object.keys(value).length;
      else return undefined;
    }
    switch (mm[2]) {
      case '==':
        return left === right;
      case '!=':
        return left !== right;
      default: {
        if (typeof left !== 'number' || typeof right !== 'number') return undefined;
        if (mm[2] === '>=') return left >= right;
        if (mm[2] === '<=') return left <= right;
        if (mm[2] === '>') return left > right;
        return left < right;
      }
    }
  }
  return undefined;
}

/** Evaluates a validation condition for one variable: true, false, or undefined (left to Terraform). */
export function evaluateCondition(condition: string, name: string, value: unknown): Tri {
  const ors = splitTop(stripParens(condition), '||');
  let anyUnknown = false;
  for (const or of ors) {
    const ands = splitTop(stripParens(or), '&&');
    let result: Tri = true;
    for (const and of ands) {
      const r = ands.length === 1 && ors.length === 1 ? clause(and, name, value) : evaluateCondition(and, name, value);
      if (r === false) {
        result = false;
        break;
      }
      if (r === undefined) result = undefined;
    }
    if (result === true) return true;
    if (result === undefined) anyUnknown = true;
  }
  return anyUnknown ? undefined : false;
}

/** The allowed values when a condition is (or requires) `contains([...], var.x)`. */
export function choicesOf(condition: string, name: string): string[] | undefined {
  for (const and of splitTop(stripParens(condition), '&&')) {
    const mm = new RegExp(`^contains\\(\\s*(\\[.*\\])\\s*,\\s*var\\.${esc(name)}\\s*\\)$`).exec(stripParens(and));
    if (mm) {
      const list = listLiteral(mm[1]);
      if (list) return list.map(String);
    }
  }
  return undefined;
}

/** True when a condition checks the variable with cidrhost() (the value is a CIDR block). */
export function checksCidr(condition: string, name: string): boolean {
  return new RegExp(`cidrhost\\(\\s*var\\.${esc(name)}\\b`).test(condition);
}
