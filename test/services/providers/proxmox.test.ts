import { proxmox } from '../../helpers/provider-doubles/rest.js';
import { providerSuite } from './suite.js';

// Proxmox answers an expired API token like any refused one (401), so there is no separate "expired" case.
providerSuite({
  provider: 'proxmox',
  secret: '7f3e9a52-5c4b-4f0e-9d1a-proxmox-secret',
  wrongSecret: '00000000-bad0-bad0-bad0-wrongsecret1',
  handler: () => proxmox('terraform@pve!ci', '7f3e9a52-5c4b-4f0e-9d1a-proxmox-secret'),
  args: (d) => ['--endpoint', d.url, '--token-id', 'terraform@pve!ci'],
  secretArgs: ['--secret-env', 'PVE_TOKEN_SECRET'],
  env: (secret) => ({ PVE_TOKEN_SECRET: secret }),
  identity: /version: 8\.2\.4[\s\S]*pve1 \(online\)|version=8\.2\.4/,
  expired: false,
  storable: true,
});
