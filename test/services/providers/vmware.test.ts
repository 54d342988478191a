import { vcenter } from '../../helpers/provider-doubles/rest.js';
import { providerSuite } from './suite.js';

// vCenter answers an expired password with the same 401 UNAUTHENTICATED as a wrong one: no separate case.
providerSuite({
  provider: 'vmware',
  secret: 'Vc-Pa55word!double',
  wrongSecret: 'Vc-wrong-password-1',
  handler: () => vcenter('administrator@vsphere.local', 'Vc-Pa55word!double'),
  args: (d) => ['--endpoint', d.url, '--username', 'administrator@vsphere.local'],
  secretArgs: ['--secret-env', 'VC_PASSWORD'],
  env: (secret) => ({ VC_PASSWORD: secret }),
  identity: /version: 8\.0\.2\.00100[\s\S]*hosts: 3|hosts=3/,
  expired: false,
  storable: true,
});
