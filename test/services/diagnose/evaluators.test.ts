/**
 * Check verdicts on hand-written systemd output (in the exact format of systemd 252; this container has
 * no systemd to record from, see test/fixtures/diagnose/README.md) and on thresholds. The same checks
 * run live against a stand-in systemctl in host-stage.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { unitEnabledFindings } from '../../../src/services/diagnose/checks/service/unit-enabled.js';
import { unitRestartFindings } from '../../../src/services/diagnose/checks/service/unit-restarts.js';
import { unitStateFindings } from '../../../src/services/diagnose/checks/service/unit-state.js';
import { failedUnitFindings } from '../../../src/services/diagnose/checks/system/systemd-failed-units.js';
import { temperatureSeverity } from '../../../src/services/diagnose/checks/system/temperature.js';
import { parseShow } from '../../../src/services/diagnose/host/systemd.js';
import { diskLevels, levels } from '../../../src/services/diagnose/thresholds.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/diagnose', name), 'utf8');

describe('systemd verdicts on hand-written systemctl output', () => {
  const failed = parseShow(fixture('systemctl-show-nginx-failed.txt'));

  it('a failed unit is critical with the result and how to read its journal', () => {
    const [f] = unitStateFindings(failed, 'nginx');
    expect(f.severity).toBe('critical');
    expect(f.title).toBe('nginx.service is failed (exit-code)');
    expect(f.evidence).toContain('inactive since Wed 2026-11-25 11:02:44 UTC');
    expect(f.fix).toContain('journalctl -u nginx.service');
  });

  it('six restarts are critical and the exit status is reported', () => {
    const findings = unitRestartFindings(failed, 'nginx');
    expect(findings.map((f) => f.severity)).toEqual(['critical', 'warning']);
    expect(findings[0].title).toContain('restarted 6 time(s)');
    expect(findings[1].title).toContain('exited with status 1');
  });

  it('enabled is ok, disabled a warning, masked critical', () => {
    expect(unitEnabledFindings(failed, 'nginx')[0].severity).toBe('ok');
    expect(unitEnabledFindings(new Map([['Id', 'x.service'], ['UnitFileState', 'disabled']]), 'x')[0].severity).toBe('warning');
    expect(unitEnabledFindings(new Map([['Id', 'x.service'], ['UnitFileState', 'masked']]), 'x')[0].severity).toBe('critical');
  });

  it('a running unit stopped by SIGTERM earlier is not a problem', () => {
    const ok = new Map([['Id', 'cron.service'], ['ActiveState', 'active'], ['SubState', 'running'], ['NRestarts', '0'], ['ExecMainCode', '2'], ['ExecMainStatus', '15']]);
    expect(unitStateFindings(ok, 'cron')[0].severity).toBe('ok');
    expect(unitRestartFindings(ok, 'cron')[0].severity).toBe('ok');
  });

  it('lists failed units as critical, none as ok', () => {
    const [f] = failedUnitFindings(fixture('systemctl-list-failed.txt'));
    expect(f.severity).toBe('critical');
    expect(f.title).toContain('nginx.service, logrotate.service');
    expect(f.fix).toContain('cloudya diagnose service nginx');
    expect(failedUnitFindings('')[0].severity).toBe('ok');
  });
});

describe('thresholds', () => {
  it('uses the monitor levels and the 90/98 disk levels unless the user set filesystem levels', () => {
    const home = tempHome();
    const cfg = loadConfig({ env: { CLOUDYA_HOME: home } });
    expect(levels(cfg, 'memory')).toEqual({ careful: 50, warning: 70, critical: 90 });
    expect(diskLevels(cfg)).toEqual({ warning: 90, critical: 98 });
    const custom = loadConfig({ env: { CLOUDYA_HOME: home, CLOUDYA_MONITOR_THRESHOLDS_FILESYSTEM_WARNING: '80' } });
    expect(diskLevels(custom)).toEqual({ warning: 80, critical: 98 });
  });

  it('judges temperatures by the sensor limits when published', () => {
    expect(temperatureSeverity({ sensor: 'x', celsius: 70, max: 65, crit: 90 })).toBe('warning');
    expect(temperatureSeverity({ sensor: 'x', celsius: 91, crit: 90 })).toBe('critical');
    expect(temperatureSeverity({ sensor: 'x', celsius: 60 })).toBe('ok');
    expect(temperatureSeverity({ sensor: 'x', celsius: 88 })).toBe('warning');
  });
});
