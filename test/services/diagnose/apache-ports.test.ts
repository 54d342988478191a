/**
 * Expected ports read from Apache's and MariaDB's own configuration (pure parsing; the real
 * Apache and MariaDB are diagnosed in test/commands/app-lamp-wordpress.test.ts, on the LAMP and
 * WordPress the suite installs once). The texts follow Debian 12's packaged files.
 */
import { describe, expect, it } from 'vitest';
import { apacheDumpPorts, apacheIncludedFiles, apacheModules, apachePorts } from '../../../src/services/diagnose/service/apache-ports.js';
import { mysqlPorts } from '../../../src/services/diagnose/service/catalog.js';

const DUMP = `Included configuration files:
  (*) /etc/apache2/apache2.conf
    (146) /etc/apache2/mods-enabled/alias.load
    (147) /etc/apache2/mods-enabled/alias.conf
    (150) /etc/apache2/ports.conf
    (222) /etc/apache2/conf-enabled/security.conf
    (225) /etc/apache2/sites-enabled/cy-lamp.conf
Loaded Modules:
 core_module (static)
 so_module (static)
 alias_module (shared)
 php_module (shared)
`;

const PORTS_CONF = `# If you just change the port or add more ports here, you will likely also
# have to change the VirtualHost statement in
# /etc/apache2/sites-enabled/000-default.conf

Listen 18080

<IfModule ssl_module>
\tListen 443
</IfModule>

<IfModule mod_gnutls.c>
\tListen 443
</IfModule>
`;

const SITE = `<VirtualHost 127.0.0.1:18081 [::1]:18081>
  ServerName localhost
  # Listen 9999
  DocumentRoot /var/www/cy
</VirtualHost>
`;

describe("Apache's expected ports", () => {
  it('reads the included files and loaded modules from the dump', () => {
    expect(apacheIncludedFiles(DUMP)).toEqual(['/etc/apache2/apache2.conf', '/etc/apache2/mods-enabled/alias.load', '/etc/apache2/mods-enabled/alias.conf', '/etc/apache2/ports.conf', '/etc/apache2/conf-enabled/security.conf', '/etc/apache2/sites-enabled/cy-lamp.conf']);
    expect([...apacheModules(DUMP)]).toEqual(['core_module', 'so_module', 'alias_module', 'php_module']);
  });

  it("takes Listen and VirtualHost ports, not Debian's Listen 443 while SSL is not loaded", () => {
    const files: Record<string, string> = { '/etc/apache2/ports.conf': PORTS_CONF, '/etc/apache2/sites-enabled/cy-lamp.conf': SITE };
    expect(apacheDumpPorts(DUMP, (f) => files[f])).toEqual({ ports: [18080, 18081], source: 'Listen/VirtualHost in /etc/apache2/ports.conf, /etc/apache2/sites-enabled/cy-lamp.conf' });
    // With mod_ssl loaded (by either name), 443 is expected too.
    const withSsl = apachePorts([{ path: 'ports.conf', text: PORTS_CONF }], new Set(['ssl_module']));
    expect(withSsl.listen).toEqual([443, 18080]);
    expect(apachePorts([{ path: 'p', text: '<IfModule !mod_ssl.c>\nListen 8080\n</IfModule>\n' }], new Set(['ssl_module'])).listen).toEqual([]);
  });

  it('reads every Listen form and honours Define/IfDefine and line continuations', () => {
    const text = 'Listen 80\nListen 192.0.2.1:8080 http\nListen [2001:db8::a00:20ff:fea7:ccea]:8443 https\nlisten \\\n  9090\nDefine WITH_ADMIN\n<IfDefine WITH_ADMIN>\nListen 7000\n</IfDefine>\n<IfDefine NOPE>\nListen 7001\n</IfDefine>\n<VirtualHost *:8081 _default_:* *>\n</VirtualHost>\n';
    const found = apachePorts([{ path: 'x.conf', text }], new Set());
    expect(found.listen).toEqual([80, 7000, 8080, 8443, 9090]);
    expect(found.virtualHosts).toEqual([8081]);
  });

  it('gives nothing when the dump lists no file, so the usual ports apply', () => {
    expect(apacheDumpPorts('AH00526: Syntax error on line 3', () => '')).toBeUndefined();
  });
});

describe("MariaDB's expected ports from mariadbd --verbose --help", () => {
  it('reads port, honours skip-networking, and maps port 0 to the built-in 3306', () => {
    expect(mysqlPorts('bind-address                  127.0.0.1\nport                          3307\nport-open-timeout             0\nskip-networking               FALSE\n')).toEqual([3307]);
    expect(mysqlPorts('port                          3306\nskip-networking               TRUE\n')).toEqual({ ports: [], source: 'skip-networking' });
    expect(mysqlPorts('port                          0\n')).toEqual([3306]);
    expect(mysqlPorts('Usage: mariadbd [OPTIONS]\n')).toBeUndefined();
  });
});
