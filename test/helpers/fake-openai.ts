/**
 * A local stand-in for an OpenAI-compatible server on 127.0.0.1, speaking the chat-completions wire
 * format: JSON answers, SSE streaming (chunks, a final usage chunk, [DONE]) and the API's error
 * bodies for 401, 404 (unknown model), 429 and 5xx. Tests script the replies one request at a time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  /** Answer with this HTTP error status and an OpenAI-style error body. */
  status?: number;
  /** The assistant's text, streamed in these pieces (a string is split in ~12-char pieces). */
  content?: string | string[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  /** Pause between streamed pieces. */
  chunkDelayMs?: number;
  /** Reply 400 when the request carries response_format (a server without structured outputs). */
  rejectResponseFormat?: boolean;
  /** Stream only this many pieces, then go silent with the connection left open (a stuck model). */
  stallAfter?: number;
  /** Stream only this many pieces, then close the connection without finish_reason nor [DONE]. */
  cutAfter?: number;
  /** Stream only this many pieces, then send this raw SSE data line (e.g. broken JSON) and end. */
  rawAfter?: { at: number; data: string };
}

export interface CapturedRequest {
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}

export interface FakeOpenAi {
  /** Base URL to put in ai.base_url (ends with /v1). */
  url: string;
  requests: CapturedRequest[];
  /** Queues replies for the next requests (after the queue empties, `fallback` answers). */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

const ERROR_BODIES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model." },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 20ms.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function sendError(res: ServerResponse, status: number, message?: string): void {
  const body = ERROR_BODIES[status] ?? { type: 'server_error', code: null, message: 'error' };
  // retry-after-ms keeps the client's single retry fast in tests.
  res.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '10' });
  res.end(JSON.stringify({ error: { message: message ?? body.message, type: body.type, param: null, code: body.code } }));
}

function pieces(content: string | string[]): string[] {
  if (Array.isArray(content)) return content;
  const out: string[] = [];
  for (let i = 0; i < content.length; i += 12) out.push(content.slice(i, i + 12));
  return out;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the fake server. `key`: the only accepted API key; `models`: the models it knows. */
export async function startFakeOpenAi(opts: { key?: string; models?: string[]; fallback?: FakeReply } = {}): Promise<FakeOpenAi> {
  const queue: FakeReply[] = [];
  const requests: CapturedRequest[] = [];
  const models = opts.models ?? ['gpt-test'];
  const fallback = opts.fallback ?? { content: '{"explanation":"ok","commands":[],"risks":[],"sources":[]}' };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return sendError(res, 404, `Unknown path ${req.url}`);
    if (opts.key && req.headers.authorization !== `Bearer ${opts.key}`) return sendError(res, 401);
    const model = String(body.model ?? '');
    if (!models.includes(model)) return sendError(res, 404, `The model \`${model}\` does not exist or you do not have access to it.`);
    const reply = queue.shift() ?? fallback;
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.rejectResponseFormat && body.response_format) return sendError(res, 400);
    if (reply.status) return sendError(res, reply.status);
    const content = reply.content ?? '';
    const usage = reply.usage ?? { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59 };
    const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const [i, piece] of pieces(content).entries()) {
      if (i === reply.stallAfter) return; // silent; closeAllConnections() ends it
      if (i === reply.cutAfter) return void res.end();
      if (i === reply.rawAfter?.at) return void res.end(`data: ${reply.rawAfter.data}\n\n`);
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (res.destroyed) return;
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.write('data: [DONE]\n\n');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
