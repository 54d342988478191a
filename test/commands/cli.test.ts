import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('cloudya command line', () => {
  it('lists every command with a summary in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/configure\s+Show or change the configuration/);
    expect(r.stdout).toMatch(/completion\s+Print a shell completion script/);
  });

  it('prints help and exits 0 with no arguments and no terminal', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cloudya <command>');
  });

  it('rejects an unknown command with exit 2 and a suggestion', async () => {
    const r = await runCli(['confgure']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "confgure"');
    expect(r.stderr).toContain('cloudya configure');
  });

  it('rejects an unknown flag with exit 2 and a suggestion', async () => {
    const r = await runCli(['configure', '--outptu', 'json'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --outptu');
    expect(r.stderr).toContain('--output');
  });

  it('"cloudya help [command]" is --help, and --lang takes a locale as LANG holds it (fr_FR.UTF-8, FR)', async () => {
    const viaHelp = await runCli(['help', 'deploy']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe((await runCli(['deploy', '--help'])).stdout);
    expect((await runCli(['help'])).stdout).toBe((await runCli(['--help'])).stdout);
    expect((await runCli(['help', 'nope'])).code).toBe(2);
    for (const lang of ['fr_FR.UTF-8', 'FR', 'fr-CA']) {
      const r = await runCli(['validate', 'ls', '--lang', lang]);
      expect(r.stdout, lang).toMatch(/^AUTORISÉ/);
    }
  });

  it('rejects a bad value for a global option', async () => {
    const r = await runCli(['configure', '--output', 'yaml'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--output must be one of text|json');
  });

  it('speaks French with --lang fr and from LANG', async () => {
    const a = await runCli(['nope', '--lang', 'fr']);
    expect(a.stderr).toContain('commande inconnue');
    const b = await runCli(['nope'], { LANG: 'fr_FR.UTF-8' });
    expect(b.stderr).toContain('commande inconnue');
  });
});

describe('output contract', () => {
  it('version --output json is one JSON document', async () => {
    const r = await runCli(['version', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a usage error in json mode still yields one JSON document on stdout and a line on stderr', async () => {
    const r = await runCli(['configure', 'set', 'nope', 'x', '-o', 'json'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('unknown_setting');
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('command help lists actions, options and examples', async () => {
    const r = await runCli(['configure', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Actions:');
    expect(r.stdout).toMatch(/set KEY VALUE\s+Validate and save a setting/);
    expect(r.stdout).toContain('--api-url URL');
    expect(r.stdout).toContain('Examples:');
  });

  it('a bad option value is one line plus a hint, in text and in JSON', async () => {
    for (const argv of [['audit', '--limit', '0'], ['audit', '--limit', 'ten'], ['audit', '--limit', '2.5'], ['version', '--output', 'yaml']]) {
      const r = await runCli(argv, { CLOUDYA_HOME: tempHome() });
      expect(r.code, argv.join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, argv.join(' ')).toHaveLength(2);
      expect(lines[1]).toMatch(/^hint: /);
    }
    const json = await runCli(['audit', '--limit', '0', '-o', 'json'], { CLOUDYA_HOME: tempHome() });
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'bad_value', hint: 'run "cloudya audit --help" to see what it accepts' });
  });

  it('help teaches which actions an option belongs to, and is French in French (usage line, headings with " :")', async () => {
    const en = await runCli(['deploy', '--help']);
    expect(en.stdout).toMatch(/--tail N\s+Only the last N log lines \[with logs\]/);
    const fr = await runCli(['deploy', '--help', '--lang', 'fr']);
    expect(fr.stdout).toContain('Usage : cloudya deploy <action> [arguments] [options]');
    expect(fr.stdout).toMatch(/^Actions :$/m);
    expect(fr.stdout).toMatch(/^Options globales :$/m);
    expect(fr.stdout).toMatch(/--tail N\s+.+\[avec logs\]/);
    const main = await runCli(['--help'], { LANG: 'fr_FR.UTF-8' });
    expect(main.stdout).toContain('Usage : cloudya <commande> [action] [arguments] [options]');
    expect(main.stdout).not.toMatch(/<command>|\[args\]/);
    // Placeholders match the French descriptions; an option scoped by its description is not scoped twice.
    const monitor = await runCli(['monitor', '--help', '--lang', 'fr']);
    expect(monitor.stdout).toMatch(/--file FICHIER\s+report : écrire dans FICHIER/);
    expect(monitor.stdout).not.toContain('[avec report]');
    expect((await runCli(['configure', '--help', '--lang', 'fr'])).stdout).toMatch(/set CLÉ VALEUR\s+Valider/);
  });

  it('help with --output json is one JSON document too (commands; a command\'s actions, options, examples)', async () => {
    const top = await runCli(['--output', 'json']);
    expect(top.code).toBe(0);
    const doc = JSON.parse(top.stdout) as { commands: Array<{ name: string }> };
    expect(doc.commands.map((c) => c.name)).toContain('deploy');
    const deploy = JSON.parse((await runCli(['deploy', '--help', '-o', 'json'])).stdout) as { actions: Array<{ name: string }>; options: Array<{ name: string; actions?: string[] }>; examples: string[] };
    expect(deploy.actions.map((a) => a.name)).toContain('destroy');
    expect(deploy.options).toContainEqual(expect.objectContaining({ name: '--tail', actions: ['logs'] }));
    expect(deploy.examples.length).toBeGreaterThan(0);
  });

  it('too many arguments is a usage error naming the extra one', async () => {
    const r = await runCli(['configure', 'get', 'ai.model', 'extra'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"extra"');
  });

  it('an option given to an action it does not belong to is refused, naming where it belongs (not silently ignored)', async () => {
    const home = tempHome();
    const tail = await runCli(['deploy', 'list-deployments', '--tail', '5'], { CLOUDYA_HOME: home });
    expect(tail.code).toBe(2);
    expect(tail.stderr).toContain('--tail');
    expect(tail.stderr).toContain('cloudya deploy logs');
    const live = await runCli(['monitor', 'report', '--no-graphics', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('ne s’applique pas à « cloudya monitor report »');
    const json = await runCli(['diagnose', 'system', '--ports', '80', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('option_not_for_action');
    // The same options where they belong are accepted.
    const ok = await runCli(['monitor', '--count', '1', '--no-record', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(ok.code).toBe(0);
  });
});

describe('the real binary', () => {
  it('--version and version agree', async () => {
    const { runBin } = await import('../helpers/cli.js');
    const a = await runBin(['--version']);
    const b = await runBin(['version', '-o', 'json'], { CLOUDYA_HOME: tempHome() });
    expect(a.code).toBe(0);
    expect(JSON.parse(b.stdout).version).toBe(a.stdout.trim());
  });

  it('CLOUDYA_DEBUG=1 logs timings on stderr and keeps stdout clean', async () => {
    const { runBin } = await import('../helpers/cli.js');
    const r = await runBin(['configure', '-o', 'json'], { CLOUDYA_HOME: tempHome(), CLOUDYA_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[cloudya \+\s*[\d.]+ms\] command configure( show)? took/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('interruption', () => {
  async function interrupted(argv: string[], env: NodeJS.ProcessEnv) {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const [stdout, stderr, stdin] = [new PassThrough(), new PassThrough(), new PassThrough()];
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    stdin.end();
    const controller = new AbortController();
    controller.abort();
    const code = await main(argv, { io: { stdout, stderr, stdin }, env: { PATH: process.env.PATH, NO_COLOR: '1', CLOUDYA_HOME: tempHome(), ...env }, signal: controller.signal });
    return { code, stdout: out, stderr: err };
  }

  it('says "interrupted" in the language of the user, exit 130', async () => {
    const fr = await interrupted(['ask', 'create a secure s3 bucket'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.code).toBe(130);
    expect(fr.stderr).toContain('interrompu');
    expect(fr.stderr).not.toMatch(/Interrupted/i);
    const json = await interrupted(['ask', 'create a secure s3 bucket', '--lang', 'fr', '-o', 'json'], {});
    expect(json.code).toBe(130);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'interrupted', message: 'interrompu', exit_code: 130 });
  });
});

describe('colour', () => {
  async function onTerminal(argv: string[], env: NodeJS.ProcessEnv) {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const [stderr, stdin] = [new PassThrough(), new PassThrough()];
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stdin.end();
    await main(argv, { io: { stdout, stderr, stdin }, env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8', CLOUDYA_HOME: tempHome(), ...env } });
    return out;
  }

  it('colours a terminal unless --no-color or a non-empty NO_COLOR (no-color.org)', async () => {
    expect(await onTerminal(['validate', 'rm -rf /'], {})).toMatch(/\u001b\[\d+m/);
    expect(await onTerminal(['validate', 'rm -rf /'], { NO_COLOR: '' })).toMatch(/\u001b\[\d+m/);
    expect(await onTerminal(['validate', 'rm -rf /'], { NO_COLOR: '1' })).not.toContain('\u001b');
    expect(await onTerminal(['validate', 'rm -rf /', '--no-color'], {})).not.toContain('\u001b');
  });
});

describe('confirmation prompt on a terminal', () => {
  async function answerWith(key: string) {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => {
      err += d.toString();
      // Answer once the question is on screen, as a person would.
      if (/\[y\/N\]/.test(err) && !answered) {
        answered = true;
        if (key === 'EOF') stdin.end();
        else stdin.write(key);
      }
    });
    let answered = false;
    const home = tempHome();
    const code = await main(['exec', '--no-sandbox', 'echo ran-on-host'], { io: { stdout, stderr, stdin }, env: { PATH: process.env.PATH, NO_COLOR: '1', LANG: 'en_US.UTF-8', CLOUDYA_HOME: home } });
    return { code, stdout: out, stderr: err };
  }

  it('Ctrl+C at the question interrupts (exit 130) and nothing runs; end of input means no', async () => {
    const ctrlC = await answerWith('\u0003');
    expect(ctrlC.code).toBe(130);
    expect(ctrlC.stdout).not.toMatch(/^ran-on-host$/m);
    expect(ctrlC.stderr).toContain('interrupted');
    const eof = await answerWith('EOF');
    expect(eof.code).toBe(1);
    expect(eof.stdout).not.toMatch(/^ran-on-host$/m);
  });
});
