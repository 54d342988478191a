/** Azure doubles: Entra ID (OpenID metadata + v2.0 client-credentials token) and ARM GET /subscriptions/{id}. */
import type { DoubleAnswer, DoubleRequest, Double } from './server.js';

/** One double for the authority host and ARM: `clientSecret` is the only accepted secret. */
export function azure(tenant: string, clientId: string, clientSecret: string, subscription: string) {
  const issued = new Set<string>();
  return (req: DoubleRequest, d: Double): DoubleAnswer => {
    const base = d.url;
    const path = req.path.split('?')[0];
    if (req.method === 'GET' && /\/v2\.0\/\.well-known\/openid-configuration$/.test(path)) {
      const t = path.split('/')[1];
      return { body: { token_endpoint: `${base}/${t}/oauth2/v2.0/token`, authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`, issuer: `${base}/${t}/v2.0`, jwks_uri: `${base}/${t}/discovery/v2.0/keys`, end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`, response_types_supported: ['code', 'id_token', 'token'], subject_types_supported: ['pairwise'], id_token_signing_alg_values_supported: ['RS256'], scopes_supported: ['openid'] } };
    }
    if (req.method === 'POST' && path === `/${tenant}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'AADSTS70003: grant type not supported' } };
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return { status: 401, body: { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`, error_codes: [7000215] } };
      if (d.mode === 'expired') return { status: 401, body: { error: 'invalid_client', error_description: `AADSTS7000222: The provided client secret keys for app '${clientId}' are expired.`, error_codes: [7000222] } };
      const token = `eyJ0eXAi.double-${issued.size + 1}`;
      issued.add(token);
      return { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
    }
    if (req.method === 'GET' && path.startsWith('/subscriptions/')) {
      const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (!token || !issued.has(token)) return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } } };
      const id = path.slice('/subscriptions/'.length);
      if (id !== subscription) return { status: 404, body: { error: { code: 'SubscriptionNotFound', message: `The subscription '${id}' could not be found.` } } };
      return { body: { id: `/subscriptions/${id}`, subscriptionId: id, tenantId: tenant, displayName: 'Pay-As-You-Go', state: 'Enabled', authorizationSource: 'RoleBased' } };
    }
    return { status: 404, body: { error: { code: 'NotFound' } } };
  };
}
