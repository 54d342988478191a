/** Where things live: the user's Cloudya home and the package's own bundled files. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
