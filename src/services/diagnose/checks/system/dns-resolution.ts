/**
 * DNS: the resolver configuration, and lookups that stay on this machine (localhost and the host's
 * own name, only when /etc/hosts answers them; a loopback stub resolver is probed by TCP connect).
 * No query ever leaves the host.
 */
import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { finding, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { tcpConnect } from '../../host/probe.js';
import type { Check, Finding } from '../../types.js';

const ID = 'dns-resolution';

/** Nameservers and search domains of /etc/resolv.conf. */
export function parseResolvConf(text: string): { nameservers: string[]; search: string[]; options: string[] } {
  const out = { nameservers: [] as string[], search: [] as string[], options: [] as string[] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    if (key === 'search' || key === 'domain') out.search.push(...rest);
    if (key === 'options') out.options.push(...rest);
  }
  return out;
}

/** Names /etc/hosts maps (lower case) to their addresses. */
export function parseHosts(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const [addr, ...names] = raw.replace(/#.*$/, '').trim().split(/\s+/);
    if (!addr || !names.length) continue;
    for (const n of names) out.set(n.toLowerCase(), [...(out.get(n.toLowerCase()) ?? []), addr]);
  }
  return out;
}

const isLoopback = (ip: string) => ip.startsWith('127.') || ip === '::1';

const check: Check = {
  id: ID,
  title: t('DNS resolution', 'Résolution DNS'),
  applies: (ctx) => ctx.kind === 'system',
  async run() {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    const conf = readText('/etc/resolv.conf');
    const hosts = parseHosts(readText('/etc/hosts') ?? '');
    const out: Finding[] = [];
    const evidence: string[] = [];
    if (conf === undefined) {
      out.push(finding(ID, 'critical', t('/etc/resolv.conf is missing', '/etc/resolv.conf est absent'), t('no resolver configuration: every name lookup beyond /etc/hosts fails', 'pas de configuration du résolveur : toute résolution hors /etc/hosts échoue'), t('Restore it: a symlink to /run/systemd/resolve/stub-resolv.conf with systemd-resolved, or a file with "nameserver IP" lines (your network\'s resolver).', 'Restaurez-le : un lien vers /run/systemd/resolve/stub-resolv.conf avec systemd-resolved, ou un fichier avec des lignes « nameserver IP » (le résolveur de votre réseau).')));
    } else {
      const rc = parseResolvConf(conf);
      evidence.push(`/etc/resolv.conf: nameserver ${rc.nameservers.join(', ') || '-'}${rc.search.length ? `; search ${rc.search.join(' ')}` : ''}`);
      if (!rc.nameservers.length) {
        out.push(finding(ID, 'critical', t('No nameserver in /etc/resolv.conf', 'Aucun nameserver dans /etc/resolv.conf'), evidence[0], t('Add "nameserver IP" lines (your network\'s resolver) or let your network manager / systemd-resolved write the file.', 'Ajoutez des lignes « nameserver IP » (le résolveur de votre réseau) ou laissez votre gestionnaire réseau / systemd-resolved écrire le fichier.')));
      }
      if (rc.nameservers.length > 3) evidence.push(t(`only the first 3 nameservers are used (${rc.nameservers.length} listed)`, `seuls les 3 premiers nameservers servent (${rc.nameservers.length} listés)`));
      for (const ns of rc.nameservers.filter(isLoopback)) {
        const r = await tcpConnect(ns, 53, 1500);
        evidence.push(`${ns}:53 ${t('(loopback stub):', '(résolveur local) :')} ${r.ok ? t('answers', 'répond') : r.error}`);
        if (!r.ok) {
          out.push(
            finding(ID, 'critical', t(`Local resolver ${ns} does not answer`, `Le résolveur local ${ns} ne répond pas`), evidence.join('\n'), t(`resolv.conf points at ${ns} but nothing listens on port 53: start the local resolver (systemctl restart systemd-resolved, or dnsmasq/unbound), or point resolv.conf at a reachable nameserver.`, `resolv.conf pointe vers ${ns} mais rien n'écoute sur le port 53 : démarrez le résolveur local (systemctl restart systemd-resolved, ou dnsmasq/unbound), ou pointez resolv.conf vers un nameserver joignable.`)),
          );
        }
      }
    }
    // Only names /etc/hosts answers are looked up, so no query leaves the machine.
    for (const name of ['localhost', os.hostname()]) {
      if (!hosts.has(name.toLowerCase())) {
        if (name === 'localhost') {
          out.push(finding(ID, 'warning', t('localhost is not in /etc/hosts', "localhost n'est pas dans /etc/hosts"), evidence.concat(t('/etc/hosts has no localhost line', "/etc/hosts n'a pas de ligne localhost")).join('\n'), t('Add "127.0.0.1 localhost" and "::1 localhost ip6-localhost" to /etc/hosts; without them "localhost" goes to the network resolver.', 'Ajoutez « 127.0.0.1 localhost » et « ::1 localhost ip6-localhost » à /etc/hosts ; sans elles, « localhost » part vers le résolveur réseau.')));
        } else {
          out.push(finding(ID, 'info', t(`The host name "${name}" is not in /etc/hosts`, `Le nom d'hôte « ${name} » n'est pas dans /etc/hosts`), t(`not looked up, to keep the check on this machine; sudo and some daemons resolve their own name at start and stall if DNS cannot`, `non résolu, pour rester sur cette machine ; sudo et certains démons résolvent leur propre nom au démarrage et bloquent si le DNS n'y arrive pas`), t(`Add "127.0.1.1 ${name}" to /etc/hosts (Debian convention), or make sure DNS knows it.`, `Ajoutez « 127.0.1.1 ${name} » à /etc/hosts (convention Debian), ou assurez-vous que le DNS le connaît.`)));
        }
        continue;
      }
      try {
        const addrs = await lookup(name, { all: true });
        evidence.push(`${name} -> ${addrs.map((a) => a.address).join(', ')}`);
      } catch (err) {
        evidence.push(`${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        out.push(finding(ID, 'critical', t(`Cannot resolve ${name}`, `Impossible de résoudre ${name}`), evidence.join('\n'), t('Check the "hosts:" line of /etc/nsswitch.conf (it should start with "files") and the permissions of /etc/hosts (644).', 'Vérifiez la ligne « hosts: » de /etc/nsswitch.conf (elle doit commencer par « files ») et les droits de /etc/hosts (644).')));
      }
    }
    if (out.some((f) => f.severity === 'critical' || f.severity === 'warning')) return out;
    return [finding(ID, 'ok', t('Resolver configured, local names resolve', 'Résolveur configuré, noms locaux résolus'), evidence.join('\n')), ...out];
  },
};

export default check;
