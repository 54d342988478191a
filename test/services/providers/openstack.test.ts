import { keystone } from '../../helpers/provider-doubles/rest.js';
import { providerSuite } from './suite.js';

providerSuite({
  provider: 'openstack',
  secret: 'Os-Pa55-keystone-double',
  wrongSecret: 'Os-wrong-pass-3',
  handler: () => keystone('demo', 'Os-Pa55-keystone-double', 'demo-project'),
  args: (d) => ['--auth-url', `${d.url}/v3`, '--username', 'demo', '--project', 'demo-project'],
  secretArgs: ['--secret-env', 'MY_OS_PASSWORD'],
  env: (secret) => ({ MY_OS_PASSWORD: secret }),
  identity: /user: demo[\s\S]*project: demo-project[\s\S]*region: RegionOne|user=demo/,
  expired: true,
  storable: true,
});
