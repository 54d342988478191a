/** Time until each filesystem is full, extrapolated from the monitor's recorded history (last 24 h). */
import { finding, skipped, t } from '../../finding.js';
import { fsHistory, growthPerHour } from '../../host/monitor-history.js';
import type { Check, Finding } from '../../types.js';

const ID = 'disk-time-to-full';
const WINDOW_MS = 24 * 3_600_000;
/** At least 30 minutes of history before extrapolating anything. */
const MIN_SPAN_HOURS = 0.5;
export const HOURS_LEFT = { critical: 24, warning: 7 * 24 };

/** "3 h", "2.5 days". */
export function duration(hours: number): string {
  return hours < 48 ? `${hours.toFixed(hours < 10 ? 1 : 0)} h` : t(`${(hours / 24).toFixed(1)} days`, `${(hours / 24).toFixed(1)} jours`);
}

const check: Check = {
  id: ID,
  title: t('Time until disks are full', 'Temps avant disque plein'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const history = await fsHistory(ctx.config.paths.monitorDb, Date.now() - WINDOW_MS);
    if (!(history instanceof Map)) return [skipped(ID, this.title, history.reason)];
    const out: Finding[] = [];
    const steady: string[] = [];
    let usable = 0;
    for (const [mount, points] of history) {
      const g = growthPerHour(points);
      if (!g || g.spanHours < MIN_SPAN_HOURS) continue;
      usable++;
      const now = points[points.length - 1].pct;
      if (g.slope <= 0.001 || now >= 100) {
        steady.push(`${mount} ${now.toFixed(1)} % (${g.slope >= 0 ? '+' : ''}${g.slope.toFixed(3)} %/h)`);
        continue;
      }
      const hours = (100 - now) / g.slope;
      const evidence = t(
        `${mount}: ${now.toFixed(1)} % used, growing ${g.slope.toFixed(2)} %/h over the last ${g.spanHours.toFixed(1)} h (${points.length} samples from the monitor history): full in about ${duration(hours)}`,
        `${mount} : ${now.toFixed(1)} % utilisé, +${g.slope.toFixed(2)} %/h sur les dernières ${g.spanHours.toFixed(1)} h (${points.length} mesures de l'historique) : plein dans environ ${duration(hours)}`,
      );
      if (hours >= HOURS_LEFT.warning) {
        steady.push(`${mount} ${now.toFixed(1)} % (${t('full in', 'plein dans')} ${duration(hours)})`);
        continue;
      }
      out.push(
        finding(
          ID,
          hours < HOURS_LEFT.critical ? 'critical' : 'warning',
          t(`${mount} will be full in about ${duration(hours)}`, `${mount} sera plein dans environ ${duration(hours)}`),
          evidence,
          t(
            `Find what is writing: du -xh --max-depth=2 ${mount} | sort -h | tail, or find ${mount} -xdev -mmin -60 -size +10M. Typical: a log in debug mode, a runaway core dump or backup, an unrotated log. Stop the writer, rotate/compress, or grow the volume before it fills.`,
            `Trouvez qui écrit : du -xh --max-depth=2 ${mount} | sort -h | tail, ou find ${mount} -xdev -mmin -60 -size +10M. Classiques : un journal en mode debug, des core dumps ou une sauvegarde qui s'emballent, un journal sans rotation. Arrêtez l'écrivain, faites tourner/compressez, ou agrandissez le volume avant qu'il ne soit plein.`,
          ),
        ),
      );
    }
    if (out.length) return out;
    if (!usable) return [skipped(ID, this.title, t(`the monitor history holds less than ${MIN_SPAN_HOURS * 60} minutes of filesystem samples in the last 24 h`, `l'historique de supervision contient moins de ${MIN_SPAN_HOURS * 60} minutes de mesures de disque sur 24 h`))];
    return [finding(ID, 'ok', t('No filesystem filling up fast', 'Aucun disque ne se remplit vite'), steady.join(t('; ', ' ; ')))];
  },
};

export default check;
