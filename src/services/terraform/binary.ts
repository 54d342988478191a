/** Finds the Terraform executable (the terraform_path setting) and checks its version. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError } from '../../core/errors.js';
import { writeFileAtomically } from '../../core/files.js';
import { defineMessages } from '../../core/i18n.js';
import { userPaths } from '../../core/paths.js';
import { spawn, which } from '../../core/process.js';

/** terraform_data (the offline local/demo template) and `-json` on every command need 1.4. */
export const MIN_TERRAFORM = '1.4.0';

export interface TerraformBinary {
  path: string;
  version: string;
}

const m = defineMessages({
  en: {
    missing: 'Terraform not found (terraform_path = "{path}")',
    missingHint: 'install Terraform >= {min} (https://developer.hashicorp.com/terraform/install), or point Cloudya at it: cloudya configure set terraform_path /path/to/terraform',
    old: 'Terraform {version} at {path} is too old: Cloudya needs {min} or newer',
    oldHint: 'upgrade Terraform (https://developer.hashicorp.com/terraform/install), or set terraform_path to a newer one: cloudya configure set terraform_path /path/to/terraform',
    broken: 'cannot run "{path} version": {reason}',
  },
  fr: {
    missing: 'Terraform introuvable (terraform_path = « {path} »)',
    missingHint: 'installez Terraform >= {min} (https://developer.hashicorp.com/terraform/install), ou indiquez son chemin : cloudya configure set terraform_path /chemin/vers/terraform',
    old: 'Terraform {version} ({path}) est trop ancien : Cloudya demande {min} ou plus récent',
    oldHint: 'mettez Terraform à jour (https://developer.hashicorp.com/terraform/install), ou réglez terraform_path vers une version récente : cloudya configure set terraform_path /chemin/vers/terraform',
    broken: 'impossible de lancer « {path} version » : {reason}',
  },
});

/** Compares dotted versions numerically (-1, 0, 1). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  }
  return 0;
}

const cache = new Map<string, TerraformBinary>();

/** Locates terraform and checks it is recent enough; throws a CloudyaError with the install hint. */
export async function findTerraform(configured: string, env: NodeJS.ProcessEnv): Promise<TerraformBinary> {
  const found = which(configured || 'terraform', env);
  if (!found) {
    throw new CloudyaError(m('missing', { path: configured }), { hint: m('missingHint', { min: MIN_TERRAFORM }), code: 'terraform_missing' });
  }
  const key = (await binaryKey(found)) ?? found;
  const hit = cache.get(key);
  if (hit) return hit;
  const known = await cachedVersion(key, env);
  let version = known ?? '';
  if (!known) {
    try {
      const r = await spawn(found, ['version', '-json'], { env: { ...env, CHECKPOINT_DISABLE: '1' }, timeout: 30_000 });
      version = (JSON.parse(String(r.stdout)) as { terraform_version: string }).terraform_version;
    } catch (err) {
      throw new CloudyaError(m('broken', { path: found, reason: String((err as Error).message).split('\n')[0] }), {
        hint: m('missingHint', { min: MIN_TERRAFORM }),
        code: 'terraform_broken',
      });
    }
  }
  if (compareVersions(version, MIN_TERRAFORM) < 0) {
    throw new CloudyaError(m('old', { version, path: found, min: MIN_TERRAFORM }), { hint: m('oldHint'), code: 'terraform_too_old' });
  }
  const bin = { path: found, version };
  cache.set(key, bin);
  if (!known) await rememberVersion(key, version, env);
  return bin;
}

/** The version file: `terraform version` costs 0.2-0.5 s per command, so it is remembered per binary (path, size, mtime). */
function versionCacheFile(env: NodeJS.ProcessEnv): string {
  return path.join(userPaths(env).home, 'cache', 'terraform-version.json');
}

async function binaryKey(file: string): Promise<string | undefined> {
  try {
    const st = await stat(file);
    return `${file}|${st.size}|${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

async function cachedVersion(key: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const data = JSON.parse(await readFile(versionCacheFile(env), 'utf8')) as Record<string, string>;
    return typeof data[key] === 'string' ? data[key] : undefined;
  } catch {
    return undefined;
  }
}

async function rememberVersion(key: string, version: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await writeFileAtomically(versionCacheFile(env), `${JSON.stringify({ [key]: version })}\n`, 0o600);
  } catch {
    // a cache only: never fail a command because it cannot be written
  }
}
