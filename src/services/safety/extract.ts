/**
 * Walks the syntax tree and lists every simple command in it - in pipelines, lists, subshells,
 * loops, functions, command and process substitutions, here-docs and redirection targets - with
 * its words resolved, its redirections, and where its standard input comes from.
 */
import type { SyntaxNode, SyntaxTree } from './parser.js';
import { literalArg, resolveWord, type Arg } from './words.js';

export interface Redirect {
  /** The operator: >, >>, <, &>, >&, <<<, << ... */
  op: string;
  /** File descriptor written before the operator ("2" in 2>). */
  fd?: string;
  target?: Arg;
}

export interface SimpleCommand {
  /** Command name and arguments; empty for a bare assignment or redirection. */
  argv: Arg[];
  assignments: Array<{ name: string; value: Arg }>;
  redirects: Redirect[];
  /** Source text. */
  text: string;
  /** Where standard input comes from when it is not the terminal. */
  stdin?: 'pipe' | 'heredoc' | 'herestring' | 'file';
  /** Literal text fed on stdin by a here-doc or here-string. */
  stdinText?: string;
  /** The stdin redirection's target or here-string is only known at run time (<(...), "$(...)"). */
  stdinDynamic?: boolean;
  /** Commands of the earlier stages of the same pipeline. */
  upstream: SimpleCommand[];
  /** Inside $(...), `...` or <(...)/>(...). */
  substituted: boolean;
  /** Commands run by <(...) / >(...) arguments of this command. */
  processSubs: SimpleCommand[][];
}

export interface ProgramFacts {
  commands: SimpleCommand[];
  /** Functions defined in the text, with the commands of their bodies. */
  functions: Map<string, SimpleCommand[]>;
  /** Text of the first syntax error, when the parser reported one. */
  syntaxError?: string;
  /** Endless loops that start a background job on each turn (`while :; do cmd & done`). */
  loopBombs: string[];
}

/** True when a `&` (a background job) appears anywhere in the node. */
function hasBackground(node: SyntaxNode): boolean {
  for (const c of node.children) {
    if (!c) continue;
    if (c.type === '&' || hasBackground(c)) return true;
  }
  return false;
}

/** True for `while true`, `while :`, `until false`, `for ((;;))` and the like. */
function endless(node: SyntaxNode): boolean {
  if (node.type === 'c_style_for_statement') return /^for\s*\(\([^;]*;\s*;/.test(node.text);
  const cond = node.text.replace(/^(while|until)\s+/, '').split(/\bdo\b/)[0].replace(/[;\s]+$/, '').trim();
  return node.type === 'while_statement' ? /^(true|:|\[\s*1\s*\]|\(\(\s*1\s*\)\)|\[\[\s*1\s*\]\])$/.test(cond) : /^false$/.test(cond);
}

const REDIRECT_OPS = new Set(['>', '>>', '<', '&>', '&>>', '>&', '<&', '>|', '<>', '>&-', '<&-', '<<<', '<<', '<<-']);

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const c of node.children) {
    if (!c) continue;
    const e = firstError(c);
    if (e) return e;
  }
  return node;
}

const REDIRECT_TYPES = new Set(['file_redirect', 'herestring_redirect', 'heredoc_redirect']);

/** A redirection node and the file redirections nested in a here-doc's first line. */
function collectRedirects(node: SyntaxNode): ReturnType<typeof readRedirect>[] {
  if (!REDIRECT_TYPES.has(node.type)) return [];
  const out = [readRedirect(node)];
  if (node.type === 'heredoc_redirect') {
    for (const c of node.namedChildren) if (c && c.type === 'file_redirect') out.push(readRedirect(c));
  }
  return out;
}

function readRedirect(node: SyntaxNode): Redirect & { stdinText?: string; kind?: SimpleCommand['stdin'] } {
  let op = '';
  let fd: string | undefined;
  let target: Arg | undefined;
  let body: string | undefined;
  for (const c of node.children) {
    if (!c) continue;
    if (!c.isNamed && REDIRECT_OPS.has(c.type)) op = c.type;
    else if (c.type === 'file_descriptor') fd = c.text;
    else if (c.type === 'heredoc_body') body = c.text;
  }
  const dest = node.childForFieldName('destination');
  if (node.type === 'herestring_redirect') {
    const word = node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    target = word ? resolveWord(word) : undefined;
    return { op: '<<<', fd, target, stdinText: target?.text, kind: 'herestring' };
  }
  if (node.type === 'heredoc_redirect') return { op: op || '<<', fd, stdinText: body ?? '', kind: 'heredoc' };
  if (dest) target = resolveWord(dest);
  const kind = (op === '<' || op === '<>') && (!fd || fd === '0') ? 'file' : undefined;
  return { op, fd, target, kind };
}

class Walker {
  commands: SimpleCommand[] = [];
  loopBombs: string[] = [];
  functions = new Map<string, SimpleCommand[]>();
  private substitutionDepth = 0;

  visit(node: SyntaxNode, redirects: ReturnType<typeof readRedirect>[] = []): void {
    switch (node.type) {
      case 'command':
      case 'declaration_command':
      case 'unset_command':
      case 'test_command':
        this.simple(node, redirects);
        return;
      case 'redirected_statement': {
        const body = node.childForFieldName('body');
        const own = node.namedChildren
          .filter((c): c is SyntaxNode => !!c && c.id !== body?.id)
          .flatMap(collectRedirects);
        for (const c of node.namedChildren) {
          if (c && c.id !== body?.id) this.visitChildren(c);
        }
        if (body && (body.type === 'command' || body.type === 'declaration_command' || body.type === 'unset_command')) {
          this.visit(body, own);
        } else {
          // Redirections of a compound statement: judged on their own, then the body.
          this.commands.push(this.make([], [], own, node.text));
          if (body) this.withStdin(body, own);
        }
        return;
      }
      case 'while_statement':
      case 'until_statement':
      case 'c_style_for_statement':
        if (endless(node) && hasBackground(node)) this.loopBombs.push(node.text.length > 60 ? `${node.text.slice(0, 57)}...` : node.text);
        this.visitChildren(node);
        return;
      case 'pipeline': {
        const stages = node.namedChildren.filter((c): c is SyntaxNode => !!c);
        const upstream: SimpleCommand[] = [];
        // `cat <<EOF | sh`: the grammar puts `| sh` inside the here-doc; every stage reads the pipe.
        const afterHeredoc = node.parent?.type === 'heredoc_redirect';
        for (let i = 0; i < stages.length; i++) {
          const start = this.commands.length;
          this.visit(stages[i]);
          const added = this.commands.slice(start);
          if (i > 0 || afterHeredoc) {
            for (const c of added) {
              if (c.substituted && this.substitutionDepth === 0) continue;
              if (!c.stdin) c.stdin = 'pipe';
              c.upstream = [...upstream];
            }
          }
          upstream.push(...added);
        }
        return;
      }
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text ?? '';
        const start = this.commands.length;
        this.visitChildren(node);
        this.functions.set(name, this.commands.slice(start));
        return;
      }
      case 'variable_assignment':
      case 'variable_assignments': {
        const assigns = node.type === 'variable_assignment' ? [node] : node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type === 'variable_assignment');
        this.commands.push(this.make([], assigns.map(readAssignment), redirects, node.text));
        this.visitChildren(node);
        return;
      }
      case 'command_substitution':
      case 'process_substitution':
        this.substitutionDepth++;
        this.visitChildren(node);
        this.substitutionDepth--;
        return;
      default:
        this.visitChildren(node);
    }
  }

  private withStdin(body: SyntaxNode, redirects: ReturnType<typeof readRedirect>[]): void {
    const start = this.commands.length;
    this.visit(body);
    const input = redirects.find((r) => r.kind);
    if (!input) return;
    for (const c of this.commands.slice(start)) {
      if (!c.stdin) {
        c.stdin = input.kind;
        c.stdinText = input.stdinText;
      }
    }
  }

  private visitChildren(node: SyntaxNode): void {
    for (const c of node.namedChildren) if (c) this.visit(c);
  }

  private make(argv: Arg[], assignments: SimpleCommand['assignments'], redirects: ReturnType<typeof readRedirect>[], text: string): SimpleCommand {
    const input = [...redirects].reverse().find((r) => r.kind);
    return {
      argv,
      assignments,
      redirects: redirects.map(({ op, fd, target }) => ({ op, fd, target })),
      text,
      stdin: input?.kind,
      stdinText: input?.stdinText,
      stdinDynamic: input?.target?.dynamic ?? false,
      upstream: [],
      substituted: this.substitutionDepth > 0,
      processSubs: [],
    };
  }

  private simple(node: SyntaxNode, outer: ReturnType<typeof readRedirect>[]): void {
    const argv: Arg[] = [];
    const assignments: SimpleCommand['assignments'] = [];
    const redirects = [...outer];
    const procSubNodes: SyntaxNode[] = [];
    if (node.type !== 'command') {
      // export/declare/local/readonly/typeset, unset, [[ ]]: the keyword is the first word.
      const kw = node.children[0];
      argv.push(literalArg(kw?.text ?? node.type));
    }
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') {
        if (node.type === 'command') assignments.push(readAssignment(c));
        else {
          // export NAME=VALUE: the word is dynamic only when its value is.
          const { name, value } = readAssignment(c);
          argv.push({ ...value, raw: c.text, text: `${name}=${value.text}`, dynamicStart: false });
        }
      } else if (REDIRECT_TYPES.has(c.type)) {
        redirects.push(...collectRedirects(c));
      } else if (node.type === 'test_command') {
        continue;
      } else {
        if (c.type === 'process_substitution') procSubNodes.push(c);
        argv.push(resolveWord(c));
      }
    }
    const cmd = this.make(argv, assignments, redirects, node.text);
    this.commands.push(cmd);
    // <(...) as a redirection target (sh < <(curl ...)) feeds the command too.
    const redirectProcSubs = node.namedChildren.filter((c): c is SyntaxNode => !!c && REDIRECT_TYPES.has(c.type)).flatMap((r) => r.namedChildren.filter((x): x is SyntaxNode => !!x && x.type === 'process_substitution'));
    procSubNodes.push(...redirectProcSubs);
    for (const p of procSubNodes) {
      const start = this.commands.length;
      this.visit(p);
      const added = this.commands.slice(start);
      cmd.processSubs.push(added);
      // `echo CODE > >(bash)`: what the command writes is the standard input of >(...).
      if (p.text.startsWith('>(')) {
        for (const c of added) {
          if (!c.stdin) {
            c.stdin = 'pipe';
            c.upstream = [cmd];
          }
        }
      }
    }
    // Nested commands inside words, assignments and redirections.
    for (const c of node.namedChildren) {
      if (!c || c.type === 'process_substitution') continue;
      if (REDIRECT_TYPES.has(c.type)) {
        for (const x of c.namedChildren) if (x && !redirectProcSubs.some((p) => p.id === x.id)) this.visit(x);
      } else this.visitChildren(c);
    }
  }
}

function readAssignment(node: SyntaxNode): { name: string; value: Arg } {
  const name = node.childForFieldName('name')?.text ?? '';
  const valueNode = node.childForFieldName('value');
  const value = valueNode ? resolveWord(valueNode) : { text: '', dynamic: false, dynamicStart: false, raw: '', glob: false };
  return { name, value };
}

/** Lists the simple commands of a parsed program (and reports the first syntax error, if any). */
export function extractCommands(tree: SyntaxTree): ProgramFacts {
  const root = tree.rootNode;
  const w = new Walker();
  const err = firstError(root);
  w.visit(root);
  return {
    commands: w.commands,
    functions: w.functions,
    loopBombs: w.loopBombs,
    syntaxError: err ? err.text.slice(0, 80) || err.type : undefined,
  };
}
