#!/usr/bin/env node
/**
 * Builds dist/ with esbuild: every source file of src/, screens/ and components/ becomes its own
 * module at the same place tsc would put it (dist/src/cli.js, dist/src/commands/deploy.js...), so
 * everything that finds files next to itself keeps working unchanged: command discovery
 * (src/registry.ts reads dist/src/commands/), diagnose checks, providers, packageRoot().
 * What changes is third-party code: the libraries that cost start-up time (Ink, React, chalk,
 * marked, openai...) are bundled into shared chunks under dist/chunks/ instead of being resolved
 * file by file from node_modules (Ink + React alone are ~300 files: ~0.7 s of module loading on a
 * busy 2-core machine, ~0.1 s once bundled). Code splitting keeps each library in the chunk of the
 * commands that import it, so `cloudya deploy list` never loads Ink, and a dynamic import stays lazy.
 * Libraries that find files beside themselves (WebAssembly, native addons, worker threads) stay
 * external and load from node_modules as before.
 *
 * Usage: node scripts/build.mjs [--quiet]. Types are checked by `npm run lint`, not here.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--outdir');
const outdir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist');
const SOURCE_DIRS = ['src', 'screens', 'components'];

/**
 * Packages bundled into chunks when our code imports them. Anything else our code imports stays
 * external (loaded from node_modules at run time): server-side and SDK packages load rarely and
 * some locate files or workers relative to themselves (pino, better-sqlite3, @cdktf/hcl2json).
 */
const BUNDLED = new Set([
  'ink',
  'ink-spinner',
  'react',
  'react/jsx-runtime',
  'chalk',
  'js-yaml',
  'marked',
  'marked-terminal',
  'wrap-ansi',
  'strip-ansi',
  'fastest-levenshtein',
  'proper-lockfile',
  'write-file-atomic',
  'execa',
  'openai',
  'systeminformation',
  'highlight.js',
]);

/** Never bundled, even when a bundled library imports them: they locate files beside themselves or are optional. */
const ALWAYS_EXTERNAL = ['better-sqlite3', 'web-tree-sitter', 'tree-sitter-bash', '@cdktf/hcl2json', 'react-devtools-core', 'pino', 'thread-stream'];

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    // components/ink/ holds replacements for modules inside Ink: bundled into its chunk, not modules of ours.
    if (statSync(file).isDirectory()) out.push(...(file + path.sep === inkReplacementsDir ? [] : sourceFiles(file)));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') && !name.includes('.test.')) out.push(file);
  }
  return out;
}

/** The package name of a bare specifier ("@scope/name/sub" -> "@scope/name", "react/jsx-runtime" kept whole when listed). */
function packageOf(specifier) {
  if (BUNDLED.has(specifier)) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Ink modules swapped for ours when bundling (same results; see each file's header), by the specifier Ink's code imports. */
const INK_REPLACEMENTS = { './output.js': 'components/ink/output.ts', './measure-text.js': 'components/ink/measure-text.ts', 'widest-line': 'components/ink/widest-line.ts' };
const inkReplacementsDir = path.join(root, 'components', 'ink') + path.sep;

const ourFiles = {
  name: 'cloudya-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      // marked-terminal's code colouring: highlight.js core with the languages answers use, not all ~190 (src/readline/code-highlight.ts).
      if (args.path === 'cli-highlight' && args.importer.includes(`${path.sep}marked-terminal${path.sep}`)) return { path: path.join(root, 'src/readline/code-highlight.ts') };
      // Emoji shortcodes are off (markdown.ts: emoji: false), yet marked-terminal imports node-emoji and its
      // ~280 KB table on every chat start: an empty stand-in (get() finds nothing, the text stays as written).
      if (args.path === 'node-emoji' && args.importer.includes(`${path.sep}marked-terminal${path.sep}`)) return { path: 'node-emoji', namespace: 'cloudya-stub' };
      // Ink's frame output and text measuring, replaced by versions that remember unchanged lines (components/ink/).
      const fromInk = args.importer.includes(`${path.sep}node_modules${path.sep}ink${path.sep}build${path.sep}`);
      if (fromInk && INK_REPLACEMENTS[args.path]) return { path: path.join(root, INK_REPLACEMENTS[args.path]) };
      // Those replacements are library code: bundled into Ink's chunk with what they import.
      if (args.importer.startsWith(inkReplacementsDir)) return args.path.startsWith('.') ? { path: path.join(inkReplacementsDir, args.path.replace(/\.js$/, '.ts')) } : undefined;
      const fromOurs = !args.importer.includes(`${path.sep}node_modules${path.sep}`);
      if (!fromOurs) return undefined;
      // Our own modules stay separate files: the import is kept as written (sources already say .js).
      if (args.path.startsWith('.')) return { path: args.path, external: true };
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (BUNDLED.has(packageOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
    b.onLoad({ filter: /^node-emoji$/, namespace: 'cloudya-stub' }, () => ({ contents: 'export function get() { return undefined; }\n', loader: 'js' }));
  },
};

/**
 * Writes one output only when its bytes changed, through a temp file and a rename: other test runs
 * may be executing dist/ while this one builds, and an untouched file keeps its mtime (the knowledge
 * cache is keyed on its code files' mtimes).
 */
function writeIfChanged(file, contents) {
  try {
    if (Buffer.compare(readFileSync(file), contents) === 0) return false;
  } catch {
    // new file
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
  return true;
}

/** Removes chunks no build has produced for a while (content-hashed names pile up; a running test may still load a recent one). */
function pruneChunks(current) {
  const dir = path.join(outdir, 'chunks');
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    if (current.has(file)) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > 10 * 60_000) rmSync(file, { force: true });
    } catch {
      // removed by a concurrent build
    }
  }
}

/** Builds dist/ (see the header); returns esbuild's metafile. */
export async function buildDist({ quiet = false } = {}) {
  const t0 = performance.now();
  const entryPoints = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(root, d)));
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    chunkNames: 'chunks/[name]-[hash]',
    external: ALWAYS_EXTERNAL,
    plugins: [ourFiles],
    // React's development build checks every render: a third more CPU in the live screens for nothing.
    // __filename/__dirname of bundled CommonJS code (write-file-atomic hashes it into temp names) become
    // the output file's own, declared in the banner under names no source uses.
    define: { 'process.env.NODE_ENV': '"production"', __filename: '__cloudyaFilename', __dirname: '__cloudyaDirname' },
    // Bundled CommonJS libraries call require() for Node built-ins; ESM has none, so give each file one.
    banner: {
      js: [
        "import { createRequire as __cloudyaRequire } from 'node:module';",
        "import { fileURLToPath as __cloudyaPath } from 'node:url';",
        'const require = __cloudyaRequire(import.meta.url);',
        'const __cloudyaFilename = __cloudyaPath(import.meta.url);',
        "const __cloudyaDirname = __cloudyaPath(new URL('.', import.meta.url));",
      ].join(' '),
    },
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
    write: false,
  });
  let written = 0;
  // Chunks first: a module written before the new chunk it imports would fail to load in a test
  // running meanwhile.
  const chunksFirst = [...result.outputFiles].sort((a, b) => Number(!a.path.includes(`${path.sep}chunks${path.sep}`)) - Number(!b.path.includes(`${path.sep}chunks${path.sep}`)));
  for (const file of chunksFirst) if (writeIfChanged(file.path, file.contents)) written++;
  // Which sources each output holds: test/e2e/startup-imports.test.ts maps loaded chunks back to libraries.
  const meta = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([out, o]) => [path.relative(outdir, path.resolve(root, out)), Object.keys(o.inputs)]),
  );
  writeIfChanged(path.join(outdir, 'build-meta.json'), Buffer.from(`${JSON.stringify(meta)}\n`));
  pruneChunks(new Set(result.outputFiles.map((f) => f.path)));
  if (!quiet) {
    const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
    console.log(`built ${entryPoints.length} modules into ${path.relative(root, outdir) || '.'} (${(bytes / 1e6).toFixed(1)} MB, ${written} changed) in ${(performance.now() - t0).toFixed(0)} ms`);
  }
  return result.metafile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildDist({ quiet: process.argv.includes('--quiet') });
  // The knowledge cache shipped with the package (dist/knowledge-cache.pack): the first question on a new
  // machine reads it instead of parsing the YAML files (src/services/knowledge/prebuilt.ts).
  const { writePrebuilt } = await import(pathToFileURL(path.join(outdir, 'src/services/knowledge/prebuilt.js')).href);
  writePrebuilt(path.join(root, 'knowledge'), path.join(outdir, 'knowledge-cache.pack'));
  // The semantic space of the knowledge base (src/services/knowledge/semantic-train.ts), read by every search.
  const { writeSemantic } = await import(pathToFileURL(path.join(outdir, 'src/services/knowledge/semantic-train.js')).href);
  writeSemantic(path.join(root, 'knowledge'), path.join(outdir, 'knowledge-semantic.bin'));
}
