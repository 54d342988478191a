/** Google doubles: the OAuth2 token endpoint (JWT bearer grant, signature checked) and Resource Manager v1 projects.get. */
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import type { DoubleAnswer, DoubleRequest, Double } from './server.js';

/** A fresh service-account key pair; `keyFile(tokenUri)` is the JSON Google would give. */
export function serviceAccount(email = 'deployer@demo-project.iam.gserviceaccount.com', project = 'demo-project') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    email,
    project,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: pem,
    keyFile: (tokenUri: string, key = pem) => ({ type: 'service_account', project_id: project, private_key_id: 'k1', private_key: key, client_email: email, client_id: '1001', token_uri: tokenUri }),
  };
}

/** Token endpoint + projects.get on one double: only a JWT signed by `publicKey`'s pair gets a token. */
export function google(publicKey: string, email: string, project: string) {
  const issued = new Set<string>();
  return (req: DoubleRequest, d: Double): DoubleAnswer => {
    if (req.method === 'POST' && req.path === '/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' } };
      const [h, p, s] = (form.get('assertion') ?? '').split('.');
      const ok = !!s && createVerify('RSA-SHA256').update(`${h}.${p}`).verify(createPublicKey(publicKey), Buffer.from(s, 'base64url'));
      const claims = ok ? (JSON.parse(Buffer.from(p, 'base64url').toString()) as { iss?: string }) : {};
      if (!ok || claims.iss !== email) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      if (d.mode === 'expired') return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      const token = `ya29.double-${issued.size + 1}`;
      issued.add(token);
      return { body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
    }
    if (req.method === 'GET' && req.path.startsWith('/v1/projects/')) {
      const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (!token || !issued.has(token)) return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
      const id = decodeURIComponent(req.path.slice('/v1/projects/'.length));
      if (id !== project) return { status: 403, body: { error: { code: 403, message: `The caller does not have permission`, status: 'PERMISSION_DENIED' } } };
      return { body: { projectNumber: '415104041262', projectId: project, lifecycleState: 'ACTIVE', name: 'Demo project', createTime: '2024-01-01T00:00:00.000Z' } };
    }
    return { status: 404, body: { error: { code: 404, message: 'not found' } } };
  };
}
