import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sts } from '../../helpers/provider-doubles/aws.js';
import { providerSuite } from './suite.js';

const KEY_ID = 'AKIADOUBLEEXAMPLE7Q';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYdoubleKEY';

// The user's own ~/.aws/credentials profile; the SDK signs with it (SigV4 checked by the double).
providerSuite({
  provider: 'aws',
  secret: SECRET,
  wrongSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY0',
  handler: () => sts({ [KEY_ID]: SECRET }),
  args: (d) => ['--profile', 'deployer', '--region', 'eu-west-3', '--endpoint', d.url],
  env: (secret, home) => {
    mkdirSync(path.join(home, '.aws'), { recursive: true });
    writeFileSync(path.join(home, '.aws/credentials'), `[deployer]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${secret}\n`, { mode: 0o600 });
    return {};
  },
  identity: /account: 123456789012[\s\S]*arn:aws:iam::123456789012:user\/deployer|account=123456789012/,
  expired: true,
});
