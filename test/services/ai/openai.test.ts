import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudyaError } from '../../../src/core/errors.js';
import { createOpenAiEngine } from '../../../src/services/ai/openai.js';
import type { EngineEvent } from '../../../src/services/ai/types.js';
import { openKnowledge } from '../../../src/services/knowledge/index.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

const KEY = 'sk-test-abcdefghijklmnopqrstuvwxyz123456';
const knowledge = openKnowledge({ CLOUDYA_HOME: tempHome() }, [path.join(ROOT, 'test/fixtures/knowledge-mini')]);
let server: FakeOpenAi;

beforeAll(async () => {
  server = await startFakeOpenAi({ key: KEY, models: ['gpt-test'] });
});
afterAll(async () => {
  await server.close();
});

function engine(over: { model?: string; key?: string; baseUrl?: string; timeoutSeconds?: number } = {}) {
  return createOpenAiEngine({
    baseUrl: over.baseUrl ?? server.url,
    model: over.model ?? 'gpt-test',
    apiKeyEnv: 'TEST_AI_KEY',
    timeoutSeconds: over.timeoutSeconds ?? 10,
    env: { TEST_AI_KEY: over.key ?? KEY },
    knowledge,
  });
}

async function run(e = engine(), question = 'How do I make my s3 bucket private?', signal?: AbortSignal) {
  const events: EngineEvent[] = [];
  let error: unknown;
  try {
    for await (const ev of e.ask({ messages: [{ role: 'user', content: question }], lang: 'en', signal })) events.push(ev);
  } catch (err) {
    error = err;
  }
  return { events, error: error as CloudyaError | undefined, tokens: events.filter((x) => x.type === 'token').map((x) => (x as { text: string }).text) };
}

const STRUCTURED = JSON.stringify({
  explanation: 'Block public access, then enable **default encryption**.',
  commands: [{ command: 'aws s3api put-public-access-block --bucket <bucket-name> --public-access-block-configuration BlockPublicAcls=true', description: 'Block public access' }],
  risks: ['Existing public links stop working'],
  sources: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
});

describe('openai engine against a chat-completions server', () => {
  it('streams the explanation text, then ends with the structured answer and token usage', async () => {
    server.enqueue({ content: STRUCTURED, usage: { prompt_tokens: 321, completion_tokens: 54, total_tokens: 375 } });
    const { events, error, tokens } = await run();
    expect(error).toBeUndefined();
    expect(tokens.length).toBeGreaterThan(2);
    expect(tokens.join('')).toBe('Block public access, then enable **default encryption**.');
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error('no answer');
    expect(done.answer.commands[0].command).toMatch(/^aws s3api put-public-access-block/);
    expect(done.answer.risks).toEqual(['Existing public links stop working']);
    expect(done.answer.usage).toEqual({ prompt_tokens: 321, completion_tokens: 54, total_tokens: 375 });
    expect(done.answer.model).toBe('gpt-test');
  });

  it('sends the key as a bearer token, asks for the JSON schema, and grounds the model with knowledge entries', async () => {
    server.enqueue({ content: STRUCTURED });
    await run(engine(), 'Comment chiffrer un bucket S3 ?');
    const req = server.requests.at(-1)!;
    expect(req.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.stream).toBe(true);
    expect(req.body.stream_options).toEqual({ include_usage: true });
    const rf = req.body.response_format as { type: string; json_schema: { schema: { required: string[] } } };
    expect(rf.type).toBe('json_schema');
    expect(rf.json_schema.schema.required).toEqual(['explanation', 'commands', 'risks', 'sources']);
    const messages = req.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0].role).toBe('system');
    expect(messages.some((msg) => msg.role === 'system' && msg.content.includes('(aws-s3-secure-bucket)'))).toBe(true);
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Comment chiffrer un bucket S3 ?' });
  });

  it('grounds a machine-written request (a diagnosis finding) on its subject, not on the generic wording around it', async () => {
    server.enqueue({ content: STRUCTURED });
    const question = 'Explain this problem and how to fix it.';
    const oneNote = createOpenAiEngine({ baseUrl: server.url, model: 'gpt-test', apiKeyEnv: 'TEST_AI_KEY', timeoutSeconds: 10, env: { TEST_AI_KEY: KEY }, knowledge, groundingEntries: 1 });
    for await (const ev of oneNote.ask({ messages: [{ role: 'user', content: question }], subject: 'VPC with public and private subnets', context: 'bucket logs show s3 access', lang: 'en' })) void ev;
    const messages = server.requests.at(-1)!.body.messages as Array<{ role: string; content: string }>;
    expect(messages.some((msg) => msg.role === 'system' && msg.content.includes('(aws-vpc-public-private)'))).toBe(true);
    expect(messages.at(-1)).toEqual({ role: 'user', content: question });
  });

  it('grounds a follow-up ("and how do I delete it?") on the topic it refers to', async () => {
    server.enqueue({ content: STRUCTURED });
    const oneNote = createOpenAiEngine({ baseUrl: server.url, model: 'gpt-test', apiKeyEnv: 'TEST_AI_KEY', timeoutSeconds: 10, env: { TEST_AI_KEY: KEY }, knowledge, groundingEntries: 1 });
    const messages = [
      { role: 'user' as const, content: 'docker compose for local development' },
      { role: 'assistant' as const, content: 'Use a compose file with bind mounts.' },
      { role: 'user' as const, content: 'and how do I delete it?' },
    ];
    for await (const ev of oneNote.ask({ messages, lang: 'en' })) void ev;
    const sent = server.requests.at(-1)!.body.messages as Array<{ role: string; content: string }>;
    expect(sent.some((msg) => msg.role === 'system' && msg.content.includes('(docker-compose-development)'))).toBe(true);
  });

  it('handles a model that answers in prose with a fenced shell block', async () => {
    server.enqueue({ content: 'You can list pods:\n\n```bash\nkubectl get pods -n <namespace>\n```\n' });
    const { events, tokens } = await run();
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error('no answer');
    expect(tokens.join('')).toContain('You can list pods');
    expect(done.answer.commands).toEqual([{ command: 'kubectl get pods -n <namespace>', description: '' }]);
  });

  it('keeps the explanation of a JSON reply cut short instead of showing raw JSON', async () => {
    server.enqueue({ content: '{"explanation":"Use a **multi-stage** build.\\n\\n```bash\\ndocker build -t app .\\n```\\n","commands":[{"command":"docker bu' });
    const { events } = await run();
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error('no answer');
    expect(done.answer.explanation).toBe('Use a **multi-stage** build.\n\n```bash\ndocker build -t app .\n```');
    expect(done.answer.commands).toEqual([{ command: 'docker build -t app .', description: '' }]);
  });

  it('sends only the latest turns of a long conversation', async () => {
    server.enqueue({ content: STRUCTURED });
    const history = Array.from({ length: 30 }, (_, i) => ({ role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', content: `turn ${i}` }));
    for await (const _ of engine().ask({ messages: [...history, { role: 'user', content: 'last question' }], lang: 'en' })) void _;
    const sent = server.requests.at(-1)!.body.messages as Array<{ role: string; content: string }>;
    const turns = sent.filter((x) => x.role !== 'system');
    expect(turns).toHaveLength(20);
    expect(turns.at(-1)!.content).toBe('last question');
  });

  it('asks again without response_format when the server does not support it', async () => {
    server.enqueue({ rejectResponseFormat: true, content: STRUCTURED });
    const before = server.requests.length;
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expect(server.requests.length - before).toBe(2);
    expect(server.requests.at(-1)!.body.response_format).toBeUndefined();
    expect(events.at(-1)!.type).toBe('done');
  });

  it('retries once on 429 and 500, then succeeds', async () => {
    for (const status of [429, 500]) {
      server.enqueue({ status }, { content: STRUCTURED });
      const before = server.requests.length;
      const { error, events } = await run();
      expect(error).toBeUndefined();
      expect(server.requests.length - before).toBe(2);
      expect(events.at(-1)!.type).toBe('done');
    }
  });

  it('gives one clear error per failure, never showing the key', async () => {
    const cases: Array<[() => Promise<Awaited<ReturnType<typeof run>>>, RegExp, string]> = [
      [() => run(engine({ key: 'sk-wrong-key-0123456789abcdefghij' })), /refused the API key \(401\)/, 'ai_auth'],
      [() => run(engine({ model: 'gpt-nope' })), /model "gpt-nope" not found at 127\.0\.0\.1:\d+ \(404\)/, 'ai_model_not_found'],
      [() => (server.enqueue({ status: 429 }, { status: 429 }), run()), /rate limit .*\(429\)/, 'ai_rate_limited'],
      [() => (server.enqueue({ status: 503 }, { status: 503 }), run()), /failed \(503\)/, 'ai_server'],
      [() => run(engine({ baseUrl: 'http://127.0.0.1:9/v1' })), /cannot reach the model API at http:\/\/127\.0\.0\.1:9\/v1/, 'ai_unreachable'],
    ];
    for (const [go, message, code] of cases) {
      const { error } = await go();
      expect(error).toBeInstanceOf(CloudyaError);
      expect(error!.message).toMatch(message);
      expect(error!.code).toBe(code);
      expect(`${error!.message} ${error!.hint}`).not.toMatch(/sk-wrong|sk-test/);
      expect(error!.hint).toBeTruthy();
    }
  });

  it('fails before any request when a remote server needs a key that is not set', async () => {
    const e = createOpenAiEngine({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKeyEnv: 'NOPE_KEY', timeoutSeconds: 5, env: {}, knowledge: null });
    const { error } = await run(e);
    expect(error!.code).toBe('ai_no_key');
    expect(error!.message).toMatch(/NOPE_KEY/);
  });

  it('times out on a silent server', async () => {
    server.enqueue({ delayMs: 2000, content: STRUCTURED });
    const { error } = await run(engine({ timeoutSeconds: 1 }));
    expect(error!.code).toBe('ai_timeout');
    expect(error!.message).toMatch(/within 1s/);
  });

  it('reports an answer cut short when the model goes silent mid-stream (never a complete answer)', async () => {
    server.enqueue({ content: ['Hello, partial', ' and the rest'], stallAfter: 1 });
    // 3 s, not 1: the first chunk must come within the timeout too, from a fake server in a busy test process.
    const { events, error, tokens } = await run(engine({ timeoutSeconds: 3 }));
    expect(tokens.join('')).toBe('Hello, partial');
    expect(events.some((x) => x.type === 'done')).toBe(false);
    expect(error).toBeInstanceOf(CloudyaError);
    expect(error!.code).toBe('ai_incomplete');
    expect(error!.message).toBe('the model stopped answering after 3 s; the answer is incomplete');
    expect(error!.hint).toBeTruthy();
  });

  it('reports an answer cut short when the connection closes before finish_reason and [DONE]', async () => {
    server.enqueue({ content: ['Hello, partial', ' and the rest'], cutAfter: 1 });
    const { events, error, tokens } = await run(engine());
    expect(tokens.join('')).toBe('Hello, partial');
    expect(events.some((x) => x.type === 'done')).toBe(false);
    expect(error!.code).toBe('ai_incomplete');
    expect(error!.message).toMatch(/closed .*the answer is incomplete/);
  });

  it('stops quietly when the user interrupts a streaming answer', async () => {
    server.enqueue({ content: STRUCTURED, chunkDelayMs: 50 });
    const controller = new AbortController();
    const e = engine();
    const seen: EngineEvent[] = [];
    for await (const ev of e.ask({ messages: [{ role: 'user', content: 'bucket' }], lang: 'en', signal: controller.signal })) {
      seen.push(ev);
      if (ev.type === 'token') controller.abort();
    }
    expect(seen.some((x) => x.type === 'done')).toBe(false);
  });
});
