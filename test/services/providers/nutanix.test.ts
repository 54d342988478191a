import { prism } from '../../helpers/provider-doubles/rest.js';
import { providerSuite } from './suite.js';

// Prism answers an expired password with the same 401 as a wrong one: no separate case.
providerSuite({
  provider: 'nutanix',
  secret: 'Nx-Secret/42-double',
  wrongSecret: 'Nx-wrong-secret-77',
  handler: () => prism('admin', 'Nx-Secret/42-double'),
  args: (d) => ['--endpoint', d.url, '--username', 'admin'],
  secretArgs: ['--secret-env', 'PRISM_PASSWORD'],
  env: (secret) => ({ PRISM_PASSWORD: secret }),
  identity: /clusters: prod-ahv, Unnamed|clusters=prod-ahv,Unnamed/,
  expired: false,
  storable: true,
});
