/**
 * What Cloudya knows about common services: their units, process names, default ports, log files
 * and configuration test. A service missing here is still diagnosed by unit and process name.
 */
import { apacheDumpPorts } from './apache-ports.js';

export interface ConfigTest {
  /** Executable candidates (first installed wins). */
  binaries: string[];
  /** Arguments, given the configuration file to test (undefined: the default one) and the `--version` output when asked for. */
  args(configFile: string | undefined, version: string): string[];
  /** Ask the binary its version first (one executable name, two programs: MySQL's and MariaDB's mysqld). */
  askVersion?: boolean;
  /** Lines that mean the test failed even when it exits 0 (MariaDB disables a plugin whose options are wrong, then exits 0). */
  errorLines?: RegExp;
  /** The test prints its verdict on stderr and pages of help on stdout. */
  ignoreStdout?: boolean;
}

/** Ports a dump gives: a bare list (empty: it did not say), or a list with where it came from (empty then means none by configuration). */
export type DumpPorts = number[] | { ports: number[]; source: string };

export interface KnownService {
  /** Canonical name shown to the user. */
  name: string;
  /** Names users type for it. */
  aliases: string[];
  /** systemd unit candidates, most likely first. */
  units: string[];
  /** Process names (/proc/PID/comm, 15 characters max). */
  processes: RegExp;
  /** Executables whose presence means "installed". */
  binaries: string[];
  /** Ports it listens on when its configuration does not say. */
  defaultPorts: number[];
  /** Speaks HTTP on its ports (probe with GET /). */
  web: boolean;
  logs: string[];
  configTest?: ConfigTest;
  /** Reads the ports from the output of `dump` (e.g. nginx -T). */
  portsFrom?: { binaries: string[]; args(configFile: string | undefined): string[]; parse(text: string): DumpPorts | undefined };
  /** Reads the ports straight from the configuration file (default path first). */
  portsFromFile?: { file: string; parse(text: string): number[] };
  /** Reads the error log paths from the same dump. */
  logsFrom?(text: string): string[];
}

/** Ports from nginx `listen` directives ("listen 80;", "listen [::]:443 ssl;", "listen 127.0.0.1:8080 default_server;"). */
export function nginxListenPorts(text: string): number[] {
  const ports = new Set<number>();
  for (const m of text.replace(/#.*$/gm, '').matchAll(/(?<=^|[{;])\s*listen\s+([^;\s]+)[^;]*;/gm)) {
    if (m[1].startsWith('unix:')) continue;
    const port = /(?:^|:)(\d{1,5})$/.exec(m[1])?.[1];
    ports.add(port ? Number(port) : 80);
  }
  return [...ports].sort((a, b) => a - b);
}

/** Error log paths from nginx `error_log` directives (stderr and syslog targets ignored). */
export function nginxErrorLogs(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.replace(/#.*$/gm, '').matchAll(/(?<=^|[{;])\s*error_log\s+([^;\s]+)/gm)) if (m[1].startsWith('/')) out.add(m[1]);
  return [...out];
}

/** Ports from `sshd -T` ("port 22" lines). */
export function sshdPorts(text: string): number[] {
  return [...text.matchAll(/^port (\d+)$/gm)].map((m) => Number(m[1]));
}

/** Ports from `mysqld --verbose --help` ("port  3306", "skip-networking  TRUE"); port 0 means the built-in 3306. */
export function mysqlPorts(text: string): DumpPorts | undefined {
  if (/^skip-networking\s+TRUE\s*$/m.test(text)) return { ports: [], source: 'skip-networking' };
  const port = /^port\s+(\d+)\s*$/m.exec(text)?.[1];
  return port === undefined ? undefined : [Number(port) || 3306];
}

/** Ports from haproxy `bind` lines ("bind *:80", "bind :::443 v4v6 ssl crt ..."). */
export function haproxyPorts(text: string): number[] {
  const ports = new Set<number>();
  for (const m of text.matchAll(/^\s*bind\s+(\S+)/gm)) {
    for (const part of m[1].split(',')) {
      const p = /:(\d{1,5})(?:-\d+)?$/.exec(part)?.[1];
      if (p) ports.add(Number(p));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

export const CATALOG: KnownService[] = [
  {
    name: 'nginx',
    aliases: ['nginx'],
    units: ['nginx.service'],
    processes: /^nginx$/,
    binaries: ['nginx'],
    defaultPorts: [80],
    web: true,
    logs: ['/var/log/nginx/error.log'],
    configTest: { binaries: ['nginx'], args: (f) => (f ? ['-t', '-c', f] : ['-t']) },
    portsFrom: { binaries: ['nginx'], args: (f) => (f ? ['-T', '-c', f] : ['-T']), parse: nginxListenPorts },
    logsFrom: nginxErrorLogs,
  },
  {
    name: 'apache2',
    aliases: ['apache2', 'apache', 'httpd'],
    units: ['apache2.service', 'httpd.service'],
    processes: /^(apache2|httpd)$/,
    binaries: ['apache2', 'httpd', 'apachectl', 'apache2ctl'],
    defaultPorts: [80],
    web: true,
    logs: ['/var/log/apache2/error.log', '/var/log/httpd/error_log'],
    configTest: { binaries: ['apache2ctl', 'apachectl'], args: (f) => (f ? ['-t', '-f', f] : ['configtest']) },
    // Debian's apache2 needs the variables its apache2ctl sets, so the control script, not the daemon, is asked.
    portsFrom: { binaries: ['apache2ctl', 'apachectl'], args: (f) => [...(f ? ['-f', f] : []), '-t', '-D', 'DUMP_INCLUDES', '-D', 'DUMP_MODULES'], parse: (text) => apacheDumpPorts(text) },
  },
  {
    name: 'ssh',
    aliases: ['ssh', 'sshd', 'openssh', 'openssh-server'],
    units: ['ssh.service', 'sshd.service'],
    processes: /^sshd$/,
    binaries: ['sshd'],
    defaultPorts: [22],
    web: false,
    logs: ['/var/log/auth.log', '/var/log/secure'],
    configTest: { binaries: ['sshd'], args: (f) => (f ? ['-t', '-f', f] : ['-t']) },
    portsFrom: { binaries: ['sshd'], args: (f) => (f ? ['-T', '-f', f] : ['-T']), parse: sshdPorts },
  },
  {
    name: 'haproxy',
    aliases: ['haproxy'],
    units: ['haproxy.service'],
    processes: /^haproxy$/,
    binaries: ['haproxy'],
    defaultPorts: [],
    web: true,
    logs: ['/var/log/haproxy.log'],
    configTest: { binaries: ['haproxy'], args: (f) => ['-c', '-f', f ?? '/etc/haproxy/haproxy.cfg'] },
    portsFromFile: { file: '/etc/haproxy/haproxy.cfg', parse: haproxyPorts },
  },
  {
    name: 'php-fpm',
    aliases: ['php-fpm', 'php-fpm7.4', 'php7.4-fpm', 'php8.1-fpm', 'php8.2-fpm', 'php8.3-fpm', 'php8.4-fpm', 'php-fpm8.2'],
    units: ['php-fpm.service', 'php8.4-fpm.service', 'php8.3-fpm.service', 'php8.2-fpm.service', 'php8.1-fpm.service', 'php7.4-fpm.service'],
    processes: /^php-fpm/,
    binaries: ['php-fpm', 'php-fpm8.4', 'php-fpm8.3', 'php-fpm8.2', 'php-fpm8.1', 'php-fpm7.4'],
    defaultPorts: [],
    web: false,
    logs: ['/var/log/php-fpm/error.log', '/var/log/php8.2-fpm.log', '/var/log/php8.3-fpm.log', '/var/log/php8.1-fpm.log', '/var/log/php7.4-fpm.log'],
    configTest: { binaries: ['php-fpm', 'php-fpm8.4', 'php-fpm8.3', 'php-fpm8.2', 'php-fpm8.1', 'php-fpm7.4'], args: (f) => (f ? ['-t', '-y', f] : ['-t']) },
  },
  {
    name: 'mysql',
    aliases: ['mysql', 'mysqld', 'mariadb', 'mariadbd'],
    units: ['mysql.service', 'mariadb.service', 'mysqld.service'],
    processes: /^(mysqld|mariadbd)$/,
    binaries: ['mysqld', 'mariadbd'],
    defaultPorts: [3306],
    web: false,
    logs: ['/var/log/mysql/error.log', '/var/log/mysqld.log', '/var/log/mariadb/mariadb.log'],
    // MySQL 8 has --validate-config (its --help no longer fails on bad options); MariaDB lacks it and
    // fails `--verbose --help` instead. Neither of these starts the server, so root is fine.
    configTest: {
      binaries: ['mariadbd', 'mysqld'],
      askVersion: true,
      args: (f, version) => [...(f ? [`--defaults-file=${f}`] : []), ...(/mariadb/i.test(version) ? ['--verbose', '--help'] : ['--validate-config'])],
      errorLines: /\[ERROR\]/,
      ignoreStdout: true,
    },
    portsFrom: { binaries: ['mariadbd', 'mysqld'], args: (f) => [...(f ? [`--defaults-file=${f}`] : []), '--verbose', '--help'], parse: mysqlPorts },
  },
  {
    name: 'postgresql',
    aliases: ['postgresql', 'postgres', 'postgresql@*'],
    units: ['postgresql.service'],
    processes: /^postgres$/,
    binaries: ['postgres', 'pg_ctl', 'pg_ctlcluster'],
    defaultPorts: [5432],
    web: false,
    logs: ['/var/log/postgresql/postgresql.log'],
  },
  {
    name: 'redis',
    aliases: ['redis', 'redis-server'],
    units: ['redis-server.service', 'redis.service'],
    processes: /^redis-server$/,
    binaries: ['redis-server'],
    defaultPorts: [6379],
    web: false,
    logs: ['/var/log/redis/redis-server.log'],
  },
  {
    name: 'caddy',
    aliases: ['caddy'],
    units: ['caddy.service'],
    processes: /^caddy$/,
    binaries: ['caddy'],
    defaultPorts: [80, 443],
    web: true,
    logs: [],
    configTest: { binaries: ['caddy'], args: (f) => ['validate', '--config', f ?? '/etc/caddy/Caddyfile'] },
  },
  { name: 'docker', aliases: ['docker', 'dockerd'], units: ['docker.service'], processes: /^dockerd$/, binaries: ['dockerd'], defaultPorts: [], web: false, logs: [] },
  { name: 'cron', aliases: ['cron', 'crond'], units: ['cron.service', 'crond.service'], processes: /^(cron|crond)$/, binaries: ['cron', 'crond'], defaultPorts: [], web: false, logs: ['/var/log/cron.log', '/var/log/cron'] },
];

/** The catalogue entry for a user-typed name ("sshd", "nginx.service", "php8.2-fpm"). */
export function knownService(name: string): KnownService | undefined {
  const bare = name.toLowerCase().replace(/\.service$/, '');
  return CATALOG.find((s) => s.aliases.includes(bare) || s.name === bare) ?? (/^php(\d+(\.\d+)?)?-fpm(\d+(\.\d+)?)?$/.test(bare) ? CATALOG.find((s) => s.name === 'php-fpm') : undefined);
}
