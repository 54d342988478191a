/**
 * AWS SSO and Azure CLI login, through the real SDK credential providers: an SSO token cache file and
 * ~/.aws/config as `aws configure sso` / `aws sso login` write them, with a double of the SSO portal's
 * GetRoleCredentials; a stand-in `az` on PATH printing `az account get-access-token` JSON as the real
 * CLI does. The CLI runs as a child process: both SDKs read HOME, PATH and AWS_ENDPOINT_URL_* from the
 * process environment.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBin, tempHome } from '../../helpers/cli.js';
import { sts } from '../../helpers/provider-doubles/aws.js';
import { azure } from '../../helpers/provider-doubles/azure.js';
import { startDouble, type Double, type DoubleAnswer, type DoubleRequest } from '../../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../../helpers/provider-doubles/tls.js';

const ACCOUNT = '111122223333';
const ROLE_KEY = 'ASIADOUBLESSOROLE01';
const ROLE_SECRET = 'sso-role-secret/abcdefghijklmnopqrstuvwx';
const ROLE_SESSION = 'IQoJb3JpZ2luX2VjEDoubleSessionToken==';
const SSO_TOKEN = 'aoaAAAAAGdoubleSsoAccessToken0123456789';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The SSO portal (GET /federation/credentials, bearer in x-amz-sso_bearer_token; restJson1 errors) in front of STS. */
function ssoAndSts(validTokens: Set<string>) {
  const stsHandler = sts({ [ROLE_KEY]: ROLE_SECRET }, ACCOUNT);
  return (req: DoubleRequest, d: Double): DoubleAnswer => {
    const [p, query = ''] = req.path.split('?');
    if (req.method === 'GET' && p === '/federation/credentials') {
      const q = new URLSearchParams(query);
      if (!validTokens.has(String(req.headers['x-amz-sso_bearer_token'] ?? ''))) return { status: 401, headers: { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/' }, body: { message: 'Session token not found or invalid' } };
      if (q.get('account_id') !== ACCOUNT || q.get('role_name') !== 'Deployer') return { status: 403, headers: { 'x-amzn-errortype': 'ForbiddenException' }, body: { message: 'No access' } };
      return { body: { roleCredentials: { accessKeyId: ROLE_KEY, secretAccessKey: ROLE_SECRET, sessionToken: ROLE_SESSION, expiration: Date.now() + 3_600_000 } } };
    }
    return stsHandler(req, d);
  };
}

describe('AWS SSO profiles (sso-session and legacy) through fromIni and the SSO portal', { timeout: 120_000 }, () => {
  let pki: TestPki;
  let d: Double;
  const tokens = new Set([SSO_TOKEN]);
  beforeAll(async () => {
    pki = makePki('sso-double.test');
    d = await startDouble(pki, ssoAndSts(tokens));
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });
  beforeEach(() => {
    d.requests.length = 0;
  });

  /** ~/.aws/config with an SSO profile, and the token cache `aws sso login` leaves (key: sha1 of the session name, or of the start URL for legacy profiles). */
  function ssoHome(opts: { legacy?: boolean; expiresAt: string; token?: string }): string {
    const home = tempHome();
    const startUrl = 'https://corp-double.awsapps.com/start';
    mkdirSync(path.join(home, '.aws/sso/cache'), { recursive: true });
    const profile = opts.legacy
      ? `[profile dev]\nsso_start_url = ${startUrl}\nsso_region = eu-west-1\nsso_account_id = ${ACCOUNT}\nsso_role_name = Deployer\nregion = eu-west-3\n`
      : `[profile dev]\nsso_session = corp\nsso_account_id = ${ACCOUNT}\nsso_role_name = Deployer\nregion = eu-west-3\n\n[sso-session corp]\nsso_start_url = ${startUrl}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`;
    writeFileSync(path.join(home, '.aws/config'), profile);
    const key = createHash('sha1').update(opts.legacy ? startUrl : 'corp').digest('hex');
    const cache = opts.legacy
      ? { startUrl, region: 'eu-west-1', accessToken: opts.token ?? SSO_TOKEN, expiresAt: opts.expiresAt }
      : { startUrl, region: 'eu-west-1', accessToken: opts.token ?? SSO_TOKEN, expiresAt: opts.expiresAt, clientId: 'double-client-id', clientSecret: 'double-client-secret', registrationExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), refreshToken: 'double-refresh-token' };
    writeFileSync(path.join(home, '.aws/sso/cache', `${key}.json`), JSON.stringify(cache, null, 2), { mode: 0o600 });
    return home;
  }

  const connect = (home: string, extra: string[] = []) =>
    runBin(['connect', 'aws', '--profile', 'dev', '--region', 'eu-west-3', '--endpoint', d.url, '--ca-bundle', pki.caFile, ...extra], {
      HOME: home,
      CLOUDYA_HOME: path.join(home, 'cloudya'),
      // The SDK's documented per-service endpoint settings: SSO portal and SSO OIDC (token refresh) on the double.
      AWS_ENDPOINT_URL_SSO: d.url,
      AWS_ENDPOINT_URL_SSO_OIDC: d.url,
    });

  it('an sso-session profile: the cached token buys role credentials from the portal, STS proves them; only the profile is saved', async () => {
    const home = ssoHome({ expiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString() });
    const r = await connect(home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`account: ${ACCOUNT}`);
    expect(r.stdout).toContain('source: profile dev');
    const portal = d.requests.find((q) => q.path.startsWith('/federation/credentials'));
    expect(portal?.headers['x-amz-sso_bearer_token']).toBe(SSO_TOKEN);
    expect(portal?.path).toMatch(/account_id=111122223333/);
    expect(portal?.path).toMatch(/role_name=Deployer/);
    // STS was signed with the role's temporary credentials (session token included).
    const stsCall = d.requests.find((q) => q.method === 'POST');
    expect(String(stsCall?.headers.authorization)).toContain(`Credential=${ROLE_KEY}/`);
    expect(stsCall?.headers['x-amz-security-token']).toBe(ROLE_SESSION);
    const saved = readFileSync(path.join(home, 'cloudya/credentials.yaml'), 'utf8');
    expect(saved).toContain('default_profile: dev');
    for (const secret of [SSO_TOKEN, ROLE_SECRET, ROLE_SESSION]) {
      expect(r.stdout + r.stderr).not.toContain(secret);
      for (const f of filesUnder(path.join(home, 'cloudya'))) expect(readFileSync(f, 'latin1'), f).not.toContain(secret);
    }
  });

  it('a legacy profile whose cached session expired says so and how to renew it, without calling the portal', async () => {
    const home = ssoHome({ legacy: true, expiresAt: new Date(Date.now() - 3_600_000).toISOString() });
    const r = await connect(home, ['--output', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'connect_expired', hint: expect.stringMatching(/aws sso login/) });
    expect(r.stderr).toMatch(/aws: the credentials have expired \(The SSO session associated with this profile has expired/);
    expect(d.requests.filter((q) => q.path.startsWith('/federation/credentials'))).toHaveLength(0);
  });

  it('a token the portal no longer accepts (signed out elsewhere) is an expired session too, in English and French', async () => {
    const home = ssoHome({ expiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(), token: 'aoaRevokedToken000' });
    const r = await connect(home);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/credentials have expired/);
    expect(r.stderr).toMatch(/hint: renew them \(new session token, aws sso login/);
    expect(r.stderr).not.toContain('aoaRevokedToken000');
    const fr = await connect(home, ['--lang', 'fr']);
    expect(fr.stderr).toMatch(/les identifiants ont expiré/);
  });
});

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUB = '12345678-1234-1234-1234-123456789012';
const CLI_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.azure-cli-double-token.sig';

describe('Azure CLI login through AzureCliCredential and a stand-in az', { timeout: 120_000 }, () => {
  let pki: TestPki;
  let d: Double;
  beforeAll(async () => {
    pki = makePki('azure-cli-double.test');
    const arm = azure(TENANT, 'unused-client', 'unused-secret', SUB);
    d = await startDouble(pki, (req, dd) => {
      // ARM accepts the token `az` handed out, as it would a real one.
      if (req.method === 'GET' && req.path.startsWith(`/subscriptions/${SUB}`) && req.headers.authorization === `Bearer ${CLI_TOKEN}`) {
        return { body: { id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: TENANT, displayName: 'Visual Studio Enterprise', state: 'Enabled' } };
      }
      return arm(req, dd);
    });
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });

  /** A folder with an `az` that logs its arguments and answers like `az account get-access-token -o json` (CLI 2.54+: expiresOn and expires_on). */
  function fakeAz(home: string, loggedIn: boolean): { bin: string; log: string } {
    const bin = path.join(home, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = path.join(home, 'az-args.log');
    const expires = new Date(Date.now() + 3_600_000);
    const local = `${expires.toISOString().slice(0, 10)} ${expires.toISOString().slice(11, 19)}.000000`;
    const answer = JSON.stringify({ accessToken: CLI_TOKEN, expiresOn: local, expires_on: Math.floor(expires.getTime() / 1000), subscription: SUB, tenant: TENANT, tokenType: 'Bearer' }, null, 2);
    const script = loggedIn
      ? `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncat <<'JSON'\n${answer}\nJSON\n`
      : `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\necho "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`;
    writeFileSync(path.join(bin, 'az'), script);
    chmodSync(path.join(bin, 'az'), 0o755);
    return { bin, log };
  }

  const connect = (home: string, bin: string, extra: string[] = []) =>
    runBin(['connect', 'azure', '--subscription', SUB, '--endpoint', d.url, '--ca-bundle', pki.caFile, ...extra], { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya'), PATH: `${bin}:${process.env.PATH}` });

  it('takes the token from az account get-access-token, proves it with ARM, saves only the subscription (and tenant)', async () => {
    const home = tempHome();
    const { bin, log } = fakeAz(home, true);
    const r = await connect(home, bin, ['--tenant', TENANT]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`subscription: ${SUB}`);
    expect(r.stdout).toContain(`tenant: ${TENANT}`);
    expect(r.stdout).toContain('login: Azure CLI');
    // The credential asked az for a token for the Resource Manager endpoint in use, in that tenant.
    expect(readFileSync(log, 'utf8').trim()).toBe(`account get-access-token --output json --resource ${d.url} --tenant ${TENANT}`);
    const saved = readFileSync(path.join(home, 'cloudya/credentials.yaml'), 'utf8');
    expect(saved).toContain(`default_subscription: ${SUB}`);
    expect(saved).toContain(`tenant_id: ${TENANT}`);
    expect(saved).not.toContain('client_id');
    expect(r.stdout + r.stderr).not.toContain(CLI_TOKEN);
    for (const f of filesUnder(path.join(home, 'cloudya'))) expect(readFileSync(f, 'latin1'), f).not.toContain(CLI_TOKEN);
    // connect test asks az again.
    const t = await runBin(['connect', 'test', 'azure'], { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya'), PATH: `${bin}:${process.env.PATH}` });
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('not logged in: says to run az login, saves nothing', async () => {
    const home = tempHome();
    const { bin } = fakeAz(home, false);
    const r = await connect(home, bin);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/azure: Please run 'az login'/);
    let saved = '';
    try {
      saved = readFileSync(path.join(home, 'cloudya/credentials.yaml'), 'utf8');
    } catch {
      // never written
    }
    expect(saved).not.toContain('connected_at');
  });
});
