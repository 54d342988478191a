/** STS double: the AWS query protocol (form POST, Action=GetCallerIdentity) with SigV4 checked against the known secret. */
import { createHash, createHmac } from 'node:crypto';
import type { DoubleAnswer, DoubleRequest, Double } from './server.js';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha = (data: string) => createHash('sha256').update(data).digest('hex');

/** Recomputes the SigV4 signature of a request (single-valued headers, as the SDK sends them). */
function signatureValid(req: DoubleRequest, keys: Record<string, string>): { ok: boolean; accessKey?: string } {
  const m = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(String(req.headers.authorization ?? ''));
  if (!m) return { ok: false };
  const [, accessKey, date, region, service, signedHeaders, signature] = m;
  const secret = keys[accessKey];
  if (!secret) return { ok: false, accessKey };
  const [pathPart, query = ''] = req.path.split('?');
  const canonicalHeaders = signedHeaders.split(';').map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, pathPart, query.split('&').filter(Boolean).sort().join('&'), canonicalHeaders, signedHeaders, String(req.headers['x-amz-content-sha256'] ?? sha(req.body))].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', String(req.headers['x-amz-date']), scope, sha(canonical)].join('\n');
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return { ok: createHmac('sha256', kSigning).update(toSign).digest('hex') === signature, accessKey };
}

const xmlError = (status: number, code: string, message: string): DoubleAnswer => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${code}</Code>\n    <Message>${message}</Message>\n  </Error>\n  <RequestId>4a2b-double</RequestId>\n</ErrorResponse>\n`,
});

/** STS answering GetCallerIdentity for the given access keys (key id -> secret). */
export function sts(keys: Record<string, string>, account = '123456789012') {
  return (req: DoubleRequest, d: Double): DoubleAnswer => {
    const form = new URLSearchParams(req.body);
    if (req.method !== 'POST' || form.get('Action') !== 'GetCallerIdentity' || form.get('Version') !== '2011-06-15') return xmlError(400, 'InvalidAction', 'Could not find operation');
    if (d.mode === 'expired') return xmlError(400, 'ExpiredToken', 'The security token included in the request is expired');
    const sig = signatureValid(req, keys);
    if (!sig.accessKey || !keys[sig.accessKey]) return xmlError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (!sig.ok) return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    return {
      headers: { 'content-type': 'text/xml' },
      body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <GetCallerIdentityResult>\n    <Arn>arn:aws:iam::${account}:user/deployer</Arn>\n    <UserId>AIDAEXAMPLEUSERID</UserId>\n    <Account>${account}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
    };
  };
}
