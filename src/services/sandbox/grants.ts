/**
 * Least privilege per command family: cloud CLIs get the network and a read-only view of their
 * own credential directory; everything else gets neither. The environment is rebuilt from a short
 * allow-list, so API keys in the caller's environment never reach the command.
 */
import path from 'node:path';
import type { CredentialFamily, Grants } from './types.js';

const FAMILY_OF: Record<string, CredentialFamily> = {
  aws: 'aws',
  gcloud: 'gcloud',
  gsutil: 'gcloud',
  bq: 'gcloud',
  az: 'azure',
  kubectl: 'kube',
  k: 'kube',
  oc: 'kube',
  helm: 'kube',
};

/** Credential directories of each family, relative to $HOME. */
export const CREDENTIAL_DIRS: Record<CredentialFamily, string> = {
  aws: '.aws',
  gcloud: '.config/gcloud',
  azure: '.azure',
  kube: '.kube',
};

/** Environment variables a family may see (its own configuration and credentials). */
const FAMILY_ENV: Record<CredentialFamily, RegExp> = {
  aws: /^AWS_/,
  gcloud: /^(CLOUDSDK_|GOOGLE_CLOUD_PROJECT$|GOOGLE_APPLICATION_CREDENTIALS$)/,
  azure: /^(AZURE_|ARM_)/,
  kube: /^(KUBECONFIG|HELM_)$|^HELM_/,
};

const BASE_ENV = /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TERM|TZ|COLUMNS|LINES|NO_COLOR|FORCE_COLOR)$/;

/** Grants implied by the commands about to run (the first word of each validated command). */
export function grantsFor(argvs: ReadonlyArray<readonly string[]>, extra: Partial<Grants> = {}): Grants {
  const creds = new Set<CredentialFamily>(extra.credentials ?? []);
  for (const argv of argvs) {
    const name = path.posix.basename(argv[0] ?? '');
    const fam = FAMILY_OF[name];
    if (fam) creds.add(fam);
  }
  return { network: !!extra.network || creds.size > 0, credentials: [...creds].sort() };
}

/** The environment a sandboxed command gets: locale/terminal basics plus its families' variables. */
export function sandboxEnv(env: NodeJS.ProcessEnv, grants: Grants, home: string): Record<string, string> {
  const out: Record<string, string> = { HOME: home, USER: env.USER ?? 'sandbox', PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/sh' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (BASE_ENV.test(k) || grants.credentials.some((f) => FAMILY_ENV[f].test(k))) out[k] = v;
  }
  return out;
}
