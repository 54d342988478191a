/**
 * credentials.yaml: read (reporting a bad file with its path and line, as config does) and
 * written atomically with mode 0600, one provider section at a time. A file that does not parse
 * is never written: the user's text stays byte for byte.
 */
import { existsSync } from 'node:fs';
import yaml from 'js-yaml';
import { readCredentialsFile } from '../../core/config.js';
import { writeFileAtomically } from '../../core/files.js';
import { userPaths } from '../../core/paths.js';

/** One provider's section: strings only, plus what the last verification found. */
export interface StoredConnection {
  values: Record<string, string>;
  connected_at?: string;
  verified_at?: string;
  identity?: Record<string, unknown>;
  problem?: string;
}

const HEADER = `# Cloudya provider credentials (kept private: mode 0600).
# Written by "cloudya connect"; secrets are best kept in environment variables (the *_env keys name them).
`;

const META = new Set(['connected_at', 'verified_at', 'identity', 'problem']);

/** The whole file as data (throws CloudyaError with file:line when it does not parse). */
export function readCredentials(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return readCredentialsFile(userPaths(env).credentials);
}

/** One provider's section, or undefined when it was never connected with `cloudya connect`. */
export function readConnection(provider: string, env: NodeJS.ProcessEnv): StoredConnection | undefined {
  return toConnection(readCredentials(env)[provider]);
}

/** A section's plain values, connected or not (a hand-written `aws: default_profile: prod` gives the defaults of `connect aws`). */
export function readSectionValues(provider: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const section = readCredentials(env)[provider];
  const values: Record<string, string> = {};
  if (!section || typeof section !== 'object' || Array.isArray(section)) return values;
  for (const [k, v] of Object.entries(section as Record<string, unknown>)) if (!META.has(k) && v !== undefined && v !== null && v !== '' && typeof v !== 'object') values[k] = String(v);
  return values;
}

/** Splits a section into values and verification facts; sections without connected_at are only defaults. */
export function toConnection(section: unknown): StoredConnection | undefined {
  if (!section || typeof section !== 'object' || Array.isArray(section)) return undefined;
  const s = section as Record<string, unknown>;
  if (!s.connected_at) return undefined;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) if (!META.has(k) && v !== undefined && v !== null && typeof v !== 'object') values[k] = String(v);
  return { values, connected_at: String(s.connected_at), verified_at: s.verified_at ? String(s.verified_at) : undefined, identity: s.identity as Record<string, unknown> | undefined, problem: s.problem ? String(s.problem) : undefined };
}

/** Changes one provider's section (undefined removes it) and writes the file atomically, 0600. */
export async function updateConnection(provider: string, env: NodeJS.ProcessEnv, change: (current: Record<string, unknown> | undefined) => Record<string, unknown> | undefined): Promise<void> {
  const file = userPaths(env).credentials;
  // Parses first: an unreadable file throws here, before anything is written.
  const data = readCredentials(env);
  const current = data[provider];
  const next = change(current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : undefined);
  if (next === undefined) delete data[provider];
  else data[provider] = next;
  const text = HEADER + (Object.keys(data).length ? yaml.dump(data, { lineWidth: 200, noRefs: true, quotingType: '"' }) : '');
  await writeFileAtomically(file, text, 0o600);
}

/** True when credentials.yaml exists. */
export function credentialsExist(env: NodeJS.ProcessEnv): boolean {
  return existsSync(userPaths(env).credentials);
}
