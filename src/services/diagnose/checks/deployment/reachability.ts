/** Reachability of the addresses and URLs in the deployment's outputs (HTTP for URLs, TCP 22/80/443 for hosts). */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { userPaths } from '../../../../core/paths.js';
import { endpointsOf, isPrivateAddress, type Endpoint } from '../../../deployments/endpoints.js';
import { loadDeployment } from '../../../deployments/store.js';
import { finding, skipped, t } from '../../finding.js';
import type { Check, Finding } from '../../types.js';

const ID = 'deployment-reachability';
const HOST_PORTS = [22, 80, 443];

function tcp(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(t(`no answer within ${timeoutMs} ms`, `pas de réponse en ${timeoutMs} ms`)));
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/** GET a URL with node's http/https (fetch refuses some ports); any certificate is accepted: only the answer matters. */
function httpGet(url: string, timeoutMs: number, signal: AbortSignal): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.get(u, { timeout: timeoutMs, signal, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(t(`no answer within ${timeoutMs} ms`, `pas de réponse en ${timeoutMs} ms`)), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

async function probe(e: Endpoint, timeoutMs: number, signal: AbortSignal): Promise<{ ok: boolean; evidence: string }> {
  if (e.kind === 'url') {
    const t0 = performance.now();
    const r = await httpGet(e.target, timeoutMs, signal);
    const ms = Math.round(performance.now() - t0);
    if ('error' in r) return { ok: false, evidence: t(`GET ${e.target} (${e.output}): ${r.error}`, `GET ${e.target} (${e.output}) : ${r.error}`) };
    return { ok: r.status < 500, evidence: t(`GET ${e.target} (${e.output}): HTTP ${r.status} in ${ms} ms`, `GET ${e.target} (${e.output}) : HTTP ${r.status} en ${ms} ms`) };
  }
  const tried: string[] = [];
  for (const port of HOST_PORTS) {
    const error = await tcp(e.target, port, timeoutMs);
    if (!error) return { ok: true, evidence: t(`${e.target}:${port} (${e.output}) accepts TCP`, `${e.target}:${port} (${e.output}) accepte les connexions TCP`) };
    tried.push(t(`${port}: ${error}`, `${port} : ${error}`));
  }
  return { ok: false, evidence: t(`${e.target} (${e.output}): no answer on ${tried.join(', ')}`, `${e.target} (${e.output}) : pas de réponse sur ${tried.join(', ')}`) };
}

const check: Check = {
  id: ID,
  title: t('Reachability of the deployment outputs', 'Joignabilité des sorties du déploiement'),
  applies: (ctx) => ctx.kind === 'deployment' && !!ctx.target,
  async run(ctx) {
    const d = await loadDeployment(userPaths(ctx.env).deployments, ctx.target!);
    const endpoints = endpointsOf(d.outputs);
    if (!endpoints.length) return [skipped(ID, this.title, t('no address or URL in the outputs', 'aucune adresse ni URL dans les sorties'))];
    const timeoutMs = Math.min(5000, Number(ctx.config.get('diagnose.timeout_seconds') ?? 10) * 1000 / 2);
    const out: Finding[] = [];
    const privateOnes = endpoints.filter((e) => e.kind === 'host' && isPrivateAddress(e.target));
    const checked = endpoints.filter((e) => !privateOnes.includes(e));
    const results = await Promise.all(checked.map(async (e) => ({ e, ...(await probe(e, timeoutMs, ctx.signal)) })));
    for (const r of results.filter((x) => !x.ok)) {
      out.push(finding(ID, 'critical', t(`${r.e.target} does not answer`, `${r.e.target} ne répond pas`), r.evidence, t(`Check that the service behind ${r.e.output} is running and that firewalls/security groups allow you in (cloudya diagnose service <name> on the machine; the template's allowed_ssh_cidr for SSH).`, `Vérifiez que le service derrière ${r.e.output} tourne et que pare-feux/groupes de sécurité vous laissent passer (cloudya diagnose service <nom> sur la machine ; allowed_ssh_cidr du template pour SSH).`)));
    }
    const oks = results.filter((x) => x.ok);
    if (oks.length) out.push(finding(ID, 'ok', t(`${oks.length} output address(es) answer`, `${oks.length} adresse(s) de sortie répondent`), oks.map((x) => x.evidence).join('\n')));
    if (privateOnes.length) out.push(finding(ID, 'info', t(`${privateOnes.length} private address(es) not checked from here`, `${privateOnes.length} adresse(s) privée(s) non vérifiée(s) d'ici`), privateOnes.map((e) => `${e.target} (${e.output})`).join(', ')));
    return out;
  },
};

export default check;
