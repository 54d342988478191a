#!/usr/bin/env node
// Thin launcher: the built CLI lives in dist/ (scripts/build.mjs, run by `npm ci` through the prepare script).
// `--version` is answered here, before anything else loads, to keep it as fast as bare node.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // React's development build checks every render: a third more CPU in the live screens for nothing.
  process.env.NODE_ENV ??= 'production';
  await enableCompileCache();
  await baselineWasmOnly();
  if (argv.find((a) => !a.startsWith('-')) === 'monitor' && !argv.includes('report') && !argv.includes('record')) await tuneHeapForLiveMonitor();
  const { runFromProcess } = await import('../dist/src/cli.js');
  runFromProcess();
}

/**
 * The live monitor runs for hours and allocates ~8 MB/s (one frame and one sample a second), of
 * which little survives. V8's defaults are tuned for throughput: the young generation grows to
 * 2 x 16 MB, and the first full collection waits until the old generation holds ~50 MB, mostly
 * the previous frames' React elements. Measured in a 80x24 tmux pane at 1 s (bench/monitor.mjs):
 * RSS 137 MB after a minute, 153 MB after two, for ~20 MB of live heap. Here the young generation
 * stays at its initial 1 MB semi-spaces (the growth factor is read at each resize, so it can be set
 * now; --max-semi-space-size cannot), and one full collection once the screen runs sets the
 * old-generation limit from the real live size. Cost: ~0.5 % of a core more in scavenges when it was
 * introduced; measured again once frames and samples made less garbage (bench/monitor.mjs, 120x40,
 * 2 x 60 s, same rounds): 1.87 % of a core and 84 MB peak with it, 1.86 % and 114 MB without.
 */
async function tuneHeapForLiveMonitor() {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  try {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    setTimeout(() => gc(), 8000).unref();
  } catch {
    // a Node without these V8 flags: default heap sizing, nothing else changes
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * The shell parser (tree-sitter-bash, WebAssembly) parses a command line in well under a millisecond
 * with V8's baseline wasm compiler, but V8 also compiles its ~1 MB module with the optimising one
 * in the background, and the process waits for that before exiting: 0.6-1.2 s of wall time for
 * `cloudya validate "..."`, against 0.17 s with the baseline compiler alone (measured on 2 cores).
 */
async function baselineWasmOnly() {
  try {
    (await import('node:v8')).setFlagsFromString('--liftoff-only');
  } catch {
    // a V8 without this flag: default wasm tiering
  }
}

/**
 * Node >= 22.1 can keep V8's compiled code of every module on disk (module.enableCompileCache):
 * a later start skips parsing and compiling the bundled libraries again. Node 20 has no such
 * function; NODE_DISABLE_COMPILE_CACHE=1 turns it off as Node documents.
 */
async function enableCompileCache() {
  try {
    const mod = await import('node:module');
    mod.enableCompileCache?.();
  } catch {
    // an unwritable cache folder: start without it
  }
}
