/**
 * Builds dist/ once so end-to-end tests run the real `bin/cloudya.js`. Type errors do not stop the
 * run (tsc still emits, and `npm run lint` is where types are judged); a missing output does.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): () => void {
  // Every temporary home of this run lives under one folder, removed when the run ends.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cloudya-tests-'));
  // Traversable like /tmp itself: some tests serve files to other users (nginx workers run as www-data).
  chmodSync(scratch, 0o755);
  process.env.CLOUDYA_TEST_TMP = scratch;
  // A test that forgets its own CLOUDYA_HOME lands here, never in the developer's ~/.cloudya.
  process.env.CLOUDYA_HOME = path.join(scratch, 'default-home');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? '');
    console.warn(`[global-setup] tsc reported errors (run npm run lint):\n${out.split('\n').slice(0, 10).join('\n')}`);
  }
  if (!existsSync(path.join(root, 'dist/src/cli.js'))) throw new Error('build produced no dist/src/cli.js');
  return () => {
    try {
      rmSync(scratch, { recursive: true, force: true });
    } catch (err) {
      console.warn(`[global-setup] could not remove ${scratch}: ${(err as Error).message}`);
    }
  };
}
