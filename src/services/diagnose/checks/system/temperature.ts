/** Temperatures from /sys/class/thermal and /sys/class/hwmon, against each sensor's own limits when it has them. */
import { finding, skipped, t } from '../../finding.js';
import { listDir, readNumber, readText } from '../../host/files.js';
import { containerKind, linuxProblem } from '../../host/platform.js';
import type { Check, Finding } from '../../types.js';

const ID = 'temperature';
/** Celsius, used when a sensor publishes no max/crit of its own. */
export const DEFAULT_TEMP = { warning: 85, critical: 95 };

export interface Reading {
  sensor: string;
  celsius: number;
  max?: number;
  crit?: number;
}

/** Every readable temperature sensor (millidegrees converted). */
export function readSensors(sys = '/sys/class'): Reading[] {
  const out: Reading[] = [];
  for (const zone of listDir(`${sys}/thermal`).filter((z) => z.startsWith('thermal_zone'))) {
    const milli = readNumber(`${sys}/thermal/${zone}/temp`);
    if (milli === undefined) continue;
    const type = readText(`${sys}/thermal/${zone}/type`)?.trim() ?? zone;
    const trips = listDir(`${sys}/thermal/${zone}`).filter((f) => /^trip_point_\d+_type$/.test(f));
    let crit: number | undefined;
    for (const trip of trips) {
      if (readText(`${sys}/thermal/${zone}/${trip}`)?.trim() === 'critical') {
        const v = readNumber(`${sys}/thermal/${zone}/${trip.replace('_type', '_temp')}`);
        if (v) crit = v / 1000;
      }
    }
    out.push({ sensor: `${zone} (${type})`, celsius: milli / 1000, crit });
  }
  for (const hw of listDir(`${sys}/hwmon`)) {
    const name = readText(`${sys}/hwmon/${hw}/name`)?.trim() ?? hw;
    for (const input of listDir(`${sys}/hwmon/${hw}`).filter((f) => /^temp\d+_input$/.test(f))) {
      const base = input.replace('_input', '');
      const milli = readNumber(`${sys}/hwmon/${hw}/${input}`);
      if (milli === undefined) continue;
      const label = readText(`${sys}/hwmon/${hw}/${base}_label`)?.trim();
      const max = readNumber(`${sys}/hwmon/${hw}/${base}_max`);
      const crit = readNumber(`${sys}/hwmon/${hw}/${base}_crit`);
      out.push({ sensor: `${name} ${label ?? base}`, celsius: milli / 1000, max: max ? max / 1000 : undefined, crit: crit ? crit / 1000 : undefined });
    }
  }
  return out;
}

/** Severity of one reading: its own crit/max when published, else 85/95 °C. */
export function temperatureSeverity(r: Reading): 'ok' | 'warning' | 'critical' {
  const crit = r.crit && r.crit > 0 ? r.crit : DEFAULT_TEMP.critical;
  const warn = r.max && r.max > 0 && r.max < crit ? r.max : Math.min(DEFAULT_TEMP.warning, crit - 5);
  return r.celsius >= crit ? 'critical' : r.celsius >= warn ? 'warning' : 'ok';
}

const check: Check = {
  id: ID,
  title: t('Temperature', 'Température'),
  applies: (ctx) => ctx.kind === 'system',
  async run() {
    if (linuxProblem()) return [skipped(ID, this.title, linuxProblem()!)];
    const readings = readSensors();
    if (!readings.length) {
      const where = containerKind();
      return [skipped(ID, this.title, t(`no temperature sensor exposed in /sys/class/thermal or /sys/class/hwmon${where ? ` (inside ${where})` : ' (virtual machines usually have none)'}`, `aucun capteur de température dans /sys/class/thermal ou /sys/class/hwmon${where ? ` (dans ${where})` : ' (les machines virtuelles n\'en ont généralement pas)'}`))];
    }
    const out: Finding[] = [];
    for (const r of readings) {
      const sev = temperatureSeverity(r);
      if (sev === 'ok') continue;
      out.push(
        finding(
          ID,
          sev,
          t(`${r.sensor} at ${r.celsius.toFixed(0)} °C`, `${r.sensor} à ${r.celsius.toFixed(0)} °C`),
          `${r.sensor}: ${r.celsius.toFixed(1)} °C${r.max ? `, max ${r.max} °C` : ''}${r.crit ? `, crit ${r.crit} °C` : ''}`,
          t('Hot hardware throttles, then shuts down. Check fans and airflow (dust, blocked vents, room temperature), the load causing the heat (top), and that the CPU governor is not pinned to performance for no reason.', "Un matériel trop chaud ralentit puis s'arrête. Vérifiez ventilateurs et flux d'air (poussière, grilles bouchées, température de la salle), la charge qui chauffe (top) et que le gouverneur CPU n'est pas bloqué sur performance sans raison."),
        ),
      );
    }
    if (out.length) return out;
    const hottest = readings.reduce((a, b) => (b.celsius > a.celsius ? b : a));
    return [finding(ID, 'ok', t('Temperatures normal', 'Températures normales'), t(`${readings.length} sensor(s), hottest ${hottest.sensor} at ${hottest.celsius.toFixed(1)} °C`, `${readings.length} capteur(s), le plus chaud ${hottest.sensor} à ${hottest.celsius.toFixed(1)} °C`))];
  },
};

export default check;
