/** Doubles of the on-premise REST APIs: Keystone v3, Proxmox VE, vCenter, Nutanix Prism v3 (documented shapes). */
import { basicAuth, type DoubleAnswer, type DoubleRequest, type Double } from './server.js';

const notFound: DoubleAnswer = { status: 404, body: { error: 'not found' } };

/** Keystone v3: POST /v3/auth/tokens with a password; 201 and the token in X-Subject-Token. */
export function keystone(user: string, password: string, project: string) {
  return (req: DoubleRequest, d: Double): DoubleAnswer => {
    if (req.method !== 'POST' || req.path !== '/v3/auth/tokens') return notFound;
    const body = JSON.parse(req.body) as { auth: { identity: { password: { user: { name: string; password: string } } }; scope: { project: { name: string } } } };
    const u = body.auth.identity.password.user;
    if (d.mode === 'expired') return { status: 401, body: { error: { code: 401, title: 'Unauthorized', message: `The password is expired and needs to be changed for user: ${u.name}.` } } };
    if (u.name !== user || u.password !== password || body.auth.scope.project.name !== project) return { status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
    return {
      status: 201,
      headers: { 'x-subject-token': 'gAAAAABdouble-token' },
      body: { token: { methods: ['password'], user: { id: 'u1', name: user, domain: { id: 'default', name: 'Default' } }, project: { id: 'p1', name: project, domain: { id: 'default', name: 'Default' } }, expires_at: '2099-01-01T00:00:00.000000Z', catalog: [{ type: 'compute', name: 'nova', endpoints: [{ interface: 'public', region: 'RegionOne', url: 'https://nova.example/v2.1' }] }] } },
    };
  };
}

/** Proxmox VE: Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET on /api2/json/version and /nodes. */
export function proxmox(tokenId: string, secret: string) {
  return (req: DoubleRequest): DoubleAnswer => {
    if (req.headers.authorization !== `PVEAPIToken=${tokenId}=${secret}`) return { status: 401, body: { data: null } };
    if (req.path === '/api2/json/version') return { body: { data: { version: '8.2.4', release: '8.2', repoid: 'faa83925c9641325' } } };
    if (req.path === '/api2/json/nodes') return { body: { data: [{ node: 'pve1', status: 'online', type: 'node' }, { node: 'pve2', status: 'online', type: 'node' }] } };
    return notFound;
  };
}

/** vCenter: POST /api/session (basic auth) -> "session id"; then vmware-api-session-id on the other calls. */
export function vcenter(user: string, password: string) {
  const sessions = new Set<string>();
  return (req: DoubleRequest): DoubleAnswer => {
    if (req.path === '/api/session' && req.method === 'POST') {
      const a = basicAuth(req);
      if (!a || a.user !== user || a.password !== password) return { status: 401, body: { error_type: 'UNAUTHENTICATED', messages: [{ id: 'vapi.session.authentication.failed', default_message: 'Authentication failed.' }] } };
      const id = `sess-${sessions.size + 1}-b2f6`;
      sessions.add(id);
      return { status: 201, body: JSON.stringify(id), headers: { 'content-type': 'application/json' } };
    }
    const sid = String(req.headers['vmware-api-session-id'] ?? '');
    if (!sessions.has(sid)) return { status: 401, body: { error_type: 'UNAUTHENTICATED', messages: [] } };
    if (req.path === '/api/session' && req.method === 'DELETE') {
      sessions.delete(sid);
      return { status: 204 };
    }
    if (req.path === '/api/appliance/system/version') return { body: { version: '8.0.2.00100', build: '22617221', product: 'VMware vCenter Server', type: 'vCenter Server with an embedded Platform Services Controller' } };
    if (req.path === '/api/vcenter/host') return { body: [{ host: 'host-10', name: 'esx1.lab', connection_state: 'CONNECTED', power_state: 'POWERED_ON' }, { host: 'host-11', name: 'esx2.lab', connection_state: 'CONNECTED', power_state: 'POWERED_ON' }, { host: 'host-12', name: 'esx3.lab', connection_state: 'CONNECTED', power_state: 'POWERED_ON' }] };
    return notFound;
  };
}

/** Nutanix Prism v3: POST /api/nutanix/v3/clusters/list with basic auth. */
export function prism(user: string, password: string) {
  return (req: DoubleRequest): DoubleAnswer => {
    if (req.path !== '/api/nutanix/v3/clusters/list' || req.method !== 'POST') return notFound;
    const a = basicAuth(req);
    if (!a || a.user !== user || a.password !== password) return { status: 401, body: { api_version: '3.1', code: 401, message_list: [{ message: 'Authentication required.', reason: 'AUTHENTICATION_REQUIRED' }], state: 'ERROR' } };
    return { body: { api_version: '3.1', metadata: { kind: 'cluster', total_matches: 2, length: 2, offset: 0 }, entities: [{ metadata: { kind: 'cluster', uuid: '0005-aa' }, spec: { name: 'prod-ahv' }, status: { name: 'prod-ahv', state: 'COMPLETE' } }, { metadata: { kind: 'cluster', uuid: '0005-bb' }, spec: { name: 'Unnamed' }, status: { name: 'Unnamed', state: 'COMPLETE' } }] } };
  };
}
