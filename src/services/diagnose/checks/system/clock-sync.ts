/** Clock synchronisation: chrony, systemd-timesyncd (timedatectl) or ntpd must say the clock is synchronised. */
import { finding, skipped, t } from '../../finding.js';
import { runTool } from '../../host/command.js';
import { containerKind, hasSystemd } from '../../host/platform.js';
import { parseShow } from '../../host/systemd.js';
import type { Check, Finding } from '../../types.js';

const ID = 'clock-sync';
/** Seconds of offset: TLS, Kerberos and distributed databases misbehave beyond a few seconds. */
export const OFFSET = { warning: 1, critical: 30 };

/** `chronyc tracking` output: leap status and the system time offset in seconds (signed: + fast). */
export function parseChronyTracking(text: string): { leap: string; offset: number } | undefined {
  const leap = /^Leap status\s*:\s*(.+)$/m.exec(text)?.[1].trim();
  const sys = /^System time\s*:\s*([\d.]+) seconds (fast|slow)/m.exec(text);
  if (!leap) return undefined;
  return { leap, offset: sys ? Number(sys[1]) * (sys[2] === 'fast' ? 1 : -1) : 0 };
}

const FIX = {
  en: 'Start a time daemon and let it sync: systemctl enable --now chrony (or systemd-timesyncd); check it reaches its servers (chronyc sources -v, UDP 123 allowed by the firewall). A large offset is stepped with chronyc makestep.',
  fr: 'Démarrez un démon de temps et laissez-le se synchroniser : systemctl enable --now chrony (ou systemd-timesyncd) ; vérifiez qu\'il joint ses serveurs (chronyc sources -v, UDP 123 autorisé par le pare-feu). Un grand décalage se corrige avec chronyc makestep.',
};

function fromOffset(source: string, leap: string, offset: number): Finding {
  const evidence = t(`${source}: leap status ${leap}, offset ${offset.toFixed(6)} s`, `${source} : leap status ${leap}, décalage ${offset.toFixed(6)} s`);
  if (/not synchron/i.test(leap)) return finding(ID, 'critical', t('The clock is not synchronised', "L'horloge n'est pas synchronisée"), evidence, t(FIX.en, FIX.fr));
  const abs = Math.abs(offset);
  if (abs >= OFFSET.warning) return finding(ID, abs >= OFFSET.critical ? 'critical' : 'warning', t(`The clock is off by ${abs.toFixed(1)} s`, `L'horloge est décalée de ${abs.toFixed(1)} s`), evidence, t(FIX.en, FIX.fr));
  return finding(ID, 'ok', t('The clock is synchronised', "L'horloge est synchronisée"), evidence);
}

const check: Check = {
  id: ID,
  title: t('Clock synchronisation', "Synchronisation de l'horloge"),
  applies: (ctx) => ctx.kind === 'system',
  async run(ctx) {
    const tried: string[] = [];
    const chrony = await runTool('chronyc', ['-n', 'tracking'], { signal: ctx.signal, timeoutMs: 4000 });
    if (chrony.found) {
      const parsed = chrony.exitCode === 0 ? parseChronyTracking(chrony.stdout) : undefined;
      if (parsed) return [fromOffset('chronyc tracking', parsed.leap, parsed.offset)];
      tried.push(`chronyc${t(':', ' :')} ${chrony.stderr.trim().split('\n')[0] || chrony.failure || t(`exit ${chrony.exitCode}`, `code ${chrony.exitCode}`)}`);
    } else tried.push(t('chrony not installed', 'chrony non installé'));
    if (hasSystemd()) {
      const td = await runTool('timedatectl', ['show'], { signal: ctx.signal, timeoutMs: 4000 });
      if (td.found && td.exitCode === 0) {
        const p = parseShow(td.stdout);
        const synced = p.get('NTPSynchronized');
        if (synced === 'yes') return [finding(ID, 'ok', t('The clock is synchronised', "L'horloge est synchronisée"), `timedatectl: NTPSynchronized=yes, NTP=${p.get('NTP') ?? '?'}`)];
        if (synced === 'no') {
          return [finding(ID, p.get('NTP') === 'yes' ? 'warning' : 'critical', t('The clock is not synchronised', "L'horloge n'est pas synchronisée"), `timedatectl: NTPSynchronized=no, NTP=${p.get('NTP') ?? '?'}`, t(FIX.en, FIX.fr))];
        }
      }
      tried.push(`timedatectl${t(':', ' :')} ${td.found ? td.stderr.trim().split('\n')[0] || t('no NTPSynchronized property', 'pas de propriété NTPSynchronized') : t('not installed', 'non installé')}`);
    } else tried.push(t('no systemd (timedatectl unusable)', 'pas de systemd (timedatectl inutilisable)'));
    const ntpq = await runTool('ntpq', ['-pn'], { signal: ctx.signal, timeoutMs: 4000 });
    if (ntpq.found && ntpq.exitCode === 0) {
      const peer = ntpq.stdout.split('\n').find((l) => l.startsWith('*'));
      if (peer) {
        const offsetMs = Number(peer.trim().split(/\s+/)[8]);
        return [fromOffset('ntpq -pn', 'Normal', Number.isFinite(offsetMs) ? offsetMs / 1000 : 0)];
      }
      return [finding(ID, 'critical', t('ntpd has no selected peer', "ntpd n'a aucun pair sélectionné"), `ntpq -pn:\n${ntpq.stdout.trim()}`, t(FIX.en, FIX.fr))];
    }
    tried.push(t('ntpq not available', 'ntpq indisponible'));
    const where = containerKind();
    return [
      skipped(
        ID,
        this.title,
        where
          ? t(`inside ${where} the clock belongs to the host; no time daemon to ask here (${tried.join('; ')})`, `dans ${where}, l'horloge appartient à l'hôte ; aucun démon de temps à interroger ici (${tried.join(' ; ')})`)
          : t(`no time synchronisation daemon answered (${tried.join('; ')})`, `aucun démon de synchronisation n'a répondu (${tried.join(' ; ')})`),
      ),
    ];
  },
};

export default check;
