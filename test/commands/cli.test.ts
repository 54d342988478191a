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
