import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sts } from '../helpers/provider-doubles/aws.js';
import { azure } from '../helpers/provider-doubles/azure.js';
import { startDouble, type Double } from '../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../helpers/provider-doubles/tls.js';
import { KEYS } from '../helpers/render.js';
import { allFrames, credentialsText, filesUnder, fill, formEnv, openProvider, renderDeploy, type Ui } from './connect-form-helpers.js';

const KEY_ID = 'AKIADOUBLEEXAMPLE7Q';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYdoubleKEY';

/** The user's own ~/.aws/credentials profile, as `aws configure --profile deployer` writes it. */
function awsProfile(home: string, secret: string): void {
  mkdirSync(path.join(home, '.aws'), { recursive: true });
  writeFileSync(path.join(home, '.aws/credentials'), `[deployer]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${secret}\n`, { mode: 0o600 });
}

describe('Deploy screen: connect form for AWS (the user\'s own ~/.aws profile, real SDK against an STS double)', { timeout: 120_000 }, () => {
  let pki: TestPki;
  let d: Double;
  beforeAll(async () => {
    pki = makePki('aws-double.test');
    d = await startDouble(pki, sts({ [KEY_ID]: AWS_SECRET }));
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });
  beforeEach(() => {
    d.mode = 'ok';
  });

  /** Profile, region, STS endpoint, CA bundle (or none), then the test. */
  async function fillAws(ui: Ui, ca: string): Promise<void> {
    const form = await openProvider(ui, 'aws');
    // The CLI's defaults: profile "default", region us-east-1; no secret rows (the profile holds the keys).
    expect(form).toMatch(/› Profile \(~\/\.aws\)\s+default/);
    expect(form).toMatch(/Region\s+us-east-1/);
    expect(form).not.toContain('Keep the secret in');
    await fill(ui, 'deployer');
    await fill(ui, 'eu-west-3');
    await fill(ui, d.url);
    await fill(ui, ca);
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => /› \[ Test connection \]/.test(x));
    await ui.press(KEYS.enter);
  }

  it('shows the account and ARN, then saves the profile and region only', async () => {
    const { home, cloudya, env } = formEnv();
    awsProfile(home, AWS_SECRET);
    const ui = await renderDeploy(env);
    await fillAws(ui, pki.caFile);
    const ok = await ui.waitFor((x) => x.includes('Amazon Web Services accepted the connection'));
    expect(ok).toContain('account: 123456789012');
    expect(ok).toContain('arn: arn:aws:iam::123456789012:user/deployer');
    expect(ok).toContain('source: profile deployer');
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => x.includes('Saved in'));
    const file = credentialsText(cloudya);
    expect(file).toContain('default_profile: deployer');
    expect(file).toContain('default_region: eu-west-3');
    expect(file).not.toContain('aws_secret_access_key');
    expect(allFrames(ui)).not.toContain(AWS_SECRET);
    for (const f of filesUnder(cloudya)) expect(readFileSync(f, 'latin1'), f).not.toContain(AWS_SECRET);
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => /aws\s+\(\d+\)\s+✓ connected \(eu-west-3\)/.test(x));
    ui.unmount();
  });

  it('a wrong secret key in the profile, expired credentials and an untrusted certificate are each said in words', async () => {
    const { home, cloudya, env } = formEnv();
    awsProfile(home, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY0');
    const ui = await renderDeploy(env);
    await fillAws(ui, pki.caFile);
    const bad = await ui.waitFor((x) => x.includes('Wrong credentials'));
    expect(bad).toMatch(/aws: the credentials were refused by 127\.0\.0\.1:\d+ \(SignatureDoesNotMatch\)/);
    expect(bad).toMatch(/hint: check the user\/key and the secret/);
    d.mode = 'expired';
    await ui.press(KEYS.escape);
    await ui.waitFor((x) => x.includes('Connect to Amazon Web Services'));
    await ui.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down); // clamps on the button
    await ui.waitFor((x) => /› \[ Test connection \]/.test(x));
    await ui.press(KEYS.enter);
    const expired = await ui.waitFor((x) => x.includes('Credentials expired'));
    expect(expired).toMatch(/aws: the credentials have expired \(ExpiredToken\)/);
    expect(expired).toMatch(/hint: renew them/);
    d.mode = 'ok';
    // Without the CA bundle: the certificate's subject is named.
    await ui.press(KEYS.escape);
    await ui.waitFor((x) => x.includes('Connect to Amazon Web Services'));
    // Back on the form after a failure, the focus is on the test button again (no secret row for AWS).
    await ui.waitFor((x) => /› \[ Test connection \]/.test(x));
    await ui.press(KEYS.up, KEYS.up);
    await ui.waitFor((x) => /› CA bundle/.test(x));
    await fill(ui, '');
    await ui.press(KEYS.enter, KEYS.enter);
    const tls = await ui.waitFor((x) => x.includes('Certificate not trusted'));
    expect(tls).toContain('CN=aws-double.test');
    // (The Deploy screen's config loading writes the default credentials.yaml: no connection in it.)
    expect(credentialsText(cloudya)).not.toContain('connected_at');
    ui.unmount();
  });
});

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0a1b2c3d-1111-2222-3333-444455556666';
const SUB = '12345678-1234-1234-1234-123456789012';
const AZ_SECRET = 'Az~Q8~double.client-secret_value';

describe('Deploy screen: connect form for Azure (service principal, real @azure/identity against Entra ID and ARM doubles)', { timeout: 120_000 }, () => {
  let pki: TestPki;
  let d: Double;
  beforeAll(async () => {
    pki = makePki('azure-double.test');
    d = await startDouble(pki, azure(TENANT, CLIENT, AZ_SECRET, SUB));
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });

  /** The service principal's rows: the client id makes the secret and authority rows appear. */
  async function fillAzure(ui: Ui): Promise<void> {
    const form = await openProvider(ui, 'azure');
    expect(form).not.toContain('Client secret');
    await fill(ui, SUB);
    await fill(ui, TENANT);
    await fill(ui, CLIENT);
    await ui.waitFor((x) => /› Authority host/.test(x) && x.includes('Keep the secret in'));
    await fill(ui, d.url);
    await fill(ui, d.url);
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => /› Environment variable holding the client secret\s+AZURE_CLIENT_SECRET/.test(x));
    await fill(ui, 'AZ_SP_SECRET');
    await fill(ui, pki.caFile);
    await ui.press(KEYS.enter, KEYS.enter);
  }

  it('shows the subscription and tenant, and saves the variable name, not the secret', async () => {
    const { cloudya, env } = formEnv({ AZ_SP_SECRET: AZ_SECRET });
    const ui = await renderDeploy(env);
    await fillAzure(ui);
    const ok = await ui.waitFor((x) => x.includes('Microsoft Azure accepted the connection'));
    expect(ok).toContain(`subscription: ${SUB}`);
    expect(ok).toContain(`tenant: ${TENANT}`);
    expect(ok).toContain(`login: service principal ${CLIENT}`);
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => x.includes('Saved in'));
    const file = credentialsText(cloudya);
    expect(file).toContain('client_secret_env: AZ_SP_SECRET');
    expect(file).not.toContain(AZ_SECRET);
    expect(allFrames(ui)).not.toContain(AZ_SECRET);
    for (const f of filesUnder(cloudya)) expect(readFileSync(f, 'latin1'), f).not.toContain(AZ_SECRET);
    ui.unmount();
  });

  it('a wrong client secret is refused credentials in words, nothing saved', async () => {
    const wrong = 'Az~wrong~secret-value-0000';
    const { cloudya, env } = formEnv({ AZ_SP_SECRET: wrong });
    const ui = await renderDeploy(env);
    await fillAzure(ui);
    const bad = await ui.waitFor((x) => x.includes('Wrong credentials'));
    expect(bad).toMatch(/azure: the credentials were refused by 127\.0\.0\.1:\d+/);
    expect(credentialsText(cloudya)).not.toContain('connected_at');
    expect(allFrames(ui)).not.toContain(wrong);
    ui.unmount();
  });
});
