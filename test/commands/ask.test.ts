import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { BIN, ROOT, runBin, runCli, tempHome } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';

const KB = path.join(ROOT, 'test/fixtures/knowledge-mini');
const env = () => ({ CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: KB });

describe('cloudya ask (offline)', () => {
  it('renders the explanation, numbered commands with descriptions, risks and sources', async () => {
    const r = await runCli(['ask', 'make my s3 bucket private and encrypted'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Create a secure S3 bucket');
    expect(r.stdout).toMatch(/Commands:\n\s+1\. aws s3api create-bucket --bucket <bucket-name>/);
    expect(r.stdout).toMatch(/\n\s+2\. aws s3api put-public-access-block/);
    expect(r.stdout).toContain('Block every kind of public access');
    expect(r.stdout).toMatch(/Risks:\n\s+! Bucket names are global/);
    expect(r.stdout).toContain('https://docs.aws.amazon.com/AmazonS3/');
    // Markdown is rendered, not printed raw.
    expect(r.stdout).not.toContain('**');
  });

  it('answers in French with --lang fr', async () => {
    const r = await runCli(['ask', '--lang', 'fr', 'comment chiffrer un bucket s3 ?'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Créer un bucket S3 sécurisé');
    expect(r.stdout).toContain('Commandes :');
    expect(r.stdout).toMatch(/confirmation requise : /);
    expect(r.stdout).toContain('Bloquer tout accès public');
  });

  it('prints one JSON document with the structured answer, the engine and the timing', async () => {
    const r = await runCli(['ask', 'vpc with private subnets', '--output', 'json'], env());
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.engine).toBe('offline');
    expect(doc.entries).toEqual(['aws-vpc-public-private']);
    expect(typeof doc.timing_ms).toBe('number');
    expect(doc.commands).toEqual([expect.objectContaining({ command: 'aws ec2 create-vpc --cidr-block 10.0.0.0/16', description: 'Create the VPC' })]);
    expect(doc.explanation).toMatch(/NAT gateway/);
  });

  it('records every command shown, with its verdict, in the audit log', async () => {
    const e = env();
    const r = await runCli(['ask', 'make my s3 bucket private and encrypted', '-o', 'json'], e);
    expect(r.code).toBe(0);
    const shown = (JSON.parse(r.stdout) as { commands: Array<{ command: string; verdict: string }> }).commands;
    const lines = readFileSync(path.join(e.CLOUDYA_HOME, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.source, l.event, l.command, l.verdict])).toEqual(shown.map((c) => ['ask', 'validation', c.command, c.verdict]));
  });

  it('says honestly that it does not know an off-topic question', async () => {
    const r = await runCli(['ask', 'how do I bake a chocolate cake'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("I don't know this one");
    expect(r.stdout).not.toContain('Commands:');
  });

  it('reports a malformed knowledge file of the user with file and line, and still answers', async () => {
    const e = env();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(path.join(e.CLOUDYA_HOME, 'knowledge'));
    writeFileSync(path.join(e.CLOUDYA_HOME, 'knowledge', 'mine.yaml'), 'domain: x\nentries:\n  - id: x-one\n    title: [oops\n');
    const r = await runCli(['ask', 'docker compose for local development'], e);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*mine\.yaml:\d+: YAML syntax error/);
    expect(r.stdout).toContain('docker compose up --build -d');
  });

  it('rejects an unknown engine with a usage error', async () => {
    const r = await runCli(['ask', '--engine', 'gpt', 'hello'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--engine must be one of offline\|openai/);
  });
});

describe('a Cloudya home that is a file', () => {
  it('fails with one clear line naming CLOUDYA_HOME and the path (EN and FR), exit 1, instead of ENOTDIR', async () => {
    const file = path.join(tempHome(), 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await runCli(['ask', 'x'], { CLOUDYA_HOME: file, CLOUDYA_KNOWLEDGE_DIR: KB });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`CLOUDYA_HOME ${file} is a file, not a folder`);
    expect(r.stderr).toMatch(/hint: point CLOUDYA_HOME at a folder/);
    expect(r.stderr).not.toMatch(/ENOTDIR|unexpected error/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    const below = await runCli(['ask', 'x'], { CLOUDYA_HOME: path.join(file, 'sub'), CLOUDYA_KNOWLEDGE_DIR: KB });
    expect(below.code).toBe(1);
    expect(below.stderr).toContain(`${file} is a file, not a folder`);
    expect(below.stderr).not.toMatch(/ENOTDIR|unexpected error/);
    const fr = await runCli(['ask', '--lang', 'fr', 'x'], { CLOUDYA_HOME: file, CLOUDYA_KNOWLEDGE_DIR: KB });
    expect(fr.stderr).toContain(`CLOUDYA_HOME ${file} est un fichier, pas un dossier`);
  });
});

describe('cloudya ask --engine openai', () => {
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi({ key: 'sk-ask-test-0123456789abcdefgh', models: ['gpt-test'] });
  });
  afterAll(() => server.close());

  const aiEnv = (over: Record<string, string> = {}) => ({
    ...env(),
    CLOUDYA_AI_BASE_URL: server.url,
    CLOUDYA_AI_MODEL: 'gpt-test',
    OPENAI_API_KEY: 'sk-ask-test-0123456789abcdefgh',
    ...over,
  });

  it('shows the model answer with usage, and JSON carries usage and model', async () => {
    const content = JSON.stringify({ explanation: 'Use `kubectl rollout undo`.', commands: [{ command: 'kubectl rollout undo deployment/<name>', description: 'Go back one revision' }], risks: [], sources: [] });
    server.enqueue({ content }, { content });
    const r = await runCli(['ask', '--engine', 'openai', 'rollback my deployment'], aiEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\. kubectl rollout undo deployment\/<name>/);
    expect(r.stdout).toMatch(/openai \(gpt-test\).*59 tokens/);
    const j = await runCli(['ask', '--engine', 'openai', 'rollback my deployment', '-o', 'json'], aiEnv());
    const doc = JSON.parse(j.stdout) as { engine: string; model: string; usage: { total_tokens: number } };
    expect(doc.engine).toBe('openai');
    expect(doc.model).toBe('gpt-test');
    expect(doc.usage.total_tokens).toBe(59);
  });

  it('shows the text arriving as a one-line ticker on a terminal stderr, then the rendered answer on stdout', async () => {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 60 });
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const stdin = new PassThrough();
    stdin.end();
    server.enqueue({ content: JSON.stringify({ explanation: 'Drain the node **first**, then upgrade it.', commands: [], risks: [], sources: [] }) });
    const code = await main(['ask', '--engine', 'openai', 'upgrade a node'], { io: { stdin, stdout, stderr }, env: { ...aiEnv(), NO_COLOR: '1' } });
    expect(code).toBe(0);
    // NO_COLOR: the ticker clears its line but is not dimmed.
    expect(err).toContain('\r\u001b[2KDrain the node');
    expect(err).not.toMatch(/\u001b\[\d+m/);
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
    expect(out).toContain('Drain the node first, then upgrade it.');
  });

  it('fails with one line and a hint on a bad key, without printing the key', async () => {
    const r = await runCli(['ask', '--engine', 'openai', 'hello'], aiEnv({ OPENAI_API_KEY: 'sk-wrong-0123456789abcdefghijk' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused the API key \(401\)/);
    // The hint reads whole: redaction must not eat the words after a variable name in prose.
    expect(r.stderr).toContain('hint: check the key in $OPENAI_API_KEY (it is never printed), or point ai.api_key_env at the right variable');
    expect(r.stderr + r.stdout).not.toContain('sk-wrong');
  });

  it('a model that goes silent mid-answer fails with "incomplete" (text and JSON, EN and FR), exit 1, nothing shown as an answer', async () => {
    const partial = { content: ['Hello, partial', ' and more'], stallAfter: 1 };
    server.enqueue(partial, partial, partial);
    // 3 s, not 1: the first chunk must come within the timeout too, from a fake server in a busy test process.
    const env1 = aiEnv({ CLOUDYA_AI_TIMEOUT_SECONDS: '3' });
    const r = await runCli(['ask', '--engine', 'openai', 'docker ps'], env1);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Hello, partial');
    expect(r.stderr).toContain('the model stopped answering after 3 s; the answer is incomplete');
    const j = await runCli(['ask', '--engine', 'openai', 'docker ps', '-o', 'json'], env1);
    expect(j.code).toBe(1);
    expect(j.stdout).not.toContain('Hello, partial');
    expect(j.stdout + j.stderr).toContain('ai_incomplete');
    const fr = await runCli(['ask', '--lang', 'fr', '--engine', 'openai', 'docker ps'], env1);
    expect(fr.code).toBe(1);
    expect(fr.stderr).toContain('le modèle a cessé de répondre après 3 s ; la réponse est incomplète');
  });

  it('a stream event that is not JSON gives one line saying so (no SDK dump, no "unexpected error"), exit 1', async () => {
    const broken = { content: ['{"explanation": "Hel', 'lo"}'], rawAfter: { at: 1, data: '{not json' } };
    server.enqueue(broken);
    // A real process: the SDK's own console output would land on its stderr.
    const r = await runBin(['ask', '--engine', 'openai', 'hello'], aiEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cloudya: error: the model server sent an answer that is not valid JSON \(127\.0\.0\.1:\d+\)\nhint: check that ai\.base_url/m);
    expect(r.stderr).not.toMatch(/Could not parse|From chunk|unexpected error/);
    // The progress line ("gpt-test @ host"), the error, its hint: nothing else.
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
  });

  it('explains an unknown model in French', async () => {
    const r = await runCli(['ask', '--lang', 'fr', '--engine', 'openai', 'bonjour'], aiEnv({ CLOUDYA_AI_MODEL: 'llama-nope' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/modèle « llama-nope » introuvable/);
  });
});

/** Runs the built CLI in a throwaway working directory (what -e may write to). */
function runIn(cwd: string, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...argv], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
    child.stdin?.end();
  });
}

/** A directory under the run's scratch folder (removed when the run ends), never loose in /tmp. */
function scratchDir(prefix: string): string {
  const root = process.env.CLOUDYA_TEST_TMP;
  if (!root) throw new Error('CLOUDYA_TEST_TMP is not set (run the tests through vitest.config.ts)');
  return mkdtempSync(path.join(root, prefix));
}

describeWithTool('bwrap', 'cloudya ask -e (sandboxed execution of the proposed commands)', () => {
  const execEnv = () => ({ CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-exec') });

  it('runs allowed commands, confirms once per confirm command (--yes), never runs a denied one, skips placeholders', async () => {
    const cwd = scratchDir('cloudya-ask-e-');
    const env = execEnv();
    const r = await runIn(cwd, ['ask', '-e', '--yes', 'run the cloudya execution demo'], env);
    expect(r.code).toBe(0);
    // Each proposed command shows its verdict before anything runs.
    expect(r.stdout).toMatch(/2\. touch made-by-cloudya\.txt\n.*\n\s+\? needs confirmation: writes made-by-cloudya\.txt/);
    expect(r.stdout).toMatch(/3\. rm -rf \/\n.*\n\s+✘ blocked: deletes the filesystem root/);
    expect(r.stdout).toMatch(/1\. echo cloudya-exec-ok\n.*\n\s+✔ allowed/);
    expect(r.stdout).toMatch(/▶ 1\. echo cloudya-exec-ok\ncloudya-exec-ok\n\s+exit 0 \(bubblewrap/);
    expect(r.stdout).toMatch(/▶ 2\. touch made-by-cloudya\.txt\n\s+exit 0/);
    expect(existsSync(path.join(cwd, 'made-by-cloudya.txt'))).toBe(true);
    expect(r.stdout).toMatch(/▶ 3\. rm -rf \/\n\s+not run: blocked by the safety check \(deletes the filesystem root/);
    expect(r.stdout).toMatch(/▶ 4\. cat <file-name>\n\s+skipped: fill in <file-name> first/);
    const audit = readFileSync(path.join(env.CLOUDYA_HOME, 'audit.log'), 'utf8');
    expect(audit).toMatch(/"source":"ask","event":"execution","command":"rm -rf \/","verdict":"deny"/);
  });

  it('without a terminal or --yes, stops at the first command needing confirmation', async () => {
    const cwd = scratchDir('cloudya-ask-e-');
    const r = await runIn(cwd, ['ask', '-e', 'run the cloudya execution demo'], execEnv());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cloudya-exec-ok');
    expect(r.stdout).toMatch(/▶ 2\. touch made-by-cloudya\.txt\n\s+could not run: confirmation needed \(.*made-by-cloudya\.txt.*\), but there is no terminal/);
    expect(r.stdout).not.toContain('▶ 3.');
    expect(existsSync(path.join(cwd, 'made-by-cloudya.txt'))).toBe(false);
  });

  it('keeps stdout one JSON document with what ran', async () => {
    const cwd = scratchDir('cloudya-ask-e-');
    const r = await runIn(cwd, ['ask', '-e', '--yes', '-o', 'json', 'run the cloudya execution demo'], execEnv());
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { executed: Array<{ command: string; ran: boolean; exit_code: number | null; reason?: string; verdict?: string }> };
    expect(doc.executed.map((e) => [e.ran, e.reason ?? null])).toEqual([
      [true, null],
      [true, null],
      [false, 'denied'],
      [false, 'placeholders'],
    ]);
    expect(r.stderr).toContain('cloudya-exec-ok');
  });

  it('does not run a proposed sudo line in the sandbox: a one-line "needs the host" result, not exit 127', async () => {
    const cwd = scratchDir('cloudya-ask-e-');
    const knowledge = scratchDir('cloudya-ask-e-kb-');
    writeFileSync(path.join(knowledge, 'linux.yaml'), [
      'domain: linux',
      'entries:',
      '  - id: linux-sudo-demo',
      '    title: {en: Port owner demo, fr: Démo port}',
      '    questions: {en: ["which process owns the cloudya demo port"], fr: ["quel processus tient le port démo cloudya"]}',
      '    keywords: {en: [cloudya, port, demo], fr: [cloudya, port, démo]}',
      '    explanation: {en: Uses sudo., fr: Utilise sudo.}',
      '    commands:',
      '      - command: sudo ss -tlnp | grep 8080',
      '        description: {en: Needs root, fr: Demande root}',
      '    risks: {en: ["none"], fr: ["aucun"]}',
      '    docs: ["https://man7.org/linux/man-pages/man8/ss.8.html"]',
      '',
    ].join('\n'));
    const r = await runIn(cwd, ['ask', '-e', '--yes', '-o', 'json', 'which process owns the cloudya demo port'], { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: knowledge });
    expect(r.stderr).toMatch(/▶ 1\. sudo ss -tlnp \| grep 8080\n\s+not run: sudo needs the host.*--no-sandbox/);
    expect(r.stderr).not.toContain('command not found');
    const doc = JSON.parse(r.stdout) as { executed: Array<{ ran: boolean; reason?: string; exit_code: number | null }> };
    expect(doc.executed).toEqual([expect.objectContaining({ ran: false, reason: 'needs-host', exit_code: null })]);
  });
});
