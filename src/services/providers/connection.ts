/** From a stored connection to what a verification or a Terraform run needs: the secret, TLS settings, environment. */
import { readFileSync } from 'node:fs';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages, tr } from '../../core/i18n.js';
import { readConnection } from '../credentials/store.js';
import { ProviderError } from './errors.js';
import { isProviderId, loadProvider } from './index.js';
import type { FieldSpec, ProviderModule, TransportOptions } from './types.js';

const m = defineMessages({
  en: {
    envUnset: 'the environment variable {name} that holds the {label} is not set',
    noSecret: 'the {label} is not set',
    caUnreadable: 'cannot read the CA bundle {file}: {reason}',
    notConnected: '{provider} is not connected: this template needs a {provider} connection',
    notConnectedHint: 'run cloudya connect {provider} first (then cloudya connect list shows it)',
  },
  fr: {
    envUnset: "la variable d'environnement {name} qui contient le {label} n'est pas définie",
    noSecret: "le {label} n'est pas défini",
    caUnreadable: "impossible de lire le fichier d'autorités {file} : {reason}",
    notConnected: "{provider} n'est pas connecté : ce template a besoin d'une connexion {provider}",
    notConnectedHint: "lancez d'abord cloudya connect {provider} (cloudya connect list l'affiche ensuite)",
  },
});

/** The secret field of a provider, if it has one. */
export function secretField(p: ProviderModule): FieldSpec | undefined {
  return p.fields.find((f) => f.secret);
}

/** True when a secret field applies to these values (Azure's only does with a client id, OpenStack's not with clouds.yaml). */
export function secretApplies(f: FieldSpec | undefined, values: Record<string, string>): f is FieldSpec {
  return !!f && (!f.when || f.when(values));
}

/** The secret of a connection: read from the named environment variable, or the stored value. */
export function resolveSecret(p: ProviderModule, values: Record<string, string>, env: NodeJS.ProcessEnv): string | undefined {
  const f = secretField(p);
  if (!secretApplies(f, values)) return undefined;
  const label = tr(f.label).toLowerCase();
  const ref = values[`${f.key}_env`];
  if (ref) {
    const v = env[ref];
    if (v === undefined || v === '') throw new ProviderError('missing', p.id, { detail: m('envUnset', { name: ref, label }) });
    return v;
  }
  if (values[f.key]) return values[f.key];
  throw new ProviderError('missing', p.id, { detail: m('noSecret', { label }) });
}

/** TLS and timeout settings from a connection's values. */
export function transportFor(values: Record<string, string>, timeoutMs: number): TransportOptions {
  let ca: string | undefined;
  if (values.ca_bundle) {
    try {
      ca = readFileSync(values.ca_bundle, 'utf8');
    } catch (err) {
      throw new CloudyaError(m('caUnreadable', { file: values.ca_bundle, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), { code: 'ca_bundle', where: { flag: '--ca-bundle' } });
    }
  }
  return { ca, caFile: values.ca_bundle, insecure: values.insecure === 'true', timeoutMs };
}

/**
 * Terraform's environment for a template's provider: the connection's variables (secret resolved
 * now, passed only in the process environment). Providers Cloudya does not know get nothing; a known
 * one with neither a connection nor the provider's own credentials is refused with "connect X first".
 */
export async function connectionEnv(provider: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  if (!isProviderId(provider)) return {};
  const p = await loadProvider(provider);
  const stored = readConnection(provider, env);
  if (!stored) {
    if (p.ambient?.(env)) return {};
    throw new CloudyaError(m('notConnected', { provider }), { hint: m('notConnectedHint', { provider }), code: 'not_connected' });
  }
  const secret = resolveSecret(p, stored.values, env);
  const out = p.terraformEnv(stored.values, secret, env);
  // Go programs (the Terraform providers) read SSL_CERT_FILE for their trusted CAs when the provider has no own setting.
  if (stored.values.ca_bundle && !out.OS_CACERT && !out.AWS_CA_BUNDLE) out.SSL_CERT_FILE = stored.values.ca_bundle;
  return out;
}

/** Terraform's provider name and the attributes that carry credentials, per Cloudya provider. */
const TF_PROVIDER: Record<string, { name: string; attrs: string }> = {
  aws: { name: 'aws', attrs: 'access_key|profile|shared_credentials_files' },
  gcp: { name: 'google', attrs: 'credentials|access_token' },
  azure: { name: 'azurerm', attrs: 'client_secret|client_certificate_path|use_cli|use_msi|use_oidc' },
  openstack: { name: 'openstack', attrs: 'password|application_credential_secret|cloud|token' },
  proxmox: { name: 'proxmox', attrs: 'api_token|password' },
  vmware: { name: 'vsphere', attrs: 'password' },
  nutanix: { name: 'nutanix', attrs: 'password' },
};

/** True when the template's own .tf files configure the provider's credentials (it needs no connection). */
function templateConfiguresCredentials(provider: string, tfText: string): boolean {
  const p = TF_PROVIDER[provider];
  if (!p) return false;
  return new RegExp(`provider\\s+"${p.name}"\\s*\\{[^}]*\\b(${p.attrs})\\s*=`, 's').test(tfText);
}

/**
 * The environment a deployment of `templateId` ("proxmox/vm") adds for Terraform: the connection of
 * the template's provider. Throws "connect X first" when there is neither a connection nor the
 * provider's own credentials, unless the template sets its provider's credentials itself.
 */
export async function deploymentConnectionEnv(templateId: string, env: NodeJS.ProcessEnv, workdir: string): Promise<Record<string, string>> {
  const provider = templateId.split('/')[0];
  if (!isProviderId(provider)) return {};
  try {
    return await connectionEnv(provider, env);
  } catch (err) {
    if ((err as CloudyaError).code !== 'not_connected') throw err;
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const files = (await readdir(workdir).catch(() => [] as string[])).filter((f) => f.endsWith('.tf'));
    const text = (await Promise.all(files.map((f) => readFile(path.join(workdir, f), 'utf8').catch(() => '')))).join('\n');
    if (templateConfiguresCredentials(provider, text)) return {};
    throw err;
  }
}
