import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { google, serviceAccount } from '../../helpers/provider-doubles/google.js';
import { providerSuite } from './suite.js';

const sa = serviceAccount();
const other = serviceAccount();

// A service-account key file whose token_uri points at the double; google-auth-library signs the JWT.
providerSuite({
  provider: 'gcp',
  secret: sa.privateKeyPem,
  wrongSecret: other.privateKeyPem,
  probe: sa.privateKeyPem.split('\n')[5],
  handler: () => google(sa.publicKey, sa.email, sa.project),
  args: (d, home) => ['--key-file', path.join(home, 'sa.json'), '--project', sa.project, '--endpoint', d.url],
  env: (secret, home, d) => {
    writeFileSync(path.join(home, 'sa.json'), JSON.stringify(sa.keyFile(`${d.url}/token`, secret)), { mode: 0o600 });
    return {};
  },
  identity: /project: demo-project[\s\S]*deployer@demo-project\.iam\.gserviceaccount\.com|project=demo-project/,
  expired: true,
});
