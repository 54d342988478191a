/**
 * Command discovery: every module in src/commands/ is a command named after its file.
 * Listing reads the directory only; a module is imported when that command is needed.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandSpec } from './core/command.js';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);
const MODULE = /^([a-z][a-z0-9-]*)\.(js|ts|tsx)$/;

let names: string[] | undefined;

/** Names of all commands, sorted. */
export function commandNames(): string[] {
  if (!names) {
    names = readdirSync(fileURLToPath(COMMANDS_DIR))
      .filter((f) => !f.endsWith('.d.ts') && !f.includes('.test.'))
      .map((f) => MODULE.exec(f)?.[1])
      .filter((n): n is string => !!n)
      .filter((n, i, all) => all.indexOf(n) === i)
      .sort();
  }
  return names;
}

/** Imports one command module (its default export is the spec). */
export async function loadCommand(name: string): Promise<CommandSpec> {
  const ext = fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js';
  const mod = (await import(new URL(`${name}.${ext}`, COMMANDS_DIR).href)) as { default: CommandSpec };
  return mod.default;
}

/** Every command's spec, by name (for --help and completion). */
export async function loadAllCommands(): Promise<Map<string, CommandSpec>> {
  const all = await Promise.all(commandNames().map(async (n) => [n, await loadCommand(n)] as const));
  return new Map(all);
}
