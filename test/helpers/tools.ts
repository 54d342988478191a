/**
 * Tests that need a real external tool (terraform, bwrap, ansible, chromium, nginx, tmux).
 * Locally a missing tool skips the test with the reason printed; under .ci/run
 * (CLOUDYA_REQUIRE_TOOLS=1) a missing tool fails instead, so CI cannot go green by skipping.
 */
import { execFileSync } from 'node:child_process';
import { describe, it } from 'vitest';
import { which } from '../../src/core/process.js';

const strict = process.env.CLOUDYA_REQUIRE_TOOLS === '1';

/** Path of a tool or undefined. */
export function toolPath(tool: string): string | undefined {
  return which(tool);
}

/** Why a tool cannot be used here, or undefined when it can (optionally probing it by running `probe`). */
export function toolProblem(tool: string, probe?: string[]): string | undefined {
  const p = which(tool);
  if (!p) return `${tool} is not installed (apt-get install it, or see .ci/run)`;
  if (probe) {
    try {
      execFileSync(p, probe, { stdio: 'ignore', timeout: 20_000 });
    } catch (err) {
      return `${tool} ${probe.join(' ')} failed: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  return undefined;
}

/** describe() that runs only when the tool works; skipped with the reason printed, or failing under CI. */
export function describeWithTool(tool: string, name: string, fn: () => void, probe?: string[]): void {
  const problem = toolProblem(tool, probe);
  if (!problem) {
    describe(name, fn);
    return;
  }
  if (strict) {
    describe(name, () => {
      it(`requires ${tool}`, () => {
        throw new Error(`required tool missing under CI: ${problem}`);
      });
    });
    return;
  }
  console.warn(`[skip] ${name}: ${problem}`);
  describe.skip(`${name} (skipped: ${problem})`, fn);
}
