/** TCP accept queue overflows (TcpExt ListenOverflows/ListenDrops): connections dropped because a server accepts too slowly. */
import { finding, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { parseNetstat } from '../../host/procfs.js';
import { sampleWindow, seconds, twoSamples } from '../../host/sample.js';
import { listeningSockets } from '../../host/sockets.js';
import type { Check } from '../../types.js';

const ID = 'tcp-listen-overflows';

const check: Check = {
  id: ID,
  title: t('TCP listen queue overflows', "Débordements des files d'attente TCP"),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem() || !readText('/proc/net/netstat')) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/net/netstat is not readable', '/proc/net/netstat est illisible'))];
    const window = sampleWindow(ctx);
    const [a, b] = await twoSamples(() => parseNetstat(readText('/proc/net/netstat') ?? ''), window, ctx.signal);
    if (!b.has('TcpExt.ListenOverflows')) return [skipped(ID, this.title, t('no TcpExt ListenOverflows counter in /proc/net/netstat', 'pas de compteur TcpExt ListenOverflows dans /proc/net/netstat'))];
    const overflows = b.get('TcpExt.ListenOverflows') ?? 0;
    const drops = b.get('TcpExt.ListenDrops') ?? 0;
    const recent = overflows - (a.get('TcpExt.ListenOverflows') ?? 0);
    const queued = listeningSockets().filter((s) => s.rxQueue > 0);
    const evidence = [
      t(`since boot: ListenOverflows ${overflows}, ListenDrops ${drops}; during a ${seconds(window)} sample: ${recent} new overflow(s)`, `depuis le démarrage : ListenOverflows ${overflows}, ListenDrops ${drops} ; pendant ${seconds(window)} : ${recent} nouveau(x) débordement(s)`),
      ...queued.slice(0, 5).map((s) => t(`listener ${s.address}:${s.port} has ${s.rxQueue} connection(s) waiting to be accepted`, `l'écoute ${s.address}:${s.port} a ${s.rxQueue} connexion(s) en attente d'acceptation`)),
    ].join('\n');
    if (overflows === 0 && drops === 0) return [finding(ID, 'ok', t('No listen queue overflow since boot', "Aucun débordement de file d'attente depuis le démarrage"), evidence)];
    const fix = t(
      'A server accepts connections slower than they arrive. Find it: ss -ltn (Recv-Q close to Send-Q). Give it more workers, raise its backlog (nginx listen ... backlog=4096, somaxconn) and net.core.somaxconn / net.ipv4.tcp_max_syn_backlog.',
      "Un serveur accepte les connexions moins vite qu'elles n'arrivent. Trouvez-le : ss -ltn (Recv-Q proche de Send-Q). Donnez-lui plus de workers, augmentez son backlog (nginx listen ... backlog=4096, somaxconn) et net.core.somaxconn / net.ipv4.tcp_max_syn_backlog.",
    );
    if (recent > 0) return [finding(ID, 'critical', t(`Connections are being dropped now (${recent} overflow(s) in ${seconds(window)})`, `Des connexions sont perdues en ce moment (${recent} débordement(s) en ${seconds(window)})`), evidence, fix)];
    return [finding(ID, 'warning', t(`${overflows} listen queue overflow(s) since boot`, `${overflows} débordement(s) de file d'attente depuis le démarrage`), evidence, fix)];
  },
};

export default check;
