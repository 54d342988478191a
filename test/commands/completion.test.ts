import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

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

  it('prints zsh and fish scripts naming every command', async () => {
    for (const shell of ['zsh', 'fish']) {
      const r = await runCli(['completion', shell], { CLOUDYA_HOME: tempHome() });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('configure');
      expect(r.stdout).toContain('completion');
    }
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
    expect(complete('cloudya deploy show local/')).toBe('local/demo');
    expect(complete('cloudya deploy status loc')).toBe('local-demo-abc123');
    expect(complete('cloudya diagnose deployment loc')).toBe('local-demo-abc123');
  });
});
