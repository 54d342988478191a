/**
 * Check discovery: every module in checks/<kind>/ is a check (adding a file adds a check).
 * Works from src/ (.ts under vitest/tsx) and from dist/ (.js), like src/registry.ts.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Check, TargetKind } from './types.js';

const CHECKS_DIR = new URL('./checks/', import.meta.url);
const EXT = fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js';
const MODULE = new RegExp(`^[a-z0-9][a-z0-9-]*\\.${EXT}$`);

/** File names of the checks of one kind (sorted; empty when the folder is absent). */
export function checkFiles(kind: TargetKind): string[] {
  try {
    return readdirSync(fileURLToPath(new URL(`${kind}/`, CHECKS_DIR)))
      .filter((f) => MODULE.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.'))
      .sort();
  } catch {
    return [];
  }
}

function isCheck(value: unknown): value is Check {
  const c = value as Check;
  return !!c && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.run === 'function' && typeof c.applies === 'function';
}

/** Imports every check of one kind; a module that does not export a check is reported, not fatal. */
export async function loadChecks(kind: TargetKind): Promise<{ checks: Check[]; broken: { file: string; reason: string }[] }> {
  const checks: Check[] = [];
  const broken: { file: string; reason: string }[] = [];
  await Promise.all(
    checkFiles(kind).map(async (file) => {
      try {
        const mod = (await import(new URL(`${kind}/${file}`, CHECKS_DIR).href)) as { default?: unknown; check?: unknown };
        const candidate = mod.default ?? mod.check;
        if (isCheck(candidate)) checks.push(candidate);
        else broken.push({ file, reason: 'does not export a check { id, title, applies, run }' });
      } catch (err) {
        broken.push({ file, reason: (err as Error).message.split('\n')[0] });
      }
    }),
  );
  checks.sort((a, b) => a.id.localeCompare(b.id));
  return { checks, broken };
}
