import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

/** Every command, as the registry finds them (one file per command in src/commands/). */
const COMMANDS = readdirSync(path.join(ROOT, 'src/commands'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

/** Writes `cloudya completion SHELL` to a file and returns its path. */
async function script(shell: 'bash' | 'zsh' | 'fish', home = tempHome()): Promise<string> {
  const r = await runCli(['completion', shell], { CLOUDYA_HOME: home });
  expect(r.code, r.stderr).toBe(0);
  const file = path.join(tempHome(), `c.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('cloudya completion', () => {
  it('prints a bash script that bash accepts and that completes commands and actions', async () => {
    const r = await runCli(['completion', 'bash'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(0);
    const file = path.join(tempHome(), 'c.bash');
    writeFileSync(file, r.stdout);
    // Source it and ask for completions the way bash would.
    const out = execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(cloudya conf); COMP_CWORD=1; _cloudya; echo "\${COMPREPLY[@]}"; COMP_WORDS=(cloudya configure s); COMP_CWORD=2; _cloudya; echo "\${COMPREPLY[@]}"; COMP_WORDS=(cloudya configure --ou); COMP_CWORD=2; _cloudya; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    const [cmds, actions, opts] = out.trim().split('\n');
    expect(cmds).toBe('configure');
    expect(actions.split(' ').sort()).toEqual(['set', 'show']);
    expect(opts).toBe('--output');
  });

  it('completes every command name in bash, and registers itself with complete -F', async () => {
    const file = await script('bash');
    const out = execFileSync('bash', ['-c', `source ${file}; complete -p cloudya; COMP_WORDS=(cloudya ''); COMP_CWORD=1; _cloudya; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    const [registration, ...names] = out.trim().split('\n');
    expect(registration).toBe('complete -F _cloudya cloudya');
    // With nothing typed yet, bash offers the commands and the global options.
    expect(names.filter((n) => !n.startsWith('-')).sort()).toEqual(COMMANDS);
    expect(names).toContain('--help');
  });

  it('refuses an unknown shell with exit 2', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown action "powershell"');
  });
});

describe('completion of deploy arguments', () => {
  it('offers template ids after "deploy show" and deployment ids after "deploy status"', async () => {
    const home = tempHome();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(home, 'deployments', 'local-demo-abc123'), { recursive: true });
    const r = await runCli(['completion', 'bash'], { CLOUDYA_HOME: home });
    const file = path.join(tempHome(), 'c.bash');
    writeFileSync(file, r.stdout);
    const complete = (words: string) =>
      execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _cloudya; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8', env: { ...process.env, CLOUDYA_HOME: home } }).trim();
    expect(complete('cloudya deploy show local/d')).toBe('local/demo');
    expect(complete('cloudya deploy status loc')).toBe('local-demo-abc123');
    expect(complete('cloudya diagnose deployment loc')).toBe('local-demo-abc123');
  });
});

describeWithTool('tmux', 'zsh completion in an interactive zsh (tmux)', () => {
  describeWithTool('zsh', 'zsh -i', () => {
    it('Tab completes commands, actions, options and templates the way a user sees it', { timeout: 120_000 }, async () => {
      const file = await script('zsh');
      const zdot = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-zsh-'));
      writeFileSync(path.join(zdot, '.zshrc'), `autoload -U compinit; compinit -u -d ${zdot}/zcompdump\nsource ${file}\nPS1='READY> '\n`);
      const t = new TmuxSession('zsh -i', { columns: 160, rows: 30, env: { ZDOTDIR: zdot, TERM: 'xterm' } });
      try {
        await t.waitFor((s) => s.includes('READY>'));
        // Each line: what is typed, then what the screen must show after Tab.
        const cases: Array<[string, (screen: string) => boolean]> = [
          ['cloudya conf', (s) => /READY> cloudya configure\s*$/m.test(s)],
          ['cloudya configure ', (s) => ['get', 'set', 'show', 'unset', '--output'].every((w) => new RegExp(`(^|\\s)${w}(\\s|$)`, 'm').test(s))],
          ['cloudya version --ou', (s) => /READY> cloudya version --output\s*$/m.test(s)],
          ['cloudya deploy show local/d', (s) => /READY> cloudya deploy show local\/demo\s*$/m.test(s)],
          ['cloudya ', (s) => COMMANDS.every((c) => new RegExp(`(^|\\s)${c}\\s`, 'm').test(s.split('READY>').at(-1)!))],
        ];
        for (const [typed, shows] of cases) {
          t.send('C-u', 'C-l');
          await t.waitFor((s) => /^READY> *$/m.test(s));
          t.send('-l', typed);
          t.send('Tab');
          await t.waitFor(shows);
        }
      } finally {
        t.kill();
        rmSync(zdot, { recursive: true, force: true });
      }
    });
  }, ['--version']);
}, ['-V']);

describeWithTool('zsh', 'zsh completion script', () => {
  it('prints a zsh script that zsh parses and registers with compsys', async () => {
    const file = await script('zsh');
    execFileSync('zsh', ['-n', file]);
    const registered = execFileSync('zsh', ['-fc', `autoload -U compinit; compinit -u -D; source ${file}; print -r -- $_comps[cloudya]`], { encoding: 'utf8' });
    expect(registered.trim()).toBe('_cloudya');
  });
}, ['--version']);

describeWithTool('fish', 'fish completion script', () => {
  it('prints a fish script that fish parses and that completes every command, actions, options and templates', async () => {
    const file = await script('fish');
    execFileSync('fish', ['--no-execute', file]);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]);
    expect(complete('cloudya ').sort()).toEqual(COMMANDS);
    expect(complete('cloudya configure ').sort()).toEqual(expect.arrayContaining(['get', 'set', 'show', 'unset']));
    expect(complete('cloudya configure --ou')).toEqual(['--output']);
    expect(complete('cloudya deploy show local/d')).toEqual(['local/demo']);
  });
}, ['--version']);
