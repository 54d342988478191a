/**
 * Parsers of /proc files and tool outputs. The /proc, nginx, dmesg and chronyc fixtures were recorded on a
 * real machine; the systemctl and ext4 ones are hand-written in the tools' format (no systemd or failing
 * disk here). test/fixtures/diagnose/README.md says which is which.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGED_OUT_MS, oomSeverity, parseOomVictims, problemVictims } from '../../../src/services/diagnose/checks/system/oom-kills.js';
import { filesystemErrorLines } from '../../../src/services/diagnose/checks/system/filesystem-errors.js';
import { fstabReadOnly, unexpectedReadOnly } from '../../../src/services/diagnose/checks/system/readonly-filesystems.js';
import { parseChronyTracking } from '../../../src/services/diagnose/checks/system/clock-sync.js';
import { parseHosts, parseResolvConf } from '../../../src/services/diagnose/checks/system/dns-resolution.js';
import { parseFileNr } from '../../../src/services/diagnose/checks/system/fd-exhaustion.js';
import { swapRates } from '../../../src/services/diagnose/checks/system/swap-activity.js';
import { installedKernels } from '../../../src/services/diagnose/checks/system/pending-reboot.js';
import { errorLocation } from '../../../src/services/diagnose/checks/service/config-test.js';
import { cpuShares, dataMounts, parseCpuStat, parseKeyValues, parseLoadavg, parseMounts, parseNetstat } from '../../../src/services/diagnose/host/procfs.js';
import { parseProcStat } from '../../../src/services/diagnose/host/processes.js';
import { parseProcNetTcp } from '../../../src/services/diagnose/host/sockets.js';
import { parseFailedUnits, parseShow } from '../../../src/services/diagnose/host/systemd.js';
import { haproxyPorts, knownService, nginxErrorLogs, nginxListenPorts, sshdPorts } from '../../../src/services/diagnose/service/catalog.js';
import { isErrorLine, lineTime } from '../../../src/services/diagnose/service/log-lines.js';
import { growthPerHour } from '../../../src/services/diagnose/host/monitor-history.js';
import { ROOT } from '../../helpers/cli.js';

const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/diagnose', name), 'utf8');

describe('/proc parsers on recorded files', () => {
  it('reads meminfo in kB and vmstat counters', () => {
    const mi = parseKeyValues(fixture('proc-meminfo.txt'));
    expect(mi.get('MemTotal')).toBe(24684084);
    expect(mi.get('MemAvailable')).toBe(23923940);
    const vm = parseKeyValues(fixture('proc-vmstat.txt'));
    expect(vm.get('oom_kill')).toBe(1);
    expect(vm.get('pswpin')).toBe(0);
  });

  it('computes swap rates between two vmstat samples', () => {
    const a = fixture('proc-vmstat.txt');
    const b = a.replace(/^pswpin \d+$/m, 'pswpin 300').replace(/^pswpout \d+$/m, 'pswpout 100');
    expect(swapRates(a, b, 2000)).toEqual({ inRate: 150, outRate: 50, inTotal: 300, outTotal: 100 });
    expect(swapRates('nr_free_pages 1', 'nr_free_pages 2', 1000)).toBeUndefined();
  });

  it('reads the cpu line of /proc/stat and derives iowait/steal shares', () => {
    const a = parseCpuStat(fixture('proc-stat.txt'))!;
    expect(a).toMatchObject({ user: 85669, nice: 82, system: 13361, idle: 174799, iowait: 610, steal: 30 });
    const b = { ...a, idle: a.idle + 50, iowait: a.iowait + 30, steal: a.steal + 20, total: a.total + 100 };
    expect(cpuShares(a, b)).toEqual({ iowait: 30, steal: 20, busy: 20 });
  });

  it('reads loadavg and file-nr', () => {
    expect(parseLoadavg(fixture('proc-loadavg.txt'))).toEqual({ load1: 5.21, load5: 3.38, load15: 1.68, running: 2, tasks: 136 });
    expect(parseFileNr(fixture('proc-file-nr.txt'))).toEqual({ allocated: 702, max: 2466170 });
  });

  it('pairs the header and value lines of /proc/net/netstat', () => {
    const n = parseNetstat(fixture('proc-net-netstat.txt'));
    expect(n.get('TcpExt.ListenOverflows')).toBe(0);
    expect(n.get('TcpExt.TW')).toBe(31);
    expect([...n.keys()].some((k) => k.startsWith('IpExt.'))).toBe(true);
  });

  it('keeps data filesystems and drops pseudo ones from /proc/mounts', () => {
    const mounts = parseMounts(fixture('proc-mounts.txt'));
    const data = dataMounts(mounts).map((m) => m.mountpoint);
    expect(data).toContain('/');
    expect(data).toContain('/dev/shm');
    expect(data).not.toContain('/proc');
    expect(data).not.toContain('/sys/fs/cgroup/memory');
    expect(parseMounts('/dev/sda1 /mnt/my\\040disk ext4 rw 0 0')[0].mountpoint).toBe('/mnt/my disk');
  });

  it('finds the listening sockets nginx held in /proc/net/tcp and tcp6', () => {
    const v4 = parseProcNetTcp(fixture('proc-net-tcp.txt')).filter((s) => s.state === '0A');
    const v6 = parseProcNetTcp(fixture('proc-net-tcp6.txt')).filter((s) => s.state === '0A');
    expect(v4.find((s) => s.port === 18085)).toMatchObject({ address: '127.0.0.1', rxQueue: 0 });
    expect(v6.find((s) => s.port === 18086)).toMatchObject({ address: '::' });
    expect(parseProcNetTcp(fixture('proc-net-tcp.txt')).some((s) => s.state === '06')).toBe(true);
  });

  it('parses /proc/PID/stat including the name in parentheses', () => {
    expect(parseProcStat(fixture('proc-pid-stat.txt'))).toMatchObject({ pid: 30019, comm: 'nginx', state: 'S', ppid: 30011, threads: 1 });
    expect(parseProcStat('42 (my (odd) name) Z 7 0 0 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 99 0 0')).toMatchObject({ pid: 42, comm: 'my (odd) name', state: 'Z', ppid: 7, utime: 3, stime: 4 });
  });
});

describe('kernel log and tool outputs', () => {
  it('a kill inside a Cloudya sandbox run (its own memory limit) is contained, not a host problem', () => {
    const sandbox = parseOomVictims(fixture('dmesg-sandbox-oom.txt').split('\n'));
    expect(sandbox).toHaveLength(1);
    expect(sandbox[0]).toMatchObject({ name: 'perl', cgroup: true, sandbox: true });
    expect(sandbox[0].memcg).toMatch(/cloudya-\d+-\d+$/);
    const killedAt = new Date(2026, 11, 6, 12, 22, 10).getTime();
    expect(problemVictims(sandbox, killedAt + 60_000)).toEqual([]);
    // The same log with a host-wide kill after it: only that one is a problem.
    const host = '[Sun Dec  6 12:30:00 2026] Out of memory: Killed process 777 (java) total-vm:1kB, anon-rss:1kB';
    const both = parseOomVictims([...fixture('dmesg-sandbox-oom.txt').split('\n'), host]);
    expect(problemVictims(both, killedAt + 3_600_000).map((v) => v.name)).toEqual(['java']);
    // A container's own cgroup (not Cloudya's) stays a problem to look at.
    expect(parseOomVictims(fixture('dmesg.txt').split('\n'))[0].sandbox).toBeUndefined();
  });

  it('kills older than a week age out; undated kills are kept (their age is unknown)', () => {
    const host = parseOomVictims(['[Sun Dec  6 12:30:00 2026] Out of memory: Killed process 777 (java) total-vm:1kB', 'Out of memory: Killed process 778 (ruby) total-vm:1kB']);
    const at = new Date(2026, 11, 6, 12, 30, 0).getTime();
    expect(problemVictims(host, at + AGED_OUT_MS - 60_000).map((v) => v.name)).toEqual(['java', 'ruby']);
    expect(problemVictims(host, at + AGED_OUT_MS + 60_000).map((v) => v.name)).toEqual(['ruby']);
  });

  it('names the victim of the real memory-cgroup OOM kill recorded here', () => {
    const victims = parseOomVictims(fixture('dmesg.txt').split('\n'));
    expect(victims).toHaveLength(1);
    expect(victims[0]).toMatchObject({ pid: 28574, name: 'python3', cgroup: true });
    // Critical while recent, a warning once it is more than a day old.
    const killedAt = new Date(2026, 10, 25, 12, 50, 21).getTime();
    expect(oomSeverity(victims, killedAt + 3_600_000)).toBe('critical');
    expect(oomSeverity(victims, killedAt + 3 * 86_400_000)).toBe('warning');
    expect(oomSeverity([{ ...victims[0], line: '2026-11-25T12:50:21+0000 vm kernel: Out of memory: Killed process 1 (x)' }], Date.parse('2026-11-25T13:00:00Z'))).toBe('critical');
  });

  it('picks filesystem error lines and ignores normal mount messages', () => {
    const lines = filesystemErrorLines(fixture('kern-ext4-errors.txt').split('\n'));
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toContain('Remounting filesystem read-only');
    expect(filesystemErrorLines(fixture('dmesg.txt').split('\n'))).toEqual([]);
  });

  it('reads systemctl show and list-units --failed output', () => {
    const props = parseShow(fixture('systemctl-show-nginx-failed.txt'));
    expect(props.get('ActiveState')).toBe('failed');
    expect(props.get('NRestarts')).toBe('6');
    expect(props.get('ControlGroup')).toBe('');
    expect(parseFailedUnits(fixture('systemctl-list-failed.txt')).map((u) => u.unit)).toEqual(['nginx.service', 'logrotate.service']);
    expect(parseFailedUnits('● cron.service loaded failed failed Regular background program processing daemon\n')[0]).toMatchObject({ unit: 'cron.service', active: 'failed' });
  });

  it('reads chronyc tracking', () => {
    expect(parseChronyTracking(fixture('chronyc-tracking.txt'))).toEqual({ leap: 'Not synchronised', offset: -42.518231964 });
    // Real chronyd 4.3 answers (recorded), synchronised to a server and with no source yet.
    expect(parseChronyTracking(fixture('chronyc-tracking-synchronised.txt'))).toEqual({ leap: 'Normal', offset: 0.000001369 });
    expect(parseChronyTracking(fixture('chronyc-tracking-unsynchronised.txt'))).toEqual({ leap: 'Not synchronised', offset: -0.000000041 });
  });

  it('reads resolv.conf and /etc/hosts', () => {
    expect(parseResolvConf(fixture('resolv.conf')).nameservers).toEqual(['10.255.255.53']);
    expect(parseResolvConf('# c\nnameserver 127.0.0.53\nsearch corp.example lan\noptions edns0 trust-ad\n')).toEqual({ nameservers: ['127.0.0.53'], search: ['corp.example', 'lan'], options: ['edns0', 'trust-ad'] });
    expect(parseHosts(fixture('hosts')).get('localhost')).toEqual(['127.0.0.1']);
  });

  it('reads ports and error logs from nginx -T and locates the nginx -t error', () => {
    const dump = fixture('nginx-T.txt');
    expect(nginxListenPorts(dump)).toEqual([18085, 18086]);
    expect(nginxErrorLogs(dump)).toEqual(['/tmp/ngt/error2.log']);
    expect(nginxListenPorts('server {\n  listen 80 default_server;\n  listen [::]:443 ssl;\n  # listen 8080;\n  listen unix:/run/x.sock;\n}')).toEqual([80, 443]);
    expect(errorLocation(fixture('nginx-t-broken.txt'))).toEqual({ file: '/tmp/ngt/bad.conf', line: 3 });
  });

  it('reads ports of sshd -T and haproxy bind lines', () => {
    expect(sshdPorts('port 22\nport 2222\naddressfamily any\n')).toEqual([22, 2222]);
    expect(haproxyPorts('frontend fe\n  bind *:80\n  bind :::443 v4v6 ssl crt /etc/ssl/x.pem\n  bind 127.0.0.1:8404,127.0.0.1:8405\n')).toEqual([80, 443, 8404, 8405]);
  });

  it('maps typed service names to the catalogue', () => {
    expect(knownService('sshd')?.name).toBe('ssh');
    expect(knownService('nginx.service')?.name).toBe('nginx');
    expect(knownService('php8.2-fpm')?.name).toBe('php-fpm');
    // MariaDB has no --validate-config (it would start the server as root to reject it): its --help fails on bad options.
    const mysql = knownService('mariadb')?.configTest;
    expect(mysql?.args(undefined, 'mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)')).toEqual(['--verbose', '--help']);
    expect(mysql?.args('/etc/my.cnf', '/usr/sbin/mysqld  Ver 8.4.3 for Linux on x86_64 (MySQL Community Server - GPL)')).toEqual(['--defaults-file=/etc/my.cnf', '--validate-config']);
    expect(knownService('my-app')).toBeUndefined();
  });

  it('dates and classifies log lines', () => {
    const nginx = '2026/11/25 12:49:05 [error] 26639#26639: *1 open() "/x" failed (2: No such file or directory)';
    expect(isErrorLine(nginx)).toBe(true);
    expect(new Date(lineTime(nginx)!).getMinutes()).toBe(49);
    expect(isErrorLine('2026/11/25 12:49:05 [notice] 1#1: signal process started')).toBe(false);
    expect(lineTime('2026-11-25T10:00:00Z app ERROR boom')).toBe(Date.parse('2026-11-25T10:00:00Z'));
    const now = new Date(2026, 0, 2, 12, 0, 0);
    expect(new Date(lineTime('Dec 31 23:00:00 host sshd[1]: error: x', now)!).getFullYear()).toBe(2025);
  });

  it('sorts kernel versions numerically', () => {
    expect(installedKernels(['config-6.1.0-9-amd64', 'vmlinuz-6.1.0-13-amd64', 'vmlinuz-6.1.0-9-amd64'])).toEqual(['6.1.0-9-amd64', '6.1.0-13-amd64']);
  });

  it('fits the growth of a filesystem and lists fstab read-only mounts', () => {
    const h = 3_600_000;
    const g = growthPerHour([0, 1, 2, 3].map((i) => ({ ts: i * h, pct: 50 + 2 * i })))!;
    expect(g.slope).toBeCloseTo(2);
    expect(g.last).toBeCloseTo(56);
    expect(growthPerHour([{ ts: 0, pct: 1 }])).toBeUndefined();
    const intended = fstabReadOnly('# x\n/dev/sdb1 /data ext4 ro,noatime 0 2\n/dev/sdc1 /srv ext4 defaults 0 2\n');
    expect([...intended]).toEqual(['/data']);
    const mounts = parseMounts('/dev/sdb1 /data ext4 ro 0 0\n/dev/sdc1 /srv ext4 ro,relatime 0 0\n/dev/loop1 /snap/x squashfs ro 0 0\n');
    expect(unexpectedReadOnly(mounts, intended).map((m) => m.mountpoint)).toEqual(['/srv']);
  });
});
