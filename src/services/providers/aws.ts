/**
 * AWS: the user's own credentials (environment keys, ~/.aws profiles including SSO), proved with
 * STS GetCallerIdentity. credentials.yaml keeps only the profile and region (and an STS endpoint if given).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { homeDir } from '../../core/paths.js';
import { missing, ProviderError } from './errors.js';
import { classifyNetworkError } from './http.js';
import type { ProviderModule } from './types.js';

const ID = 'aws';
const AUTH = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'AccessDenied', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'AuthFailure']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);

function awsFiles(env: NodeJS.ProcessEnv): { credentials: string; config: string } {
  return { credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws/credentials'), config: env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws/config') };
}

const aws: ProviderModule = {
  id: ID,
  name: 'Amazon Web Services',
  tls: false,
  fields: [
    { key: 'default_profile', flag: 'profile', env: ['AWS_PROFILE'], default: 'default', label: { en: 'Profile (~/.aws)', fr: 'Profil (~/.aws)' } },
    { key: 'default_region', flag: 'region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'], default: 'us-east-1', label: { en: 'Region', fr: 'Région' } },
    { key: 'endpoint', flag: 'endpoint', env: ['AWS_ENDPOINT_URL_STS'], optional: true, label: { en: 'STS endpoint (empty: the regional AWS one)', fr: "Point d'accès STS (vide : celui de la région AWS)" } },
  ],
  where: (v) => v.default_region ?? '',
  async verify({ values, env, transport, signal }) {
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const { fromIni } = await import('@aws-sdk/credential-providers');
    const https = await import('node:https');
    const fromEnv = !!env.AWS_ACCESS_KEY_ID && !!env.AWS_SECRET_ACCESS_KEY;
    const files = awsFiles(env);
    // The connection's CA bundle and --insecure apply to every AWS call, the SSO portal's included.
    const requestHandler = { httpsAgent: new https.Agent({ ca: transport.ca, rejectUnauthorized: !transport.insecure }), requestTimeout: transport.timeoutMs, connectionTimeout: transport.timeoutMs };
    const credentials = fromEnv
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY!, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
      : fromIni({ profile: values.default_profile || 'default', filepath: files.credentials, configFilepath: files.config, clientConfig: { requestHandler, maxAttempts: 1 } });
    const endpoint = values.endpoint || undefined;
    const client = new STSClient({
      region: values.default_region || 'us-east-1',
      credentials,
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: 1,
      requestHandler,
    });
    const url = endpoint ?? `https://sts.${values.default_region || 'us-east-1'}.amazonaws.com`;
    const where = new URL(url).host;
    // The SDK's own request timeout does not cover a server that accepts and never answers: abort it ourselves.
    const timer = AbortSignal.timeout(transport.timeoutMs);
    try {
      // Ctrl+C (the CLI's or the connect form's) stops the call too.
      const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: signal ? AbortSignal.any([timer, signal]) : timer });
      if (!out.Account || !out.Arn) throw new ProviderError('malformed', ID, { where, detail: 'GetCallerIdentity gave no Account/Arn' });
      return { account: out.Account, arn: out.Arn, source: fromEnv ? 'environment (AWS_ACCESS_KEY_ID)' : `profile ${values.default_profile || 'default'}` };
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      if (timer.aborted) throw new ProviderError('timeout', ID, { where, seconds: transport.timeoutMs / 1000 });
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
      if (e.name && EXPIRED.has(e.name)) throw new ProviderError('expired', ID, { where, detail: e.name });
      if (e.name && AUTH.has(e.name)) throw new ProviderError('auth', ID, { where, detail: e.name });
      if (e.name === 'CredentialsProviderError' && /SSO session .*(expired|invalid)|Token is expired|UnauthorizedException|Session token not found or invalid/i.test(e.message ?? '')) {
        // The SSO cache holds an expired or revoked session: `aws sso login` renews it.
        throw new ProviderError('expired', ID, { where: `SSO (profile ${values.default_profile || 'default'})`, detail: (e.message ?? '').split('\n')[0].slice(0, 160) });
      }
      if (e.name === 'CredentialsProviderError') {
        const classified = await classifyNetworkError(err, ID, url, transport);
        if (classified !== err) throw classified;
      }
      if (e.name === 'CredentialsProviderError' || /Could not resolve credentials|profile/i.test(e.message ?? '') && !e.$metadata?.httpStatusCode) {
        throw missing(ID, 'awsNoCreds', { profile: values.default_profile || 'default', files: `${files.credentials}, ${files.config}` });
      }
      const classified = await classifyNetworkError(err, ID, url, transport);
      if (classified !== err) throw classified;
      const status = e.$metadata?.httpStatusCode;
      if (status === 401 || status === 403) throw new ProviderError('auth', ID, { where, detail: `HTTP ${status}` });
      if (status && status >= 200 && status < 300) throw new ProviderError('malformed', ID, { where, detail: (e.message ?? '').slice(0, 80) });
      if (status) throw new ProviderError('http', ID, { where, detail: `${status} ${e.name ?? ''}` });
      throw new ProviderError('malformed', ID, { where, detail: `${e.name ?? 'error'}: ${(e.message ?? '').slice(0, 80)}` });
    } finally {
      client.destroy();
    }
  },
  terraformEnv(values, _secret, env) {
    // Keys in the environment win for the AWS provider anyway; a profile is only named when none are set.
    const keys = !!env.AWS_ACCESS_KEY_ID;
    return { ...(keys ? {} : { AWS_PROFILE: values.default_profile || 'default' }), AWS_REGION: values.default_region || 'us-east-1', ...(values.ca_bundle ? { AWS_CA_BUNDLE: values.ca_bundle } : {}) };
  },
  ambient(env) {
    const f = awsFiles(env);
    return !!(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || existsSync(f.credentials) || existsSync(f.config));
  },
};

export default aws;
