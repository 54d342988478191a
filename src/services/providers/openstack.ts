/**
 * OpenStack: a cloud from clouds.yaml (OS_CLOUD), or OS_* values with a password; verified with a
 * Keystone v3 password token (POST /v3/auth/tokens, token in the X-Subject-Token header).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { homeDir } from '../../core/paths.js';
import { missing, ProviderError } from './errors.js';
import { checkStatus, guarded, jsonOf, request } from './http.js';
import type { ProviderModule } from './types.js';

const ID = 'openstack';

interface CloudEntry {
  auth?: { auth_url?: string; username?: string; password?: string; project_name?: string; user_domain_name?: string; project_domain_name?: string };
  region_name?: string;
  cacert?: string;
  verify?: boolean;
}

/** Where openstacksdk looks for clouds.yaml, in its order. */
export function cloudsYamlPaths(env: NodeJS.ProcessEnv): string[] {
  return [env.OS_CLIENT_CONFIG_FILE, path.resolve('clouds.yaml'), path.join(homeDir(env), '.config/openstack/clouds.yaml'), '/etc/openstack/clouds.yaml'].filter((p): p is string => !!p);
}

/** Reads one cloud from the first clouds.yaml that has it. */
export function readCloud(name: string, env: NodeJS.ProcessEnv): { file: string; cloud: CloudEntry } | undefined {
  for (const file of cloudsYamlPaths(env)) {
    if (!existsSync(file)) continue;
    const data = yaml.load(readFileSync(file, 'utf8')) as { clouds?: Record<string, CloudEntry> } | undefined;
    const cloud = data?.clouds?.[name];
    if (cloud) return { file, cloud };
  }
  return undefined;
}

/** The effective values: clouds.yaml entry first (when `cloud` is set), then the stored ones. */
function effective(values: Record<string, string>, env: NodeJS.ProcessEnv): { v: Record<string, string>; password?: string } {
  if (!values.cloud) return { v: values };
  const found = readCloud(values.cloud, env);
  if (!found) throw missing(ID, 'cloudNotFound', { cloud: values.cloud, files: cloudsYamlPaths(env).join(', ') });
  const a = found.cloud.auth ?? {};
  const v: Record<string, string> = { ...values };
  for (const [k, val] of Object.entries({ auth_url: a.auth_url, username: a.username, project_name: a.project_name, user_domain_name: a.user_domain_name, project_domain_name: a.project_domain_name, region_name: found.cloud.region_name })) if (val && !v[k]) v[k] = val;
  return { v, password: a.password };
}

const noCloud = (v: Record<string, string>) => !v.cloud;

const openstack: ProviderModule = {
  id: ID,
  name: 'OpenStack',
  tls: true,
  fields: [
    { key: 'cloud', flag: 'cloud', env: ['OS_CLOUD'], optional: true, label: { en: 'Cloud name in clouds.yaml (empty: give the values here)', fr: 'Nom du cloud dans clouds.yaml (vide : donner les valeurs ici)' } },
    { key: 'auth_url', flag: 'auth-url', env: ['OS_AUTH_URL'], when: noCloud, label: { en: 'Keystone URL (https://keystone:5000/v3)', fr: 'URL de Keystone (https://keystone:5000/v3)' } },
    { key: 'username', flag: 'username', env: ['OS_USERNAME'], when: noCloud, label: { en: 'User', fr: 'Utilisateur' } },
    { key: 'project_name', flag: 'project', env: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'], when: noCloud, label: { en: 'Project', fr: 'Projet' } },
    { key: 'user_domain_name', flag: 'user-domain', env: ['OS_USER_DOMAIN_NAME'], default: 'Default', when: noCloud, label: { en: 'User domain', fr: "Domaine de l'utilisateur" } },
    { key: 'project_domain_name', flag: 'project-domain', env: ['OS_PROJECT_DOMAIN_NAME'], default: 'Default', when: noCloud, label: { en: 'Project domain', fr: 'Domaine du projet' } },
    { key: 'region_name', flag: 'region', env: ['OS_REGION_NAME'], optional: true, label: { en: 'Region', fr: 'Région' } },
    { key: 'password', secret: true, defaultEnv: 'OS_PASSWORD', when: noCloud, label: { en: 'Password', fr: 'Mot de passe' } },
  ],
  where: (v) => (v.cloud ? `cloud ${v.cloud}` : (v.auth_url ?? '')) + (v.region_name ? ` (${v.region_name})` : ''),
  async verify({ values, secret, env, transport }) {
    const { v, password } = effective(values, env);
    const pw = secret ?? password;
    for (const k of ['auth_url', 'username', 'project_name']) if (!v[k]) throw missing(ID, 'valueNotSet', { key: k });
    const root = v.auth_url.replace(/\/+$/, '');
    const url = `${/\/v3$/.test(root) ? root : `${root}/v3`}/auth/tokens`;
    const where = new URL(url).host;
    const body = {
      auth: {
        identity: { methods: ['password'], password: { user: { name: v.username, domain: { name: v.user_domain_name || 'Default' }, password: pw ?? '' } } },
        scope: { project: { name: v.project_name, domain: { name: v.project_domain_name || 'Default' } } },
      },
    };
    return guarded(ID, url, transport, async () => {
      const a = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, transport);
      checkStatus(a, ID, where);
      const token = a.headers['x-subject-token'];
      const doc = jsonOf<{ token?: { user?: { name?: string }; project?: { name?: string }; expires_at?: string; catalog?: Array<{ endpoints?: Array<{ region?: string }> }> } }>(a, ID, where);
      if (!token || !doc?.token?.user) throw new ProviderError('malformed', ID, { where, detail: 'no X-Subject-Token header or token.user in the answer' });
      const regions = [...new Set((doc.token.catalog ?? []).flatMap((s) => (s.endpoints ?? []).map((e) => e.region).filter((r): r is string => !!r)))];
      return { user: doc.token.user.name ?? v.username, project: doc.token.project?.name ?? v.project_name, region: v.region_name || regions[0] || '', ...(doc.token.expires_at ? { token_expires: doc.token.expires_at } : {}) };
    });
  },
  terraformEnv(values, secret) {
    if (values.cloud) return { OS_CLOUD: values.cloud, ...(values.region_name ? { OS_REGION_NAME: values.region_name } : {}), ...(values.insecure === 'true' ? { OS_INSECURE: 'true' } : {}) };
    return {
      OS_AUTH_URL: values.auth_url,
      OS_USERNAME: values.username,
      OS_PROJECT_NAME: values.project_name,
      OS_USER_DOMAIN_NAME: values.user_domain_name || 'Default',
      OS_PROJECT_DOMAIN_NAME: values.project_domain_name || 'Default',
      ...(values.region_name ? { OS_REGION_NAME: values.region_name } : {}),
      ...(secret ? { OS_PASSWORD: secret } : {}),
      ...(values.ca_bundle ? { OS_CACERT: values.ca_bundle } : {}),
      ...(values.insecure === 'true' ? { OS_INSECURE: 'true' } : {}),
    };
  },
  ambient: (env) => !!env.OS_CLOUD || (!!env.OS_AUTH_URL && !!env.OS_PASSWORD),
};

export default openstack;
