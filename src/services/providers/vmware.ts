/** VMware vCenter: user + password, verified with the session API, the appliance version and the host list. */
import { ProviderError } from './errors.js';
import { baseUrl, checkStatus, guarded, jsonOf, request } from './http.js';
import type { ProviderModule } from './types.js';

const ID = 'vmware';

const vmware: ProviderModule = {
  id: ID,
  name: 'VMware vCenter',
  tls: true,
  fields: [
    { key: 'endpoint', flag: 'endpoint', env: ['VSPHERE_SERVER'], label: { en: 'vCenter address (https://vcenter.example)', fr: 'Adresse du vCenter (https://vcenter.exemple)' } },
    { key: 'username', flag: 'username', env: ['VSPHERE_USER'], label: { en: 'User (user@vsphere.local)', fr: 'Utilisateur (user@vsphere.local)' } },
    { key: 'password', secret: true, defaultEnv: 'VSPHERE_PASSWORD', label: { en: 'Password', fr: 'Mot de passe' } },
  ],
  where: (v) => v.endpoint ?? '',
  async verify({ values, secret, transport }) {
    const base = baseUrl(values.endpoint, 443);
    const where = new URL(base).host;
    return guarded(ID, base, transport, async () => {
      const basic = Buffer.from(`${values.username}:${secret ?? ''}`).toString('base64');
      const s = await request(`${base}/api/session`, { method: 'POST', headers: { authorization: `Basic ${basic}` } }, transport);
      checkStatus(s, ID, where);
      const session = jsonOf<unknown>(s, ID, where);
      if (typeof session !== 'string' || !session) throw new ProviderError('malformed', ID, { where, detail: 'POST /api/session did not return a session id' });
      const headers = { 'vmware-api-session-id': session };
      try {
        const v = await request(`${base}/api/appliance/system/version`, { headers }, transport);
        checkStatus(v, ID, where);
        const version = jsonOf<{ version?: string; build?: string; product?: string }>(v, ID, where);
        if (typeof version?.version !== 'string') throw new ProviderError('malformed', ID, { where, detail: 'no version in /api/appliance/system/version' });
        const h = await request(`${base}/api/vcenter/host`, { headers }, transport);
        checkStatus(h, ID, where);
        const hosts = jsonOf<unknown>(h, ID, where);
        if (!Array.isArray(hosts)) throw new ProviderError('malformed', ID, { where, detail: '/api/vcenter/host is not a list' });
        return { user: values.username, version: `${version.version}${version.build ? ` build ${version.build}` : ''}`, hosts: hosts.length };
      } finally {
        // Log out: vCenter keeps idle sessions for a while and caps how many a user may hold.
        await request(`${base}/api/session`, { method: 'DELETE', headers }, transport).catch(() => undefined);
      }
    });
  },
  terraformEnv(values, secret) {
    return {
      VSPHERE_SERVER: new URL(baseUrl(values.endpoint, 443)).host,
      VSPHERE_USER: values.username,
      ...(secret ? { VSPHERE_PASSWORD: secret } : {}),
      ...(values.insecure === 'true' ? { VSPHERE_ALLOW_UNVERIFIED_SSL: 'true' } : {}),
    };
  },
};

export default vmware;
