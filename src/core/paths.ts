/** Where things live: the user's Cloudya home and the package's own bundled files. */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudyaError } from './errors.js';
import { defineMessages } from './i18n.js';

const m = defineMessages({
  en: {
    homeIsFile: '{name} {path} is a file, not a folder',
    parentIsFile: '{name} {path} cannot be created: {file} is a file, not a folder',
    homeHint: 'point CLOUDYA_HOME at a folder (it is created if missing), or move the file away',
    defaultHome: 'the Cloudya home',
  },
  fr: {
    homeIsFile: "{name} {path} est un fichier, pas un dossier",
    parentIsFile: '{name} {path} ne peut pas être créé : {file} est un fichier, pas un dossier',
    homeHint: "faites pointer CLOUDYA_HOME vers un dossier (il est créé s'il manque), ou déplacez le fichier",
    defaultHome: 'le dossier Cloudya',
  },
});

/** The user data directory: $CLOUDYA_HOME, else ~/.cloudya. */
export function cloudyaHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLOUDYA_HOME ? path.resolve(expandHome(env.CLOUDYA_HOME, env)) : path.join(homeDir(env), '.cloudya');
}

/** The user's home directory, honouring $HOME. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || os.homedir();
}

/** Expands a leading "~" or "~/" to the home directory. */
export function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  if (p === '~') return homeDir(env);
  if (p.startsWith('~/')) return path.join(homeDir(env), p.slice(2));
  return p;
}

/** The nearest existing path at or above `p` that is not a folder (what blocks creating `p`). */
function blockingFile(p: string): string | undefined {
  for (let dir = p; ; dir = path.dirname(dir)) {
    try {
      return statSync(dir).isDirectory() ? undefined : dir;
    } catch {
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}

/** Creates the Cloudya home if missing; a file where the folder should be is a clear error, not ENOTDIR. */
export function ensureHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = cloudyaHome(env);
  const name = env.CLOUDYA_HOME ? 'CLOUDYA_HOME' : m('defaultHome');
  const file = blockingFile(home);
  if (file) {
    const message = file === home ? m('homeIsFile', { name, path: home }) : m('parentIsFile', { name, path: home, file });
    throw new CloudyaError(message, { hint: m('homeHint'), code: 'home_not_a_folder' });
  }
  if (!existsSync(home)) mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}

let root: string | undefined;

/** The installed package's root (the folder holding package.json), from src/ or dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the cloudya package root');
    dir = parent;
  }
  root = dir;
  return dir;
}

/** Files under the user's Cloudya home. */
export function userPaths(env: NodeJS.ProcessEnv = process.env) {
  const home = cloudyaHome(env);
  return {
    home,
    config: path.join(home, 'config.json'),
    credentials: path.join(home, 'credentials.yaml'),
    templates: path.join(home, 'templates'),
    deployments: path.join(home, 'deployments'),
    history: path.join(home, 'history'),
    knowledge: path.join(home, 'knowledge'),
    audit: path.join(home, 'audit.log'),
    monitorDb: path.join(home, 'monitor.db'),
  };
}

/** Bundled, read-only resources shipped with the package. */
export function bundledPaths() {
  const r = packageRoot();
  return {
    root: r,
    templates: path.join(r, 'templates'),
    knowledge: path.join(r, 'knowledge'),
  };
}
