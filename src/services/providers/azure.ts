/**
 * Azure: a service principal (client id + secret, the secret from an environment variable by
 * default) or the user's Azure CLI login, proved with a token and ARM GET /subscriptions/{id}.
 */
import { missing, ProviderError } from './errors.js';
import { checkStatus, classifyNetworkError, guarded, jsonOf, request } from './http.js';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import type { ProviderModule, TransportOptions } from './types.js';

const ID = 'azure';
const ARM = 'https://management.azure.com';
const AUTHORITY = 'https://login.microsoftonline.com';

/** An @azure/core-rest-pipeline HttpClient over our request(): per-connection CA, timeout, no proxy surprises. */
async function httpClientFor(t: TransportOptions): Promise<HttpClient> {
  const { createHttpHeaders } = await import('@azure/core-rest-pipeline');
  return {
    async sendRequest(req: PipelineRequest): Promise<PipelineResponse> {
      const body = typeof req.body === 'string' ? req.body : req.body === undefined || req.body === null ? undefined : String(req.body);
      const a = await request(req.url, { method: req.method, headers: req.headers.toJSON(), body }, t);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(a.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      return { request: req, status: a.status, headers: createHttpHeaders(headers), bodyAsText: a.text };
    },
  };
}

/**
 * Reads the tenant's OpenID metadata first: MSAL reports any failure there as one opaque
 * "endpoints_resolution_error", while this names the cause (unreachable, TLS, timeout, not the API, unknown tenant).
 */
async function checkAuthority(url: string, t: TransportOptions): Promise<void> {
  const where = new URL(url).host;
  await guarded(ID, url, t, async () => {
    const a = await request(url, {}, t);
    const doc = jsonOf<{ token_endpoint?: string; error?: string; error_description?: string }>(a, ID, where);
    if (a.status !== 200 && doc?.error) throw new ProviderError('auth', ID, { where, detail: `${doc.error}: ${(doc.error_description ?? '').split('\n')[0]}`.slice(0, 160) });
    checkStatus(a, ID, where);
    if (typeof doc?.token_endpoint !== 'string') throw new ProviderError('malformed', ID, { where, detail: 'no token_endpoint in the OpenID metadata' });
  });
}

const azure: ProviderModule = {
  id: ID,
  name: 'Microsoft Azure',
  tls: false,
  fields: [
    { key: 'default_subscription', flag: 'subscription', env: ['AZURE_SUBSCRIPTION_ID', 'ARM_SUBSCRIPTION_ID'], label: { en: 'Subscription ID', fr: "ID de l'abonnement" } },
    { key: 'tenant_id', flag: 'tenant', env: ['AZURE_TENANT_ID', 'ARM_TENANT_ID'], optional: true, label: { en: 'Tenant ID (empty: Azure CLI login)', fr: 'ID du locataire (vide : connexion Azure CLI)' } },
    { key: 'client_id', flag: 'client-id', env: ['AZURE_CLIENT_ID', 'ARM_CLIENT_ID'], optional: true, when: (v) => !!v.tenant_id, label: { en: 'Service principal client ID (empty: Azure CLI login)', fr: 'ID client du principal de service (vide : connexion Azure CLI)' } },
    { key: 'client_secret', secret: true, defaultEnv: 'AZURE_CLIENT_SECRET', when: (v) => !!v.client_id, label: { en: 'Client secret', fr: 'Secret client' } },
    { key: 'authority_host', flag: 'authority-host', env: ['AZURE_AUTHORITY_HOST'], optional: true, when: (v) => !!v.client_id, label: { en: 'Authority host (empty: Microsoft Entra ID)', fr: "Hôte d'autorité (vide : Microsoft Entra ID)" } },
    { key: 'endpoint', flag: 'endpoint', optional: true, label: { en: 'Resource Manager endpoint (empty: Azure public cloud)', fr: "Point d'accès Resource Manager (vide : cloud public Azure)" } },
  ],
  where: (v) => v.default_subscription ?? '',
  async verify({ values, secret, transport, signal }) {
    const identity = await import('@azure/identity');
    const authority = (values.authority_host || AUTHORITY).replace(/\/+$/, '');
    const useSp = !!values.client_id;
    if (useSp && !values.tenant_id) throw missing(ID, 'azureNeedsTenant');
    const credential = useSp
      ? new identity.ClientSecretCredential(values.tenant_id, values.client_id, secret ?? '', { authorityHost: authority, disableInstanceDiscovery: true, httpClient: await httpClientFor(transport), retryOptions: { maxRetries: 0 } })
      : new identity.AzureCliCredential({ tenantId: values.tenant_id || undefined, processTimeoutInMs: transport.timeoutMs });
    const tokenUrl = `${authority}/${values.tenant_id || 'common'}/oauth2/v2.0/token`;
    if (useSp) await checkAuthority(`${authority}/${values.tenant_id}/v2.0/.well-known/openid-configuration`, transport);
    let token: string;
    try {
      const t = await credential.getToken(`${(values.endpoint || ARM).replace(/\/+$/, '')}/.default`, { abortSignal: signal ? AbortSignal.any([AbortSignal.timeout(transport.timeoutMs * 3), signal]) : AbortSignal.timeout(transport.timeoutMs * 3) });
      token = t.token;
    } catch (err) {
      const where = new URL(tokenUrl).host;
      const classified = await classifyNetworkError(err, ID, tokenUrl, transport);
      if (classified !== err) throw classified;
      const e = err as { name?: string; message?: string; errorResponse?: { error?: string; errorDescription?: string }; statusCode?: number };
      const text = `${e.errorResponse?.error ?? ''} ${e.errorResponse?.errorDescription ?? ''} ${e.message ?? ''}`;
      if (e.name === 'CredentialUnavailableError') throw new ProviderError('missing', ID, { detail: (e.message ?? '').split('\n')[0].slice(0, 160) });
      if (/AADSTS7000222|expired/i.test(text)) throw new ProviderError('expired', ID, { where, detail: (e.errorResponse?.error ?? 'expired') + (e.errorResponse?.errorDescription ? `: ${e.errorResponse.errorDescription.split('\n')[0]}` : '') });
      if (/invalid_client|unauthorized_client|invalid_grant|invalid_request|AADSTS/i.test(text) || e.statusCode === 401) throw new ProviderError('auth', ID, { where, detail: (e.errorResponse?.error ?? 'refused') + (e.errorResponse?.errorDescription ? `: ${e.errorResponse.errorDescription.split('\n')[0]}` : '') });
      if (/timeout|timed out|aborted/i.test(text)) throw new ProviderError('timeout', ID, { where, seconds: transport.timeoutMs / 1000 });
      throw new ProviderError('malformed', ID, { where, detail: (e.message ?? '').split('\n')[0].slice(0, 120) });
    }
    const url = `${(values.endpoint || ARM).replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(values.default_subscription)}?api-version=2022-12-01`;
    const where = new URL(url).host;
    try {
      const a = await request(url, { headers: { authorization: `Bearer ${token}` } }, transport);
      checkStatus(a, ID, where);
      const s = jsonOf<{ subscriptionId?: string; displayName?: string; state?: string; tenantId?: string }>(a, ID, where);
      if (!s?.subscriptionId) throw new ProviderError('malformed', ID, { where, detail: 'no subscriptionId in the subscription' });
      return { subscription: s.subscriptionId, ...(s.displayName ? { name: s.displayName } : {}), ...(s.state ? { state: s.state } : {}), tenant: s.tenantId ?? values.tenant_id ?? '', login: useSp ? `service principal ${values.client_id}` : 'Azure CLI' };
    } catch (err) {
      throw await classifyNetworkError(err, ID, url, transport);
    }
  },
  terraformEnv(values, secret) {
    return {
      ARM_SUBSCRIPTION_ID: values.default_subscription,
      ...(values.tenant_id ? { ARM_TENANT_ID: values.tenant_id } : {}),
      ...(values.client_id ? { ARM_CLIENT_ID: values.client_id } : {}),
      ...(secret ? { ARM_CLIENT_SECRET: secret } : {}),
      ...(values.client_id ? {} : { ARM_USE_CLI: 'true' }),
    };
  },
  ambient: (env) => !!(env.ARM_CLIENT_ID || env.AZURE_CLIENT_ID || env.ARM_USE_CLI),
};

export default azure;
