/**
 * The shell grammar: tree-sitter-bash compiled to WebAssembly, run by web-tree-sitter.
 * Loaded once per process on first use (~15 ms); each parse afterwards takes well under a millisecond.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Node, Parser as ParserType, Tree } from 'web-tree-sitter';

export type SyntaxNode = Node;
export type SyntaxTree = Tree;

let loading: Promise<ParserType> | undefined;

/**
 * Compiles the grammar module whole, on V8's background threads. V8 compiles a wasm function when it
 * is first called, so the first parse used to compile tree-sitter-bash's lexer - one function of most
 * of the module's megabyte - on the main thread (~40 ms on a quiet 2-core machine, 100 ms loaded).
 * Compiled eagerly and asynchronously, that work runs beside the main thread while the runtime and
 * the caller's modules load. The flag is read when compilation starts its tasks, so it stays set
 * until the module is compiled; nothing else compiles WebAssembly meanwhile in the processes that
 * validate commands.
 */
function compileGrammar(file: string): Promise<WebAssembly.Module> {
  let eager = false;
  try {
    setFlagsFromString('--no-wasm-lazy-compilation');
    eager = true;
  } catch {
    // a V8 without this flag: compiled on first call, as before
  }
  const compiled = WebAssembly.compile(readFileSync(file));
  const restore = () => eager && setFlagsFromString('--wasm-lazy-compilation');
  compiled.then(restore, restore);
  return compiled;
}

/** The shared parser, loading the WASM grammar on first call (call it early: the grammar compiles in the background). */
export function loadParser(): Promise<ParserType> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const grammar = compileGrammar(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    // Settled even when the runtime below fails to load: a rejected grammar is never left unhandled.
    grammar.catch(() => undefined);
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const bash = Language.loadSync(await grammar);
    const parser = new Parser();
    parser.setLanguage(bash);
    return parser;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Parses shell text into a syntax tree (the caller deletes it when done). */
export async function parseShell(text: string): Promise<SyntaxTree> {
  const parser = await loadParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('the shell parser returned no tree');
  return tree;
}

/** Parses with an already-loaded parser (synchronous, for nested code inside `bash -c` and friends). */
export function parseShellSync(parser: ParserType, text: string): SyntaxTree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('the shell parser returned no tree');
  return tree;
}
