#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
// `--version` is answered here, before anything else loads, to keep it as fast as bare node.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // React's development build checks every render: a third more CPU in the live screens for nothing.
  process.env.NODE_ENV ??= 'production';
  const { runFromProcess } = await import('../dist/src/cli.js');
  runFromProcess();
}
