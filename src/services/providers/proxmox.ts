/** Proxmox VE: API token (USER@REALM!TOKENID + secret), verified with /api2/json/version and /nodes. */
import { missing, ProviderError } from './errors.js';
import { baseUrl, checkStatus, guarded, jsonOf, request } from './http.js';
import type { ProviderModule } from './types.js';

const ID = 'proxmox';

const proxmox: ProviderModule = {
  id: ID,
  name: 'Proxmox VE',
  tls: true,
  fields: [
    { key: 'endpoint', flag: 'endpoint', env: ['PROXMOX_VE_ENDPOINT'], label: { en: 'API endpoint (https://host:8006)', fr: "Point d'accès de l'API (https://hôte:8006)" } },
    { key: 'token_id', flag: 'token-id', env: ['PROXMOX_VE_API_TOKEN_ID'], label: { en: 'API token id (USER@REALM!TOKENID)', fr: "Identifiant du jeton d'API (UTILISATEUR@REALM!JETON)" } },
    { key: 'token_secret', secret: true, defaultEnv: 'PROXMOX_VE_API_TOKEN_SECRET', label: { en: 'API token secret', fr: "Secret du jeton d'API" } },
  ],
  where: (v) => v.endpoint ?? '',
  async verify({ values, secret, transport }) {
    const base = baseUrl(values.endpoint, 8006);
    if (!/^[^@!\s]+@[^@!\s]+![^@!\s=]+$/.test(values.token_id ?? '')) throw missing(ID, 'tokenIdShape', { value: values.token_id ?? '' });
    const headers = { authorization: `PVEAPIToken=${values.token_id}=${secret ?? ''}` };
    return guarded(ID, base, transport, async () => {
      const where = new URL(base).host;
      const v = await request(`${base}/api2/json/version`, { headers }, transport);
      checkStatus(v, ID, where);
      const version = jsonOf<{ data?: { version?: string; release?: string } }>(v, ID, where).data;
      if (!version || typeof version.version !== 'string') throw new ProviderError('malformed', ID, { where, detail: 'no data.version in /api2/json/version' });
      const n = await request(`${base}/api2/json/nodes`, { headers }, transport);
      checkStatus(n, ID, where);
      const nodes = jsonOf<{ data?: Array<{ node?: string; status?: string }> }>(n, ID, where).data;
      if (!Array.isArray(nodes)) throw new ProviderError('malformed', ID, { where, detail: 'no data list in /api2/json/nodes' });
      return { user: values.token_id.split('!')[0], version: version.version, nodes: nodes.map((x) => `${x.node ?? '?'}${x.status ? ` (${x.status})` : ''}`) };
    });
  },
  terraformEnv(values, secret) {
    // bpg/proxmox reads these; the token is given as one "ID=SECRET" value.
    return {
      PROXMOX_VE_ENDPOINT: baseUrl(values.endpoint, 8006),
      ...(secret ? { PROXMOX_VE_API_TOKEN: `${values.token_id}=${secret}` } : {}),
      ...(values.insecure === 'true' ? { PROXMOX_VE_INSECURE: 'true' } : {}),
    };
  },
};

export default proxmox;
