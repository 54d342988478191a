/** An HTTP GET / on the web server's loopback ports: it must answer, and not with a 5xx. */
import { finding, skipped, t } from '../../finding.js';
import { socketInodes } from '../../host/processes.js';
import { httpProbe } from '../../host/probe.js';
import { listeningSockets } from '../../host/sockets.js';
import { expectedPorts, serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check, Finding } from '../../types.js';
import { loopbackFor } from './ports-listening.js';

const ID = 'http-probe';

const check: Check = {
  id: ID,
  title: t('HTTP answer on loopback', 'Réponse HTTP en local'),
  applies: async (ctx) => (await serviceFound(ctx)) && !!(await serviceTarget(ctx)).known?.web,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    const label = s.known?.name ?? s.name;
    const { ports } = await expectedPorts(ctx, s);
    const mine = new Set(s.processes.flatMap((p) => [...socketInodes(p.pid)]));
    const socks = listeningSockets().filter((l) => mine.has(l.inode) || (ports.includes(l.port) && !s.processes.length));
    const targets = new Map<number, string>();
    for (const l of socks) {
      const host = loopbackFor(l);
      if (host && !targets.has(l.port) && l.port !== 443 && l.port !== 8443) targets.set(l.port, host);
    }
    if (!targets.size) return [skipped(ID, this.title, t(`${label} has no plain-HTTP port reachable on loopback to probe`, `${label} n'a pas de port HTTP en clair joignable en local à tester`))];
    const out: Finding[] = [];
    const oks: string[] = [];
    for (const [port, host] of targets) {
      const r = await httpProbe(host, port, 3000);
      const where = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
      if (!r.ok) {
        out.push(finding(ID, 'critical', t(`${where} does not answer HTTP`, `${where} ne répond pas en HTTP`), t(`GET ${where}: ${r.error}`, `GET ${where} : ${r.error}`), t(`The port accepts TCP but no HTTP answer came: the workers may be hung or overloaded (check the error log and worker count), or the port speaks TLS only (then test with curl -k https://...).`, `Le port accepte TCP mais aucune réponse HTTP : les workers sont peut-être bloqués ou surchargés (voir le journal d'erreurs et le nombre de workers), ou le port ne parle que TLS (testez alors avec curl -k https://...).`)));
      } else if (r.status >= 500) {
        out.push(finding(ID, 'critical', t(`${where} answers ${r.status}`, `${where} répond ${r.status}`), t(`GET ${where}: HTTP ${r.status} in ${r.ms} ms`, `GET ${where} : HTTP ${r.status} en ${r.ms} ms`), t(`A 5xx from the web server itself usually means its upstream (application, PHP-FPM, socket) is down or failing: check the upstream service (cloudya diagnose service php-fpm, ...) and the error log lines below.`, `Un 5xx du serveur web signifie souvent que son amont (application, PHP-FPM, socket) est arrêté ou en erreur : vérifiez le service amont (cloudya diagnose service php-fpm, ...) et les lignes d'erreur ci-dessous.`)));
      } else oks.push(t(`GET ${where}: HTTP ${r.status} in ${r.ms} ms`, `GET ${where} : HTTP ${r.status} en ${r.ms} ms`));
    }
    if (oks.length) out.push(finding(ID, 'ok', t(`${label} answers HTTP`, `${label} répond en HTTP`), oks.join(t('; ', ' ; '))));
    return out;
  },
};

export default check;
