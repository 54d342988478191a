import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { BIN, ROOT, runBin, runCli, tempHome } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';

const KB = path.join(ROOT, 'test/fixtures/knowledge-mini');
const env = (home = tempHome()) => ({ CLOUDYA_HOME: home, CLOUDYA_KNOWLEDGE_DIR: KB });
/** Polls captured output until it matches (a loaded machine may take seconds), else fails showing it. */
async function waitForText(read: () => string, re: RegExp, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!re.test(read())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timeout waiting for ${re}; output:\n${read()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const historyFiles = (home: string) => (existsSync(path.join(home, 'history')) ? readdirSync(path.join(home, 'history')).filter((f) => f.endsWith('.json')) : []);

describe('readline chat with piped stdin', () => {
  it('answers each line, exits 0 at end of input and saves the conversation', async () => {
    const home = tempHome();
    const r = await runCli(['chat'], env(home), 'make my s3 bucket private\n\ndocker compose for local dev\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Create a secure S3 bucket');
    expect(r.stdout).toMatch(/1\. aws s3api create-bucket/);
    expect(r.stdout).toContain('docker compose up --build -d');
    const files = historyFiles(home);
    expect(files).toHaveLength(1);
    const saved = JSON.parse(readFileSync(path.join(home, 'history', files[0]), 'utf8')) as { messages: Array<{ role: string; content: string }> };
    expect(saved.messages.map((x) => x.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(saved.messages[2].content).toBe('docker compose for local dev');
  });

  it("gives each answer's safety reasons in the answer's language, like its labels (a French question under an English LANG)", async () => {
    const bundled = { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' };
    const json = await runCli(['chat', '--output', 'json'], bundled, 'supprimer un bucket s3 et tout son contenu\ndelete an s3 bucket and everything in it\n');
    expect(json.code).toBe(0);
    const [fr, en] = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { lang: string; commands: Array<{ verdict?: string; reasons?: Array<{ message: string }> }> });
    const reasons = (a: typeof fr) => a.commands.filter((c) => c.verdict && c.verdict !== 'allow').flatMap((c) => c.reasons!.map((r) => r.message));
    expect(fr.lang).toBe('fr');
    expect(reasons(fr).length).toBeGreaterThan(0);
    // The validator's French catalogue: accented words or French articles, and none of the English reason.
    for (const message of reasons(fr)) expect(message).toMatch(/[éèàêç]|\b(la|le|les|des|une?)\b/);
    expect(reasons(fr)).not.toEqual(reasons(en));
    // Text mode: the label and the reason under a French answer are both French.
    const text = await runCli(['chat'], { ...bundled, NO_COLOR: '1' }, 'supprimer un bucket s3 et tout son contenu\n');
    expect(text.stdout).toMatch(/Commandes/);
    expect(text.stdout).toContain(reasons(fr)[0]);
  });

  it('stops at quit, and clear starts a new conversation', async () => {
    const home = tempHome();
    const r = await runCli(['chat', '--no-graphics'], env(home), 'vpc with private subnets\nclear\ndocker compose for local dev\nquit\nmake my s3 bucket private\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('aws ec2 create-vpc');
    expect(r.stdout).toContain('docker compose up');
    expect(r.stdout).not.toContain('aws s3api create-bucket');
    expect(r.stderr).toContain('Conversation cleared');
    expect(historyFiles(home)).toHaveLength(2);
  });

  it('writes one JSON line per answer with --output json', async () => {
    const r = await runCli(['chat', '--output', 'json'], env(), 'vpc with private subnets\nhow do I bake a chocolate cake\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; engine: string; entries: string[]; unknown?: boolean; conversation: string });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ question: 'vpc with private subnets', engine: 'offline', entries: ['aws-vpc-public-private'] });
    expect(lines[1].unknown).toBe(true);
    expect(lines[0].conversation).toBe(lines[1].conversation);
  });

  it('resumes the latest conversation, or a given one, and lists them', async () => {
    const home = tempHome();
    await runCli(['chat'], env(home), 'vpc with private subnets\n');
    const [file] = historyFiles(home);
    const id = file.replace(/\.json$/, '');
    const again = await runCli(['chat', '--resume'], env(home), 'docker compose for local dev\n');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`Resumed conversation ${id} (2 messages)`);
    expect(historyFiles(home)).toEqual([file]);
    const saved = JSON.parse(readFileSync(path.join(home, 'history', file), 'utf8')) as { messages: unknown[] };
    expect(saved.messages).toHaveLength(4);
    const byId = await runCli(['chat', '--resume', id], env(home), '');
    expect(byId.code).toBe(0);
    const missing = await runCli(['chat', '--resume', '20200101-000000-dead'], env(home), '');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no saved conversation "20200101-000000-dead"/);
    const list = await runCli(['chat', '--list', '-o', 'json'], env(home));
    expect((JSON.parse(list.stdout) as Array<{ id: string; messages: number }>)[0]).toMatchObject({ id, messages: 4 });
    const stray = await runCli(['chat', id], env(home));
    expect(stray.code).toBe(2);
  });

  it('a resumed conversation goes on with the configured engine, not the one it was held with', async () => {
    const home = tempHome();
    await runCli(['chat'], env(home), 'vpc with private subnets\n');
    const [file] = historyFiles(home);
    const saved = path.join(home, 'history', file);
    // As if held with --engine openai: resuming must not need that engine's key.
    writeFileSync(saved, JSON.stringify({ ...JSON.parse(readFileSync(saved, 'utf8')), engine: 'openai' }));
    const again = await runCli(['chat', '--resume', '--output', 'json'], { ...env(home), OPENAI_API_KEY: '' }, 'docker compose for local dev\n');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ engine: 'offline', entries: ['docker-compose-development'] });
  });

  it('reports a malformed knowledge file with file and line before answering', async () => {
    const home = tempHome();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(path.join(home, 'knowledge'));
    writeFileSync(path.join(home, 'knowledge', 'team.yaml'), 'domain: team\nentries:\n  - id: Bad Id\n');
    const r = await runCli(['chat'], env(home), 'vpc with private subnets\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*team\.yaml:3: Bad Id: .*kebab-case/);
    expect(r.stdout).toContain('aws ec2 create-vpc');
  });

  it('skips binary lines with one warning and sends only the text lines to the engine', async () => {
    // Deterministic "random" bytes (a linear congruential generator), with one real question inside.
    let seed = 12345;
    const garbage = (n: number) => Buffer.from(Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 0xff));
    const input = Buffer.concat([garbage(10_000), Buffer.from('\nvpc with private subnets\n'), garbage(10_000), Buffer.from('\0nul inside\n')]);
    const linesIn = input.toString('utf8').split('\n').filter((l) => l.trim()).length;
    expect(linesIn).toBeGreaterThan(50);
    const home = tempHome();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    stdin.end(input);
    const code = await main(['chat', '--no-graphics'], { io: { stdin, stdout, stderr }, env: { ...env(home), NO_COLOR: '1' } });
    expect(code).toBe(0);
    expect(err.match(/skipped input that is not text/g)).toHaveLength(1);
    expect(out).toContain('aws ec2 create-vpc');
    const [file] = historyFiles(home);
    const saved = JSON.parse(readFileSync(path.join(home, 'history', file), 'utf8')) as { messages: Array<{ role: string; content: string }> };
    expect(saved.messages.filter((x) => x.role === 'user').map((x) => x.content)).toEqual(['vpc with private subnets']);
  });

  it('runs as a real process reading a pipe and exits at EOF', async () => {
    const r = await runBin(['chat', '--lang', 'fr'], env(), 'comment chiffrer un bucket s3\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Créer un bucket S3 sécurisé');
  });
});

describe('readline chat on a terminal', () => {
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi({ models: ['gpt-test'] });
  });
  afterAll(() => server.close());

  it('streams the answer, Ctrl+C interrupts it, a second Ctrl+C exits', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.resume();
    // Long enough (40 s of streaming) that a loaded machine cannot finish it before Ctrl+C lands.
    const long = JSON.stringify({ explanation: 'word '.repeat(2000), commands: [], risks: [], sources: [] });
    server.enqueue({ content: long, chunkDelayMs: 20 });
    const home = tempHome();
    const done = main(['chat', '--no-graphics', '--engine', 'openai'], {
      io: { stdin, stdout, stderr },
      env: { ...env(home), CLOUDYA_AI_BASE_URL: server.url, CLOUDYA_AI_MODEL: 'gpt-test', NO_COLOR: '1' },
    });
    const waitFor = (re: RegExp) => waitForText(() => out, re);
    await waitFor(/cloudya> /);
    stdin.write('explain something long\r');
    await waitFor(/word word word/);
    stdin.write('\u0003');
    await waitFor(/answer interrupted/);
    expect(out).not.toMatch(/word (word ){1500}/);
    // The second Ctrl+C exits.
    stdin.write('\u0003');
    expect(await done).toBe(0);
    const saved = historyFiles(home);
    expect(saved).toEqual([]);
  });

  it('an answer cut short (model silent, or connection closed) is an error, exit 1, and is not saved as an answer', async () => {
    server.enqueue({ content: ['Hello, partial', ' and more'], stallAfter: 1 }, { content: ['Cut here', ' and more'], cutAfter: 1 });
    const home = tempHome();
    const aiEnv = { ...env(home), CLOUDYA_AI_BASE_URL: server.url, CLOUDYA_AI_MODEL: 'gpt-test', CLOUDYA_AI_TIMEOUT_SECONDS: '3' };
    const r = await runCli(['chat', '--no-graphics', '--engine', 'openai'], aiEnv, 'docker ps\ndocker images\n');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/Hello, partial|Cut here/);
    expect(r.stderr).toContain('the model stopped answering after 3 s; the answer is incomplete');
    expect(r.stderr).toMatch(/closed the connection mid-answer .*the answer is incomplete/);
    for (const file of historyFiles(home)) {
      const saved = JSON.parse(readFileSync(path.join(home, 'history', file), 'utf8')) as { messages: Array<{ role: string; content: string; incomplete?: boolean }> };
      expect(saved.messages.filter((x) => x.role === 'assistant' && !x.incomplete)).toEqual([]);
    }
  });

  it('at an idle prompt, Ctrl+C warns first and a second one exits; quit exits too', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const done = main(['chat', '--no-graphics'], { io: { stdin, stdout, stderr: new PassThrough() }, env: env() });
    await waitForText(() => out, /cloudya> /);
    stdin.write('\u0003');
    await waitForText(() => out, /press Ctrl\+C again/);
    stdin.write('q\r');
    expect(await done).toBe(0);
  });
});

describe('readline front end', () => {
  it('imports neither Ink nor React (it must work where the TUI cannot)', () => {
    const dir = path.join(ROOT, 'src/readline');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from ['"](ink|react|ink-[\w-]+)['"]|import\(['"](ink|react)['"]\)|screens\/|components\//);
    }
  });
});

describeWithTool('bwrap', 'readline chat -e', () => {
  it('runs the commands of each answer in the sandbox (deny never runs)', async () => {
    const cwd = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-chat-e-'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-exec') };
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [BIN, 'chat', '-e', '--yes'], { cwd, env, timeout: 60_000 }, (error, stdout) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout) }),
      );
      child.stdin?.end('run the cloudya execution demo\n');
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/▶ 1\. echo cloudya-exec-ok\ncloudya-exec-ok/);
    expect(r.stdout).toMatch(/▶ 3\. rm -rf \/\n\s+not run: blocked/);
    expect(existsSync(path.join(cwd, 'made-by-cloudya.txt'))).toBe(true);
  });
});
