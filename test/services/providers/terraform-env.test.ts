/** What Terraform receives for each provider's connection, and when a deployment is refused with "connect X first". */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionEnv, deploymentConnectionEnv } from '../../../src/services/providers/connection.js';
import { tempHome } from '../../helpers/cli.js';

function homeWith(yaml: string): NodeJS.ProcessEnv {
  const home = tempHome();
  writeFileSync(path.join(home, 'credentials.yaml'), yaml, { mode: 0o600 });
  return { HOME: home, CLOUDYA_HOME: home };
}

const at = '  connected_at: "2026-12-01T10:00:00.000Z"\n';

describe('Terraform environment of a connection', () => {
  it('gives each provider the variables its Terraform provider reads, secrets resolved from the named variable', async () => {
    const env = {
      ...homeWith(
        `aws:\n  default_profile: prod\n  default_region: eu-west-3\n${at}` +
          `gcp:\n  default_project: demo-project\n  key_file: /keys/sa.json\n${at}` +
          `azure:\n  default_subscription: sub-1\n  tenant_id: ten-1\n  client_id: cli-1\n  client_secret_env: AZ_S\n${at}` +
          `openstack:\n  cloud: mycloud\n  region_name: RegionOne\n${at}` +
          `proxmox:\n  endpoint: https://pve.lan\n  token_id: tf@pve!ci\n  token_secret_env: PVE_S\n  ca_bundle: /etc/ssl/pve-ca.pem\n${at}` +
          `vmware:\n  endpoint: https://vc.lab\n  username: admin@vsphere.local\n  password: stored-pass\n  insecure: "true"\n${at}` +
          `nutanix:\n  endpoint: prism.lab\n  username: admin\n  password_env: NX_P\n${at}`,
      ),
      AZ_S: 'az-secret',
      PVE_S: 'pve-secret',
      NX_P: 'nx-secret',
    };
    expect(await connectionEnv('aws', env)).toEqual({ AWS_PROFILE: 'prod', AWS_REGION: 'eu-west-3' });
    expect(await connectionEnv('gcp', env)).toEqual({ GOOGLE_APPLICATION_CREDENTIALS: '/keys/sa.json', GOOGLE_PROJECT: 'demo-project' });
    expect(await connectionEnv('azure', env)).toEqual({ ARM_SUBSCRIPTION_ID: 'sub-1', ARM_TENANT_ID: 'ten-1', ARM_CLIENT_ID: 'cli-1', ARM_CLIENT_SECRET: 'az-secret' });
    expect(await connectionEnv('openstack', env)).toEqual({ OS_CLOUD: 'mycloud', OS_REGION_NAME: 'RegionOne' });
    expect(await connectionEnv('proxmox', env)).toEqual({ PROXMOX_VE_ENDPOINT: 'https://pve.lan:8006', PROXMOX_VE_API_TOKEN: 'tf@pve!ci=pve-secret', SSL_CERT_FILE: '/etc/ssl/pve-ca.pem' });
    expect(await connectionEnv('vmware', env)).toEqual({ VSPHERE_SERVER: 'vc.lab', VSPHERE_USER: 'admin@vsphere.local', VSPHERE_PASSWORD: 'stored-pass', VSPHERE_ALLOW_UNVERIFIED_SSL: 'true' });
    expect(await connectionEnv('nutanix', env)).toEqual({ NUTANIX_ENDPOINT: 'prism.lab', NUTANIX_PORT: '9440', NUTANIX_USERNAME: 'admin', NUTANIX_PASSWORD: 'nx-secret', NUTANIX_INSECURE: 'false' });
  });

  it('a deployment of a provider that is not connected is refused with "cloudya connect X first"', async () => {
    const env = homeWith('');
    const dir = tempHome();
    await expect(deploymentConnectionEnv('vmware/vm', env, dir)).rejects.toMatchObject({ code: 'not_connected', message: expect.stringContaining('vmware is not connected'), hint: expect.stringContaining('cloudya connect vmware first') });
    await expect(deploymentConnectionEnv('aws/ec2', env, dir)).rejects.toMatchObject({ code: 'not_connected' });
    // Templates of providers Cloudya does not connect to (local/demo) need nothing.
    expect(await deploymentConnectionEnv('local/demo', env, dir)).toEqual({});
  });

  it('AWS without a connection is fine when the provider has its own credentials (environment or ~/.aws), or the template sets them', async () => {
    const env = homeWith('');
    const dir = tempHome();
    expect(await deploymentConnectionEnv('aws/vpc', { ...env, AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'x' }, dir)).toEqual({});
    mkdirSync(path.join(env.HOME!, '.aws'));
    writeFileSync(path.join(env.HOME!, '.aws/config'), '[default]\nregion = eu-west-3\n');
    expect(await deploymentConnectionEnv('aws/vpc', env, dir)).toEqual({});
    const bare = homeWith('');
    writeFileSync(path.join(dir, 'override.tf'), 'provider "aws" {\n  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "test"\n}\n');
    expect(await deploymentConnectionEnv('aws/vpc', bare, dir)).toEqual({});
  });

  it('a connection whose secret variable is not set is named before Terraform runs', async () => {
    const env = homeWith(`nutanix:\n  endpoint: prism.lab\n  username: admin\n  password_env: NX_UNSET\n${at}`);
    await expect(connectionEnv('nutanix', env)).rejects.toThrow(/NX_UNSET that holds the password is not set/);
  });
});
