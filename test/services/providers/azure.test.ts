import { azure } from '../../helpers/provider-doubles/azure.js';
import { providerSuite } from './suite.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0a1b2c3d-1111-2222-3333-444455556666';
const SUB = '12345678-1234-1234-1234-123456789012';
const SECRET = 'Az~Q8~double.client-secret_value';

// @azure/identity's ClientSecretCredential against a configurable authority host, then ARM.
providerSuite({
  provider: 'azure',
  secret: SECRET,
  wrongSecret: 'Az~wrong~secret-value-0000',
  handler: () => azure(TENANT, CLIENT, SECRET, SUB),
  args: (d) => ['--subscription', SUB, '--tenant', TENANT, '--client-id', CLIENT, '--authority-host', d.url, '--endpoint', d.url],
  secretArgs: ['--secret-env', 'AZ_SP_SECRET'],
  env: (secret) => ({ AZ_SP_SECRET: secret }),
  identity: /subscription: 12345678-1234-1234-1234-123456789012[\s\S]*tenant: 72f988bf|subscription=12345678/,
  expired: true,
  storable: true,
});
