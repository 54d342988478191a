/**
 * Builds dist/ once, with the build the package ships (scripts/build.mjs, esbuild), so end-to-end
 * tests run the real `bin/cloudya.js`. Types are judged by `npm run lint`, not here; a missing output
 * stops the run.
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
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // A syntax error in someone's unfinished file must not stop every test: the previous dist/ still runs.
    const out = String((err as { stderr?: Buffer }).stderr ?? '');
    console.warn(`[global-setup] the build failed; testing the previous dist/ (run npm run build):\n${out.split('\n').slice(0, 20).join('\n')}`);
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
