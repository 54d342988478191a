/**
 * Where a sandboxed command runs: always the directory the user asked for (or the current one),
 * writable only when that is safe. System directories, /, the homes and /tmp themselves are shown
 * read-only; a credential directory is shown empty. No temporary directory is ever created.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { CREDENTIAL_DIRS } from './grants.js';

const m = defineMessages({
  en: {
    missing: 'work directory {dir} does not exist',
    notDir: 'work directory {dir} is not a directory',
    hint: 'Pass an existing directory to --workdir, or leave it out to use the current one.',
    read_system: '{dir} is a system directory: the sandbox shows it read-only (the command runs there but cannot write; --workdir DIR gives it a writable one)',
    read_home: '{dir} is a home directory: the sandbox shows it read-only, without its hidden files (the command runs there but cannot write; --workdir DIR gives it a writable one)',
    read_above: '{dir} contains the home directories: the sandbox shows it read-only, homes hidden (the command runs there but cannot write; --workdir DIR gives it a writable one)',
    read_shared: '{dir} is shared by every user: the sandbox shows it read-only (the command runs there but cannot write; --workdir DIR gives it a writable one)',
    hidden_secret: '{dir} holds credentials or Cloudya data: the sandbox shows it empty and read-only (--no-sandbox runs on the host, after a confirmation)',
  },
  fr: {
    missing: "le dossier de travail {dir} n'existe pas",
    notDir: "le dossier de travail {dir} n'est pas un dossier",
    hint: 'Donnez un dossier existant à --workdir, ou omettez-le pour utiliser le dossier courant.',
    read_system: "{dir} est un dossier système : le bac à sable le montre en lecture seule (la commande s'y exécute mais ne peut pas y écrire ; --workdir DOSSIER lui en donne un inscriptible)",
    read_home: "{dir} est un dossier personnel : le bac à sable le montre en lecture seule, sans ses fichiers cachés (la commande s'y exécute mais ne peut pas y écrire ; --workdir DOSSIER lui en donne un inscriptible)",
    read_above: "{dir} contient les dossiers personnels : le bac à sable le montre en lecture seule, dossiers personnels masqués (la commande s'y exécute mais ne peut pas y écrire ; --workdir DOSSIER lui en donne un inscriptible)",
    read_shared: "{dir} est partagé par tous les utilisateurs : le bac à sable le montre en lecture seule (la commande s'y exécute mais ne peut pas y écrire ; --workdir DOSSIER lui en donne un inscriptible)",
    hidden_secret: "{dir} contient des identifiants ou des données de Cloudya : le bac à sable le montre vide et en lecture seule (--no-sandbox exécute sur l'hôte, après confirmation)",
  },
});

/** How the sandbox shows the work dir: writable, read-only, or as an empty stand-in (secrets). */
export type WorkDirAccess = 'write' | 'read' | 'hidden';

export interface WorkDirPlan {
  dir: string;
  access: WorkDirAccess;
  /** Why writes are refused, one line for the user (absent when writable). */
  note?: string;
}

const SECRET_DIRS = [...Object.values(CREDENTIAL_DIRS), '.ssh', '.gnupg', '.docker', '.cloudya', '.password-store', '.config', '.local/share/keyrings'];
const SYSTEM = /^\/(etc|usr|bin|sbin|lib|lib32|lib64|libx32|boot|var|proc|sys|dev|run|snap)(\/|$)/;
const SHARED = new Set(['/tmp', '/var/tmp', '/dev/shm']);

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(`${dir}/`);
}

/** The home directories a path may belong to: the user's, root's, and /home/NAME. */
function homeOf(dir: string, home: string): string | undefined {
  if (inside(dir, home)) return home;
  if (inside(dir, '/root')) return '/root';
  return /^\/home\/[^/]+/.exec(dir)?.[0];
}

/** Fails with exit 2 when the directory is missing or not a directory. */
export function checkWorkDir(requested: string): string {
  const dir = path.resolve(requested);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(m('missing', { dir }), { hint: m('hint'), code: 'workdir_missing' });
  }
  if (!isDir) throw new UsageError(m('notDir', { dir }), { hint: m('hint'), code: 'workdir_not_dir' });
  return dir;
}

/** The work dir and how the sandbox may see it: the requested or current directory, never swapped for another. */
export function planWorkDir(requested: string | undefined, home: string, hidden: readonly string[] = []): WorkDirPlan {
  const dir = checkWorkDir(requested ?? process.cwd());
  const owner = homeOf(dir, home);
  const secret = hidden.some((h) => inside(dir, h)) || (owner !== undefined && SECRET_DIRS.some((d) => inside(dir, path.join(owner, d))));
  if (secret) return { dir, access: 'hidden', note: m('hidden_secret', { dir }) };
  if (dir === '/' || dir === '/home' || (inside(home, dir) && dir !== home)) return { dir, access: 'read', note: m('read_above', { dir }) };
  if (owner === dir) return { dir, access: 'read', note: m('read_home', { dir }) };
  if (SHARED.has(dir)) return { dir, access: 'read', note: m('read_shared', { dir }) };
  if (!owner && SYSTEM.test(dir)) return { dir, access: 'read', note: m('read_system', { dir }) };
  return { dir, access: 'write' };
}
