/** Pages swapped in and out right now (two /proc/vmstat samples): active swapping makes everything slow. */
import { finding, skipped, t } from '../../finding.js';
import { readText } from '../../host/files.js';
import { linuxProblem } from '../../host/platform.js';
import { parseKeyValues } from '../../host/procfs.js';
import { sampleWindow, seconds, twoSamples } from '../../host/sample.js';
import type { Check } from '../../types.js';

const ID = 'swap-activity';
/** Pages per second (4 KiB each): 64 p/s = 256 KiB/s sustained is noticeable, 1024 p/s = 4 MiB/s is thrashing. */
export const SWAP_RATE = { warning: 64, critical: 1024 };

/** Swap-in/out rates (pages/s) between two /proc/vmstat texts taken ms apart. */
export function swapRates(a: string, b: string, ms: number): { inRate: number; outRate: number; inTotal: number; outTotal: number } | undefined {
  const va = parseKeyValues(a);
  const vb = parseKeyValues(b);
  if (!vb.has('pswpin') || !vb.has('pswpout')) return undefined;
  const per = 1000 / ms;
  return {
    inRate: (vb.get('pswpin')! - (va.get('pswpin') ?? 0)) * per,
    outRate: (vb.get('pswpout')! - (va.get('pswpout') ?? 0)) * per,
    inTotal: vb.get('pswpin')!,
    outTotal: vb.get('pswpout')!,
  };
}

const check: Check = {
  id: ID,
  title: t('Swap-in/out activity', 'Activité de swap (entrées/sorties)'),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    if (linuxProblem() || readText('/proc/vmstat') === undefined) return [skipped(ID, this.title, linuxProblem() ?? t('/proc/vmstat is not readable', '/proc/vmstat est illisible'))];
    const window = sampleWindow(ctx);
    const [a, b] = await twoSamples(() => readText('/proc/vmstat') ?? '', window, ctx.signal);
    const r = swapRates(a, b, window);
    if (!r) return [skipped(ID, this.title, t('this kernel does not expose pswpin/pswpout in /proc/vmstat', "ce noyau n'expose pas pswpin/pswpout dans /proc/vmstat"))];
    const rate = r.inRate + r.outRate;
    const evidence = t(
      `${r.inRate.toFixed(0)} pages/s in, ${r.outRate.toFixed(0)} pages/s out over ${seconds(window)}; since boot ${r.inTotal} in, ${r.outTotal} out`,
      `${r.inRate.toFixed(0)} pages/s en entrée, ${r.outRate.toFixed(0)} pages/s en sortie sur ${seconds(window)} ; depuis le démarrage ${r.inTotal} entrées, ${r.outTotal} sorties`,
    );
    if (rate < SWAP_RATE.warning) return [finding(ID, 'ok', t('No active swapping', 'Pas de swap actif'), evidence)];
    return [
      finding(
        ID,
        rate >= SWAP_RATE.critical ? 'critical' : 'warning',
        t('The system is swapping', 'Le système swappe'),
        evidence,
        t(
          'Memory is short right now: watch vmstat 1 (si/so columns), find the growing process (ps -eo pid,rss,comm --sort=-rss | head), restart or limit it, or add RAM. Lowering vm.swappiness only hides the shortage.',
          'La mémoire manque en ce moment : observez vmstat 1 (colonnes si/so), trouvez le processus qui grossit (ps -eo pid,rss,comm --sort=-rss | head), redémarrez-le ou limitez-le, ou ajoutez de la RAM. Baisser vm.swappiness ne fait que masquer la pénurie.',
        ),
      ),
    ];
  },
};

export default check;
