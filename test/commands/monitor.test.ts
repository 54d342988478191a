import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('cloudya monitor (line and NDJSON modes)', () => {
  it('prints one NDJSON object per sample with the documented fields', async () => {
    const home = tempHome();
    const r = await runCli(['monitor', '--count', '3', '--interval', '0.3', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const s = JSON.parse(line);
      expect(Date.parse(s.timestamp)).not.toBeNaN();
      expect(s.cpu.usage).toBeGreaterThanOrEqual(0);
      expect(s.cpu.usage).toBeLessThanOrEqual(100);
      expect(s.cpu.cores).toHaveLength(os.cpus().length);
      expect(s.load['1m']).toBeGreaterThanOrEqual(0);
      expect(s.memory.total).toBe(os.totalmem());
      expect(s.memory.used).toBeGreaterThan(0);
      expect(s.memory.available).toBeGreaterThan(0);
      expect(s.swap).toHaveProperty('total');
      expect(Array.isArray(s.filesystems) && s.filesystems.length > 0).toBe(true);
      expect(Array.isArray(s.network)).toBe(true);
      for (const n of s.network) expect(n.rx_bytes_per_sec).toBeGreaterThanOrEqual(0);
      expect(s.processes.length).toBeGreaterThan(0);
      expect(Array.isArray(s.alerts)).toBe(true);
    }
  });

  it('prints one compact line per sample without a terminal', async () => {
    const r = await runCli(['monitor', '--count', '2', '--interval', '0.2'], { CLOUDYA_HOME: tempHome() });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^\d\d:\d\d:\d\d {2}cpu \d+(\.\d)?% {2}load [\d.]+\/[\d.]+\/[\d.]+ {2}mem /);
  });

  it.each([
    [['--interval', '0'], /--interval must be > 0/],
    [['--interval', '-1'], /--interval must be > 0/],
    [['--count', '-1'], /--count must be >= 1/],
    [['--count', '1.5'], /--count must be a whole number/],
    [['--interval', 'soon'], /--interval must be a number/],
  ])('rejects %j with exit 2', async (args, message) => {
    const r = await runCli(['monitor', ...args], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('an error in NDJSON mode is one line, so a line-by-line reader can parse every line', async () => {
    const r = await runCli(['monitor', '--count', '1', '--service', 'no-such-service-xyz', '--interval', '0.2', '--output', 'json'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).error).toMatchObject({ code: 'service_not_found' });
  });

  it('the alert levels of a sample line are in the user\'s language', async () => {
    // Thresholds far below any real memory use: every sample is critical for memory.
    const tiny = { CLOUDYA_MONITOR_THRESHOLDS_MEMORY_CAREFUL: '0.01', CLOUDYA_MONITOR_THRESHOLDS_MEMORY_WARNING: '0.02', CLOUDYA_MONITOR_THRESHOLDS_MEMORY_CRITICAL: '0.03' };
    const fr = await runCli(['monitor', '--count', '1', '--no-record', '--lang', 'fr'], { CLOUDYA_HOME: tempHome(), ...tiny });
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toMatch(/! .*memory critique/);
    expect(fr.stdout).not.toMatch(/ (critical|warning|careful)\b/);
    const en = await runCli(['monitor', '--count', '1', '--no-record'], { CLOUDYA_HOME: tempHome(), ...tiny });
    expect(en.stdout).toMatch(/! .*memory critical/);
  });

  it('says clearly when the watched service does not exist', async () => {
    const r = await runCli(['monitor', '--count', '1', '--service', 'no-such-service-xyz', '--interval', '0.2'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-service-xyz/);
    expect(r.stderr).toMatch(/hint:/);
  });
});

describe('cloudya monitor record and report', () => {
  it('record stopped by Ctrl+C exits 130 and still says how many samples it kept (text and JSON)', async () => {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    for (const extra of [[], ['--output', 'json']]) {
      const home = tempHome();
      const [stdout, stderr, stdin] = [new PassThrough(), new PassThrough(), new PassThrough()];
      let out = '';
      stdout.on('data', (d: Buffer) => (out += d.toString()));
      stderr.resume();
      stdin.end();
      const controller = new AbortController();
      const running = main(['monitor', 'record', '--interval', '0.2', ...extra], { io: { stdout, stderr, stdin }, env: { PATH: process.env.PATH, NO_COLOR: '1', LANG: 'en_US.UTF-8', CLOUDYA_HOME: home }, signal: controller.signal });
      // Stop once the history holds samples, as a user would after a while.
      const { HistoryStore } = await import('../../src/services/monitor/store.js');
      const db = path.join(home, 'monitor.db');
      const deadline = Date.now() + 20_000;
      const kept = () => {
        try {
          const store = new HistoryStore(db, { readonly: true });
          try {
            return store.rows(0, Date.now() + 1000).length;
          } finally {
            store.close();
          }
        } catch {
          return 0;
        }
      };
      while (kept() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      expect(await running).toBe(130);
      const count = kept();
      expect(count).toBeGreaterThanOrEqual(2);
      if (extra.length) expect(JSON.parse(out)).toMatchObject({ recorded: count, file: db });
      else expect(out).toContain(db);
    }
  }, 60_000);

  it('says how to record history when there is none', async () => {
    const r = await runCli(['monitor', 'report'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no monitoring history/);
    expect(r.stderr).toMatch(/cloudya monitor record/);
  });

  it('reports a history file that is not SQLite with its path and a hint, in the user\'s language, and leaves it alone', async () => {
    const home = tempHome();
    const { writeFileSync } = await import('node:fs');
    const db = path.join(home, 'monitor.db');
    writeFileSync(db, 'this is not a database, it is a note left here by hand\n'.repeat(100));
    const before = readFileSync(db);
    const r = await runCli(['monitor', 'report', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${db}: impossible de lire l'historique de supervision : ce n'est pas une base SQLite`);
    expect(r.stderr).toMatch(/\nconseil : /);
    expect(r.stderr).not.toMatch(/unexpected|inattendue|file is not a database/);
    const json = await runCli(['monitor', 'report', '-o', 'json'], { CLOUDYA_HOME: home });
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'history_unreadable', where: { file: db } });
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('records samples, then reports them as text, JSON and into files chosen by --output or --file', async () => {
    const home = tempHome();
    const rec = await runCli(['monitor', 'record', '--interval', '0.2', '--count', '5'], { CLOUDYA_HOME: home });
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stdout).toMatch(/recorded 5 sample/);
    const live = await runCli(['monitor', '--interval', '0.2', '--count', '2', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(live.code).toBe(0);

    const text = await runCli(['monitor', 'report', '--days', '1'], { CLOUDYA_HOME: home });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\(7 samples,/);
    expect(text.stdout).toMatch(/^CPU\s/m);

    const json = await runCli(['monitor', 'report', '--output', 'json'], { CLOUDYA_HOME: home });
    const doc = JSON.parse(json.stdout);
    expect(doc.samples).toBe(7);
    expect(doc.metrics.find((x: { metric: string }) => x.metric === 'memory').max).toBeGreaterThan(0);

    const html = path.join(home, 'rapport.html');
    const r1 = await runCli(['monitor', 'report', '--days', '7', '--output', html], { CLOUDYA_HOME: home });
    expect(r1.code, r1.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);

    const csv = path.join(home, 'out.data');
    const r2 = await runCli(['monitor', 'report', '--file', csv, '--format', 'csv'], { CLOUDYA_HOME: home });
    expect(r2.code, r2.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^metric,target,unit,min,avg,p95,max/);

    const jfile = path.join(home, 'r.json');
    const r3 = await runCli(['monitor', 'report', '-o', jfile], { CLOUDYA_HOME: home });
    expect(r3.code, r3.stderr).toBe(0);
    expect(JSON.parse(readFileSync(jfile, 'utf8')).samples).toBe(7);
  }, 60_000);

  it('refuses a report file whose format it cannot tell, and --output FILE elsewhere', async () => {
    const home = tempHome();
    const r = await runCli(['monitor', 'report', '--output', 'r.pdf'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format html\|json\|csv/);
    // Only report takes a file there: the live monitor still validates --output.
    const live = await runCli(['monitor', '--output', 'r.html', '--count', '1'], { CLOUDYA_HOME: home });
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/--output must be one of text\|json/);
    const bad = await runCli(['monitor', 'report', '--days', '0'], { CLOUDYA_HOME: home });
    expect(bad.code).toBe(2);
  });

  it('refuses a report file in a folder that does not exist, creating nothing, and a report file that is a folder', async () => {
    const { existsSync, mkdirSync } = await import('node:fs');
    const home = tempHome();
    const rec = await runCli(['monitor', 'record', '--interval', '0.2', '--count', '1'], { CLOUDYA_HOME: home });
    expect(rec.code, rec.stderr).toBe(0);
    const missing = path.join(home, 'nonexistent', 'dir');
    const r = await runCli(['monitor', 'report', '--output', path.join(missing, 'r.html')], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`folder ${missing} does not exist`);
    expect(r.stdout).not.toMatch(/report written/);
    expect(existsSync(path.join(home, 'nonexistent'))).toBe(false);
    const fr = await runCli(['monitor', 'report', '--lang', 'fr', '--file', path.join(missing, 'r.json')], { CLOUDYA_HOME: home });
    expect(fr.code).toBe(1);
    expect(fr.stderr).toContain(`le dossier ${missing} n'existe pas`);
    expect(existsSync(path.join(home, 'nonexistent'))).toBe(false);

    const dir = path.join(home, 'rdir.html');
    mkdirSync(dir);
    const d = await runCli(['monitor', 'report', '--output', dir], { CLOUDYA_HOME: home });
    expect(d.code).toBe(1);
    expect(d.stderr).toContain(`${dir} is a folder, not a file`);
    expect(d.stderr).not.toMatch(/unexpected|EISDIR/);
  }, 30_000);

  it('says "1 sample" (and "1 mesure"), not "1 samples", for a one-sample history', async () => {
    const home = tempHome();
    const rec = await runCli(['monitor', 'record', '--interval', '0.2', '--count', '1'], { CLOUDYA_HOME: home });
    expect(rec.code, rec.stderr).toBe(0);
    const en = await runCli(['monitor', 'report'], { CLOUDYA_HOME: home });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/\(1 sample, /);
    const fr = await runCli(['monitor', 'report', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(fr.stdout).toMatch(/\(1 mesure, /);
    const file = path.join(home, 'r.html');
    const written = await runCli(['monitor', 'report', '--output', file], { CLOUDYA_HOME: home });
    expect(written.stdout).toMatch(/KiB, 1 sample, /);
    expect(readFileSync(file, 'utf8')).toMatch(/ · 1 sample · /);
  }, 30_000);

  it('record refuses a history file that is not SQLite with a clear error and a hint, and leaves it alone', async () => {
    const { writeFileSync } = await import('node:fs');
    const home = tempHome();
    const db = path.join(home, 'monitor.db');
    writeFileSync(db, Buffer.alloc(40_000, 7));
    const r = await runCli(['monitor', 'record', '--interval', '0.2', '--count', '2'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`samples are not being recorded to ${db}: file is not a database`);
    expect(r.stderr).toMatch(/hint: move the file away/);
    expect(r.stderr).not.toMatch(/unexpected/);
    expect(readFileSync(db).equals(Buffer.alloc(40_000, 7))).toBe(true);
  });
});
