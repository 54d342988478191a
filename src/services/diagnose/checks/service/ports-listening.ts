/** Expected TCP ports are listening, owned by the service, and accept a connection on loopback. */
import { listDir } from '../../host/files.js';
import { finding, t } from '../../finding.js';
import { listProcesses, socketInodes } from '../../host/processes.js';
import { tcpConnect } from '../../host/probe.js';
import { listeningSockets, type TcpSocket } from '../../host/sockets.js';
import { expectedPorts, serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check, Finding } from '../../types.js';

const ID = 'ports-listening';

/** The loopback address to probe a listener through, or undefined when it is bound to another address only. */
export function loopbackFor(s: TcpSocket): string | undefined {
  if (s.address === '0.0.0.0' || s.address.startsWith('127.')) return s.address === '0.0.0.0' ? '127.0.0.1' : s.address;
  if (s.address === '::' || s.address === '::1') return '::1';
  if (s.address.startsWith('::ffff:127.')) return s.address.slice(7);
  return undefined;
}

/** Which process holds each listening socket inode (only what /proc lets us read). */
function socketOwners(inodes: Set<number>): Map<number, string> {
  const owners = new Map<number, string>();
  if (!inodes.size) return owners;
  for (const p of listProcesses()) {
    if (!listDir(`/proc/${p.pid}/fd`).length) continue;
    for (const ino of socketInodes(p.pid)) if (inodes.has(ino) && !owners.has(ino)) owners.set(ino, `${p.pid} (${p.comm})`);
  }
  return owners;
}

const check: Check = {
  id: ID,
  title: t('Expected ports listening and answering', 'Ports attendus en écoute et qui répondent'),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    const label = s.known?.name ?? s.name;
    const { ports, source } = await expectedPorts(ctx, s);
    const listeners = listeningSockets();
    const mine = new Set(s.processes.flatMap((p) => [...socketInodes(p.pid)]));
    const ownPorts = [...new Set(listeners.filter((l) => mine.has(l.inode)).map((l) => l.port))].sort((a, b) => a - b);
    if (!ports.length && !ownPorts.length) {
      return [finding(ID, 'info', t(`No port known for ${label}`, `Aucun port connu pour ${label}`), t(`expected ports: ${source}; its processes listen on no TCP port`, `ports attendus : ${source} ; ses processus n'écoutent sur aucun port TCP`), t(`If it should listen, say where: cloudya diagnose service ${s.name} --ports PORT`, `S'il doit écouter, indiquez où : cloudya diagnose service ${s.name} --ports PORT`))];
    }
    const out: Finding[] = [];
    const oks: string[] = [];
    const owners = socketOwners(new Set(listeners.filter((l) => ports.includes(l.port) && !mine.has(l.inode)).map((l) => l.inode)));
    for (const port of [...new Set([...ports, ...ownPorts])].sort((a, b) => a - b)) {
      const socks = listeners.filter((l) => l.port === port);
      const expected = ports.includes(port);
      if (!socks.length) {
        out.push(
          finding(
            ID,
            'critical',
            t(`Port ${port} is expected but nothing listens on it`, `Le port ${port} est attendu mais rien n'y écoute`),
            t(`expected ports ${ports.join(', ')} (from ${source}); listening TCP ports here: ${[...new Set(listeners.map((l) => l.port))].sort((a, b) => a - b).join(', ') || 'none'}`, `ports attendus ${ports.join(', ')} (selon ${source}) ; ports TCP en écoute ici : ${[...new Set(listeners.map((l) => l.port))].sort((a, b) => a - b).join(', ') || 'aucun'}`),
            s.processes.length
              ? t(`${label} runs but did not bind ${port}: check its listen/bind directives and its error log ("Address already in use", permission denied below 1024), then reload it.`, `${label} tourne mais n'a pas ouvert ${port} : vérifiez ses directives listen/bind et son journal d'erreurs (« Address already in use », droits sous 1024), puis rechargez-le.`)
              : t(`${label} is not running: start it, then check again.`, `${label} ne tourne pas : démarrez-le, puis revérifiez.`),
          ),
        );
        continue;
      }
      const foreign = socks.filter((l) => !mine.has(l.inode));
      if (expected && s.processes.length && foreign.length === socks.length) {
        const who = foreign.map((l) => owners.get(l.inode) ?? t('an unknown process', 'un processus inconnu')).join(', ');
        out.push(finding(ID, 'warning', t(`Port ${port} is held by another process`, `Le port ${port} est tenu par un autre processus`), t(`${foreign.map((l) => `${l.address}:${l.port}`).join(', ')} belongs to ${who}, not to ${label}`, `${foreign.map((l) => `${l.address}:${l.port}`).join(', ')} appartient à ${who}, pas à ${label}`), t(`Stop the other program or move one of them to another port (ss -ltnp sport = :${port}).`, `Arrêtez l'autre programme ou déplacez l'un des deux sur un autre port (ss -ltnp sport = :${port}).`)));
        continue;
      }
      const target = socks.map(loopbackFor).find(Boolean);
      if (!target) {
        oks.push(t(`${port} listening on ${socks.map((l) => l.address).join(', ')} (not probed: only loopback is probed)`, `${port} en écoute sur ${socks.map((l) => l.address).join(', ')} (non testé : seul le loopback est testé)`));
        continue;
      }
      const r = await tcpConnect(target, port, 2000);
      if (r.ok) oks.push(t(`${port} listening (${socks.map((l) => l.address).join(', ')}), connect to ${target} in ${r.ms} ms${socks[0].rxQueue ? `, ${socks[0].rxQueue} waiting in accept queue` : ''}`, `${port} en écoute (${socks.map((l) => l.address).join(', ')}), connexion à ${target} en ${r.ms} ms${socks[0].rxQueue ? `, ${socks[0].rxQueue} en file d'attente` : ''}`));
      else out.push(finding(ID, 'critical', t(`Port ${port} listens but does not accept connections`, `Le port ${port} écoute mais n'accepte pas de connexion`), `connect ${target}:${port}: ${r.error}`, t(`The process is stuck or its accept queue is full: look at its threads and load (top -H -p PID), its error log, and the tcp-listen-overflows system check; restart it if it does not recover.`, `Le processus est bloqué ou sa file d'attente est pleine : regardez ses threads et sa charge (top -H -p PID), son journal d'erreurs et la vérification tcp-listen-overflows ; redémarrez-le s'il ne récupère pas.`)));
    }
    if (oks.length && !out.length) return [finding(ID, 'ok', t(`Port(s) ${[...new Set([...ports, ...ownPorts])].join(', ')} answer`, `Port(s) ${[...new Set([...ports, ...ownPorts])].join(', ')} répondent`), `${oks.join(t('; ', ' ; '))} (${t('expected from', 'attendus selon')} ${source})`)];
    if (oks.length) out.push(finding(ID, 'ok', t('Other ports answer', 'Les autres ports répondent'), oks.join(t('; ', ' ; '))));
    return out;
  },
};

export default check;
