/**
 * A full disk and a read-only home, for real: the CLI runs in a private mount namespace where its
 * home is a tiny tmpfs (filled up) or a read-only bind mount, so the host's folders never change.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, runBin, tempHome, type CliRun } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';

/** Runs `setup` (shell, as root in a new mount namespace) then the CLI with `argv`, home = `home`. */
function runInMountNs(setup: string, home: string, argv: string[]): Promise<CliRun> {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${setup} && exec "${process.execPath}" "${BIN}" ${quoted}`;
  return new Promise((resolve) => {
    execFile(
      'unshare',
      ['-m', '--propagation', 'private', 'sh', '-c', script],
      { env: { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: home, LANG: 'en_US.UTF-8', NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** A 64 KiB tmpfs on `home`, filled to the last byte after `prepare` ran in it. */
function fullDisk(home: string, prepare = 'true'): string {
  return `mount -t tmpfs -o size=64k tmpfs '${home}' && (${prepare}) && (head -c 1M /dev/zero > '${home}/filler' 2>/dev/null || true)`;
}

/** `home` bound read-only onto itself. */
function readOnly(home: string): string {
  return `mount --bind '${home}' '${home}' && mount -o remount,bind,ro '${home}'`;
}

describeWithTool(
  'unshare',
  'a full disk and a read-only home',
  () => {
    it('full disk: ask answers and says the audit log missed its entries', async () => {
      const home = tempHome();
      const r = await runInMountNs(fullDisk(home, `mkdir -p '${home}/cache'`), home, ['ask', 'restart nginx']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/systemctl/);
      expect(r.stderr).toMatch(/audit log did not record.*cannot write .*audit\.log: no space left/);
    });

    it('full disk: the cache temp file is removed (ls inside the namespace after ask)', async () => {
      const home = tempHome();
      const lsAfter = `${fullDisk(home)} && "${process.execPath}" "${BIN}" ask "restart nginx" >/dev/null 2>&1; ls -A '${home}/cache' 2>/dev/null; true`;
      const r = await new Promise<string>((resolve) =>
        execFile('unshare', ['-m', '--propagation', 'private', 'sh', '-c', lsAfter], { env: { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: home } }, (_e, out) => resolve(String(out))),
      );
      expect(r).not.toMatch(/\.tmp/);
    });

    it('full disk: configure set names the file it cannot write and says what to do (not "unexpected error")', async () => {
      const home = tempHome();
      const config = path.join(home, 'config.json');
      const saved = `${JSON.stringify({ ai: { model: 'kept-model' } }, null, 2)}\n`;
      const r = await runInMountNs(fullDisk(home, `printf '%s' '${saved}' > '${config}'`), home, ['configure', 'set', 'ai.model', 'x'.repeat(70_000)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot write .*config\.json: no space left on the device/);
      expect(r.stderr).toMatch(/hint: free some space/);
      expect(r.stderr).not.toMatch(/unexpected error/);
    });

    it('full disk: exec refuses to run unaudited and says which file could not be written', async () => {
      const home = tempHome();
      const r = await runInMountNs(fullDisk(home), home, ['exec', '--yes', 'echo ran-here']);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(/ran-here/);
      expect(r.stderr).toMatch(/cannot write .*audit\.log: no space left/);
    });

    it('full disk: validate still gives its verdict (exit code = verdict) and warns that the audit entry is lost', async () => {
      const home = tempHome();
      const r = await runInMountNs(fullDisk(home), home, ['validate', 'ls -la']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/ALLOW/);
      expect(r.stderr).toMatch(/not in the audit log: cannot write .*audit\.log/);
    });

    it('read-only home: reports, validation and answers work; writers name the read-only file', async () => {
      const home = tempHome();
      // A real history recorded first, on the writable home.
      const rec = await runBin(['monitor', 'record', '--interval', '1', '--count', '2'], { CLOUDYA_HOME: home });
      expect(rec.code, rec.stderr).toBe(0);
      const before = readFileSync(path.join(home, 'config.json'), 'utf8');
      const report = await runInMountNs(readOnly(home), home, ['monitor', 'report', '--days', '1']);
      expect(report.stderr).not.toMatch(/unable to open/);
      expect(report.code).toBe(0);
      expect(report.stdout).toMatch(/Monitoring report/);
      const ask = await runInMountNs(readOnly(home), home, ['ask', 'restart nginx']);
      expect(ask.code).toBe(0);
      expect(ask.stderr).toMatch(/read-only/);
      const set = await runInMountNs(readOnly(home), home, ['configure', 'set', 'ai.model', 'other']);
      expect(set.code).toBe(1);
      expect(set.stderr).toMatch(/cannot write .*config\.json: the file system is read-only/);
      expect(readFileSync(path.join(home, 'config.json'), 'utf8')).toBe(before);
    });

    it('read-only home: ask answers from the knowledge cache, and from the YAML files once the cache is stale', async () => {
      const home = tempHome();
      const question = ['ask', 'how do I list docker containers', '--output', 'json'];
      const answer = (r: CliRun) => {
        const { timing_ms: _t, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
        return rest;
      };
      const writable = await runBin(question, { CLOUDYA_HOME: home, LANG: 'en_US.UTF-8', NO_COLOR: '1' });
      expect(writable.code, writable.stderr).toBe(0);
      expect(existsSync(path.join(home, 'cache', 'knowledge.pack'))).toBe(true);
      const fromCache = await runInMountNs(readOnly(home), home, question);
      expect(fromCache.code, fromCache.stderr).toBe(0);
      expect(answer(fromCache)).toEqual(answer(writable));
      // An entry of the user's own added since: the cache no longer matches and cannot be rewritten.
      mkdirSync(path.join(home, 'knowledge'));
      const mine = readFileSync(path.join(ROOT, 'test/fixtures/knowledge-mini/docker.yaml'), 'utf8')
        .replace('id: docker-compose-development', 'id: team-compose-runbook')
        .replace('en: docker-compose for local development', 'en: Our team runbook for the zorglub compose stack');
      writeFileSync(path.join(home, 'knowledge', 'team.yaml'), mine);
      const stale = await runInMountNs(readOnly(home), home, ['ask', 'team runbook for the zorglub compose stack', '--output', 'json']);
      expect(stale.code, stale.stderr).toBe(0);
      expect(JSON.parse(stale.stdout).entries).toEqual(['team-compose-runbook']);
      const again = await runInMountNs(readOnly(home), home, question);
      expect(answer(again)).toEqual(answer(writable));
      // Four CLI runs, two of them parsing every YAML file: ~20 s on a loaded CI machine, more as the base grows.
    }, 180_000);

    it('read-only empty home: commands that only read run on the defaults (no config.json to create)', async () => {
      const home = tempHome();
      const r = await runInMountNs(readOnly(home), home, ['configure', 'get', 'ai.engine']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('offline');
      expect(existsSync(path.join(home, 'config.json'))).toBe(false);
    });
  },
  ['-m', 'true'],
);

it('config.json that is binary, a folder, or has unknown keys: a named error or a did-you-mean warning, file untouched', async () => {
  const binHome = tempHome();
  const binary = Buffer.from([0, 1, 2, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe]);
  writeFileSync(path.join(binHome, 'config.json'), binary);
  const a = await runBin(['configure'], { CLOUDYA_HOME: binHome });
  expect(a.code).toBe(1);
  expect(a.stderr).toMatch(/config\.json:1: the file is not text/);
  // Raw bytes (an escape sequence here) never reach the terminal.
  expect(a.stderr).not.toContain('\u001b[2J');
  expect(readFileSync(path.join(binHome, 'config.json')).equals(binary)).toBe(true);

  const dirHome = tempHome();
  mkdirSync(path.join(dirHome, 'config.json'));
  const b = await runBin(['configure'], { CLOUDYA_HOME: dirHome });
  expect(b.code).toBe(1);
  expect(b.stderr).toMatch(/config\.json: this is a folder, not a file/);

  const typoHome = tempHome();
  writeFileSync(path.join(typoHome, 'config.json'), JSON.stringify({ ai: { enginee: 'openai', model: 'm1' } }));
  const c = await runBin(['configure', 'get', 'ai.model'], { CLOUDYA_HOME: typoHome });
  expect(c.code).toBe(0);
  expect(c.stdout.trim()).toBe('m1');
  expect(c.stderr).toMatch(/unknown setting "ai\.enginee" \(ignored\) - did you mean "ai\.engine"\?/);
  const fr = await runBin(['configure', 'get', 'ai.model', '--lang', 'fr'], { CLOUDYA_HOME: typoHome });
  expect(fr.stderr).toMatch(/paramètre inconnu « ai\.enginee »/);
});
