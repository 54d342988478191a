/** Available memory (MemAvailable, and the cgroup limit when one is lower), against the monitor's memory levels. */
import { bytes, finding, pct, severityOf, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { parseKeyValues } from '../../host/procfs.js';
import { levels } from '../../thresholds.js';
import type { Check } from '../../types.js';

const ID = 'memory-available';

/** The memory limit and usage of this process's cgroup (v2, then v1), when a real limit is set. */
export function cgroupMemory(): { limit: number; usage: number } | undefined {
  const v2Max = readText('/sys/fs/cgroup/memory.max')?.trim();
  const v2Cur = readText('/sys/fs/cgroup/memory.current')?.trim();
  if (v2Max && v2Max !== 'max' && v2Cur) return { limit: Number(v2Max), usage: Number(v2Cur) };
  const v1Max = Number(readText('/sys/fs/cgroup/memory/memory.limit_in_bytes')?.trim());
  const v1Cur = Number(readText('/sys/fs/cgroup/memory/memory.usage_in_bytes')?.trim());
  // v1 reports "no limit" as a huge number near 2^63.
  if (Number.isFinite(v1Max) && v1Max > 0 && v1Max < 2 ** 60 && Number.isFinite(v1Cur)) return { limit: v1Max, usage: v1Cur };
  return undefined;
}

const check: Check = {
  id: ID,
  title: t('Available memory', 'Mémoire disponible'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const text = linuxProblem() ? undefined : readText('/proc/meminfo');
    if (!text) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/meminfo is not readable', '/proc/meminfo est illisible'))];
    const mi = parseKeyValues(text);
    const total = (mi.get('MemTotal') ?? 0) * 1024;
    const available = (mi.get('MemAvailable') ?? (mi.get('MemFree') ?? 0) + (mi.get('Cached') ?? 0)) * 1024;
    if (!total) return [skipped(ID, this.title, t('MemTotal missing from /proc/meminfo', 'MemTotal absent de /proc/meminfo'))];
    let usedPct = (100 * (total - available)) / total;
    let evidence = t(
      `${bytes(available)} available of ${bytes(total)} (${pct(usedPct)} in use, page cache excluded)`,
      `${bytes(available)} disponibles sur ${bytes(total)} (${pct(usedPct)} utilisés, cache exclu)`,
    );
    const cg = cgroupMemory();
    if (cg && cg.limit < total) {
      const cgPct = (100 * cg.usage) / cg.limit;
      evidence += t(`; cgroup limit ${bytes(cg.limit)}, ${bytes(cg.usage)} charged (${pct(cgPct)})`, `; limite du cgroup ${bytes(cg.limit)}, ${bytes(cg.usage)} consommés (${pct(cgPct)})`);
      usedPct = Math.max(usedPct, cgPct);
    }
    const lv = levels(ctx.config, 'memory');
    const sev = severityOf(usedPct, lv.warning, lv.critical);
    evidence += t(` (warning ${lv.warning} %, critical ${lv.critical} %)`, ` (avertissement ${lv.warning} %, critique ${lv.critical} %)`);
    if (sev === 'ok') return [finding(ID, 'ok', t('Enough memory available', 'Assez de mémoire disponible'), evidence)];
    return [
      finding(
        ID,
        sev,
        t(`Memory is ${usedPct.toFixed(0)} % used`, `Mémoire utilisée à ${usedPct.toFixed(0)} %`),
        evidence,
        t(
          'See who holds it: ps -eo pid,rss,comm --sort=-rss | head. Restart or limit the leaking service (systemd MemoryMax=, container --memory), lower caches (JVM -Xmx, database buffers), or add RAM; watch for OOM kills (cloudya diagnose system --only oom-kills).',
          'Voyez qui la retient : ps -eo pid,rss,comm --sort=-rss | head. Redémarrez ou limitez le service qui fuit (MemoryMax= de systemd, --memory du conteneur), réduisez les caches (JVM -Xmx, tampons de base de données) ou ajoutez de la RAM ; surveillez les OOM (cloudya diagnose system --only oom-kills).',
        ),
      ),
    ];
  },
};

export default check;
