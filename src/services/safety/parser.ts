/**
 * The shell grammar: tree-sitter-bash compiled to WebAssembly, run by web-tree-sitter.
 * Loaded once per process on first use (~15 ms); each parse afterwards takes well under a millisecond.
 */
import { createRequire } from 'node:module';
import type { Node, Parser as ParserType, Tree } from 'web-tree-sitter';

export type SyntaxNode = Node;
export type SyntaxTree = Tree;

let loading: Promise<ParserType> | undefined;

/** The shared parser, loading the WASM grammar on first call. */
export function loadParser(): Promise<ParserType> {
  loading ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    const require = createRequire(import.meta.url);
    await Parser.init();
    const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
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
