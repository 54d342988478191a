/**
 * Google Cloud: a service-account key file or application default credentials (the user's own
 * gcloud login), proved with an OAuth2 token and Resource Manager projects.get.
 * credentials.yaml keeps the project and the key file PATH, never the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { homeDir } from '../../core/paths.js';
import { missing, ProviderError } from './errors.js';
import { checkStatus, classifyNetworkError, fetchFor, jsonOf, request } from './http.js';
import type { ProviderModule } from './types.js';

const ID = 'gcp';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const RM_ENDPOINT = 'https://cloudresourcemanager.googleapis.com';

interface KeyFile {
  type?: string;
  project_id?: string;
  client_email?: string;
  token_uri?: string;
  quota_project_id?: string;
}

/** gcloud's application default credentials file. */
function adcPath(env: NodeJS.ProcessEnv): string {
  return path.join(env.CLOUDSDK_CONFIG || path.join(homeDir(env), '.config/gcloud'), 'application_default_credentials.json');
}

/** The credentials file in force: the stored/given one, GOOGLE_APPLICATION_CREDENTIALS, then gcloud's ADC. */
function keyFilePath(values: Record<string, string>, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [values.key_file, env.GOOGLE_APPLICATION_CREDENTIALS, adcPath(env)].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p)) ?? (values.key_file || undefined);
}

const gcp: ProviderModule = {
  id: ID,
  name: 'Google Cloud',
  tls: false,
  fields: [
    { key: 'key_file', flag: 'key-file', env: ['GOOGLE_APPLICATION_CREDENTIALS'], optional: true, label: { en: 'Service-account key file (empty: application default credentials)', fr: 'Fichier de clé du compte de service (vide : identifiants par défaut de gcloud)' } },
    { key: 'default_project', flag: 'project', env: ['GOOGLE_CLOUD_PROJECT', 'GOOGLE_PROJECT', 'CLOUDSDK_CORE_PROJECT'], label: { en: 'Project ID', fr: 'ID du projet' } },
    { key: 'endpoint', flag: 'endpoint', optional: true, label: { en: 'Resource Manager endpoint (empty: Google)', fr: "Point d'accès Resource Manager (vide : Google)" } },
  ],
  where: (v) => v.default_project ?? '',
  async verify({ values, env, transport }) {
    const file = keyFilePath(values, env);
    if (!file || !existsSync(file)) throw missing(ID, 'gcpNoFile', { adc: adcPath(env) });
    let key: KeyFile & Record<string, unknown>;
    try {
      key = JSON.parse(readFileSync(file, 'utf8')) as KeyFile & Record<string, unknown>;
    } catch (err) {
      throw missing(ID, 'gcpNotJson', { file, reason: (err as Error).message });
    }
    const project = values.default_project || key.project_id || key.quota_project_id;
    if (!project) throw missing(ID, 'gcpNoProject');
    const tokenUri = key.token_uri || GOOGLE_TOKEN_URL;
    // The library always posts to Google's token URL; the key file's token_uri (a private or test
    // endpoint) is honoured by redirecting that one URL.
    const fetchImplementation = fetchFor(transport, (u) => (u === GOOGLE_TOKEN_URL ? tokenUri : u));
    const { GoogleAuth } = await import('google-auth-library');
    const auth = new GoogleAuth({ credentials: key as never, scopes: ['https://www.googleapis.com/auth/cloud-platform.read-only'], clientOptions: { transporterOptions: { fetchImplementation } } });
    let token: string | null | undefined;
    try {
      const client = await auth.getClient();
      token = (await client.getAccessToken()).token;
    } catch (err) {
      const where = new URL(tokenUri).host;
      const classified = await classifyNetworkError(err, ID, tokenUri, transport);
      if (classified !== err) throw classified;
      const msg = (err as Error).message ?? '';
      const data = (err as { response?: { data?: { error?: string; error_description?: string } } }).response?.data;
      const code = data?.error ?? /^(invalid_\w+|unauthorized_client)/.exec(msg)?.[1];
      if (code === 'invalid_grant' && /expired|revoked/i.test(`${data?.error_description ?? ''} ${msg}`)) throw new ProviderError('expired', ID, { where, detail: `invalid_grant: ${data?.error_description ?? msg}`.slice(0, 120) });
      if (code) throw new ProviderError('auth', ID, { where, detail: `${code}${data?.error_description ? `: ${data.error_description}` : ''}`.slice(0, 120) });
      const status = (err as { status?: number; response?: { status?: number } }).response?.status;
      if (status === 401 || status === 403) throw new ProviderError('auth', ID, { where, detail: `HTTP ${status}` });
      throw new ProviderError('malformed', ID, { where, detail: msg.slice(0, 120) });
    }
    const where = new URL(tokenUri).host;
    if (!token) throw new ProviderError('malformed', ID, { where, detail: 'the token endpoint gave no access_token' });
    const rm = (values.endpoint || RM_ENDPOINT).replace(/\/+$/, '');
    const url = `${rm}/v1/projects/${encodeURIComponent(project)}`;
    try {
      const a = await request(url, { headers: { authorization: `Bearer ${token}` } }, transport);
      const rmWhere = new URL(url).host;
      checkStatus(a, ID, rmWhere);
      const p = jsonOf<{ projectId?: string; projectNumber?: string; name?: string; lifecycleState?: string }>(a, ID, rmWhere);
      if (!p?.projectId) throw new ProviderError('malformed', ID, { where: rmWhere, detail: 'no projectId in projects.get' });
      return { project: p.projectId, ...(p.projectNumber ? { number: p.projectNumber } : {}), ...(p.lifecycleState ? { state: p.lifecycleState } : {}), account: key.client_email ?? `user credentials (${path.basename(file)})` };
    } catch (err) {
      throw await classifyNetworkError(err, ID, url, transport);
    }
  },
  terraformEnv(values, _secret, env) {
    const file = keyFilePath(values, env);
    return { ...(file && values.key_file ? { GOOGLE_APPLICATION_CREDENTIALS: file } : {}), ...(values.default_project ? { GOOGLE_PROJECT: values.default_project } : {}) };
  },
  ambient: (env) => !!env.GOOGLE_APPLICATION_CREDENTIALS || existsSync(adcPath(env)),
};

export default gcp;
