/**
 * Extra variables for a run. Secrets reach Ansible only through a JSON file created 0600 in a
 * private 0700 folder (on the RAM-backed /dev/shm when there is one) and passed as `-e @file`:
 * never on a command line (visible to every user in `ps`), never in logs. The folder is removed
 * when the run ends, whatever happened.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface PrivateDir {
  dir: string;
  /** Writes a 0600 file in the folder; returns its path. */
  write(name: string, content: string): Promise<string>;
  /** Removes the folder and everything in it. */
  remove(): Promise<void>;
}

/** A private folder for one run's secret files, inventories and SSH control sockets. */
export async function privateDir(prefix = 'cloudya-ansible-'): Promise<PrivateDir> {
  let dir: string | undefined;
  if (existsSync('/dev/shm')) {
    try {
      dir = await mkdtemp(path.join('/dev/shm', prefix));
    } catch {
      dir = undefined;
    }
  }
  dir ??= await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o700);
  const root = dir;
  return {
    dir: root,
    async write(name, content) {
      const file = path.join(root, name);
      await writeFile(file, content, { mode: 0o600, flag: 'wx' });
      return file;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The JSON text of a vars file (Ansible reads JSON as YAML). */
export function varsFile(values: Record<string, unknown>): string {
  return `${JSON.stringify(values, null, 2)}\n`;
}
