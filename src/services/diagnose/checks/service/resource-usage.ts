/** CPU, memory and file descriptors used by the service's processes (CPU sampled over one second). */
import os from 'node:os';
import { bytes, finding, pct, severityOf, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { maxOpenFiles, openFiles, parseProcStat } from '../../host/processes.js';
import { parseKeyValues } from '../../host/procfs.js';
import { pause, sampleWindow, seconds as secs } from '../../host/sample.js';
import { serviceFound, serviceTarget } from '../../service/resolve.js';
import { levels } from '../../thresholds.js';
import type { Check, Finding } from '../../types.js';

const ID = 'resource-usage';
/** USER_HZ: /proc CPU times are in 1/100 s on every Linux architecture in use. */
const TICKS = 100;
const PAGE = 4096;
const FD_WARNING = 80;

const check: Check = {
  id: ID,
  title: t('CPU, memory and open files', 'CPU, mémoire et fichiers ouverts'),
  applies: async (ctx) => (await serviceFound(ctx)) && (await serviceTarget(ctx)).processes.length > 0,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    const label = s.known?.name ?? s.name;
    const cpuOf = (pid: number) => {
      const st = parseProcStat(readText(`/proc/${pid}/stat`) ?? '');
      return st ? st.utime + st.stime : undefined;
    };
    const before = new Map(s.processes.map((p) => [p.pid, cpuOf(p.pid)]));
    const t0 = performance.now();
    const window = sampleWindow(ctx);
    await pause(window, ctx.signal);
    const seconds = (performance.now() - t0) / 1000;
    let ticks = 0;
    let rss = 0;
    let fds = 0;
    const nearLimit: string[] = [];
    for (const p of s.processes) {
      const a = before.get(p.pid);
      const b = cpuOf(p.pid);
      if (a !== undefined && b !== undefined) ticks += b - a;
      const st = parseProcStat(readText(`/proc/${p.pid}/stat`) ?? '');
      rss += (st?.rssPages ?? 0) * PAGE;
      const open = openFiles(p.pid) ?? 0;
      fds += open;
      const limit = maxOpenFiles(p.pid);
      if (limit && Number.isFinite(limit) && (100 * open) / limit >= FD_WARNING) nearLimit.push(`${p.pid} ${p.comm}: ${open} / ${limit}`);
    }
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const cpuPct = (100 * ticks) / TICKS / seconds / cores;
    const memTotal = (parseKeyValues(readText('/proc/meminfo') ?? '').get('MemTotal') ?? 0) * 1024;
    const memPct = memTotal ? (100 * rss) / memTotal : 0;
    const evidence = t(
      `${s.processes.length} process(es): CPU ${pct(cpuPct)} of ${cores} core(s) over ${secs(window)}, memory ${bytes(rss)} resident (${pct(memPct)} of RAM), ${fds} open file descriptor(s)`,
      `${s.processes.length} processus : CPU ${pct(cpuPct)} de ${cores} cœur(s) sur ${secs(window)}, mémoire ${bytes(rss)} résidente (${pct(memPct)} de la RAM), ${fds} descripteur(s) ouvert(s)`,
    );
    const out: Finding[] = [];
    const cpu = levels(ctx.config, 'cpu');
    const mem = levels(ctx.config, 'memory');
    const cpuSev = severityOf(cpuPct, cpu.warning, cpu.critical);
    if (cpuSev !== 'ok') out.push(finding(ID, cpuSev, t(`${label} uses ${cpuPct.toFixed(0)} % of the CPU`, `${label} utilise ${cpuPct.toFixed(0)} % du CPU`), evidence, t(`See which process and thread: top -H -p ${s.processes.map((p) => p.pid).slice(0, 5).join(',')}. A busy loop after a bad deploy, a traffic spike or a missing cache; scale out or fix the hot path.`, `Voyez quel processus et quel thread : top -H -p ${s.processes.map((p) => p.pid).slice(0, 5).join(',')}. Boucle après un mauvais déploiement, pic de trafic ou cache manquant ; répartissez la charge ou corrigez le chemin chaud.`)));
    const memSev = severityOf(memPct, mem.warning, mem.critical);
    if (memSev !== 'ok') out.push(finding(ID, memSev, t(`${label} holds ${memPct.toFixed(0)} % of RAM`, `${label} occupe ${memPct.toFixed(0)} % de la RAM`), evidence, t('Check for a leak (memory growing over days), lower its caches or workers, or cap it with MemoryMax= so it cannot take the host down.', "Cherchez une fuite (mémoire qui croît sur des jours), réduisez ses caches ou workers, ou plafonnez-le avec MemoryMax= pour qu'il ne fasse pas tomber l'hôte.")));
    if (nearLimit.length) out.push(finding(ID, 'warning', t(`${label} is close to its open-file limit`, `${label} approche de sa limite de fichiers ouverts`), nearLimit.join('\n'), t('Raise LimitNOFILE= in the unit (or worker_rlimit_nofile for nginx) and look for descriptor leaks.', 'Relevez LimitNOFILE= dans l\'unité (ou worker_rlimit_nofile pour nginx) et cherchez des fuites de descripteurs.')));
    return out.length ? out : [finding(ID, 'ok', t(`${label} resource use is moderate`, `${label} consomme modérément`), evidence)];
  },
};

export default check;
