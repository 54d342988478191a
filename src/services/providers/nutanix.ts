/** Nutanix Prism Central: user + password, verified with the v3 cluster list. */
import { ProviderError } from './errors.js';
import { baseUrl, checkStatus, guarded, jsonOf, request } from './http.js';
import type { ProviderModule } from './types.js';

const ID = 'nutanix';

interface ClusterList {
  entities?: Array<{ spec?: { name?: string }; status?: { name?: string }; metadata?: { uuid?: string } }>;
  metadata?: { total_matches?: number };
}

const nutanix: ProviderModule = {
  id: ID,
  name: 'Nutanix Prism',
  tls: true,
  fields: [
    { key: 'endpoint', flag: 'endpoint', env: ['NUTANIX_ENDPOINT'], label: { en: 'Prism Central address (https://prism:9440)', fr: 'Adresse de Prism Central (https://prism:9440)' } },
    { key: 'username', flag: 'username', env: ['NUTANIX_USERNAME'], label: { en: 'User', fr: 'Utilisateur' } },
    { key: 'password', secret: true, defaultEnv: 'NUTANIX_PASSWORD', label: { en: 'Password', fr: 'Mot de passe' } },
  ],
  where: (v) => v.endpoint ?? '',
  async verify({ values, secret, transport }) {
    const base = baseUrl(values.endpoint, 9440);
    const where = new URL(base).host;
    return guarded(ID, base, transport, async () => {
      const basic = Buffer.from(`${values.username}:${secret ?? ''}`).toString('base64');
      const a = await request(`${base}/api/nutanix/v3/clusters/list`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'cluster', length: 100 }) }, transport);
      checkStatus(a, ID, where);
      const list = jsonOf<ClusterList>(a, ID, where);
      if (!Array.isArray(list?.entities)) throw new ProviderError('malformed', ID, { where, detail: 'no "entities" list in clusters/list' });
      return { user: values.username, clusters: list.entities.map((c) => c.spec?.name ?? c.status?.name ?? c.metadata?.uuid ?? '?') };
    });
  },
  terraformEnv(values, secret) {
    const u = new URL(baseUrl(values.endpoint, 9440));
    return {
      NUTANIX_ENDPOINT: u.hostname,
      NUTANIX_PORT: u.port || '9440',
      NUTANIX_USERNAME: values.username,
      ...(secret ? { NUTANIX_PASSWORD: secret } : {}),
      NUTANIX_INSECURE: values.insecure === 'true' ? 'true' : 'false',
    };
  },
};

export default nutanix;
