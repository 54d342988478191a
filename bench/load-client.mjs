#!/usr/bin/env node
// The load generator of bench/server.mjs, in its own process so it never shares an event loop with the
// server it measures. Raw keep-alive sockets (no http.Agent, no parser allocation per request): each of
// N connections sends one request, reads one full response (Content-Length framed), sends the next.
// Input: one JSON argument {url, method, headers, body?, distinct?: string[], connections, warmupMs, ms}.
// Output: 'measuring' when the measured run starts, then one JSON line {requests, elapsed, rps, p50, p99, statuses, errors}.
import net from 'node:net';

const cfg = JSON.parse(process.argv[2]);
const url = new URL(cfg.url);
const target = `${url.pathname}${url.search}`;
const hostHeader = url.host;

function buildRequest(body) {
  const lines = [`${cfg.method} ${target} HTTP/1.1`, `host: ${hostHeader}`, 'connection: keep-alive'];
  for (const [k, v] of Object.entries(cfg.headers ?? {})) lines.push(`${k}: ${v}`);
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

const fixed = cfg.distinct ? undefined : buildRequest(cfg.body);
let counter = 0;
// Distinct bodies: a topic and a counter, so no two questions are the same (defeats answer caches).
const nextRequest = () => fixed ?? buildRequest(JSON.stringify({ ...JSON.parse(cfg.body), user_input: `${cfg.distinct[counter % cfg.distinct.length]} ${++counter}` }));

function connection(state) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    let buf = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (performance.now() >= state.deadline) {
        socket.end();
        return resolve();
      }
      sentAt = performance.now();
      socket.write(nextRequest());
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        const total = end + 4 + (m ? Number(m[1]) : 0);
        if (buf.length < total) return;
        const status = Number(head.slice(9, 12));
        buf = buf.subarray(total);
        if (state.recording) {
          state.latencies.push(performance.now() - sentAt);
          state.statuses[status] = (state.statuses[status] ?? 0) + 1;
        }
        send();
      }
    });
    socket.on('error', () => {
      state.errors++;
      resolve();
    });
    socket.on('close', () => resolve());
  });
}

async function run(ms, recording) {
  const state = { deadline: performance.now() + ms, recording, latencies: [], statuses: {}, errors: 0 };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: cfg.connections }, () => connection(state)));
  return { ...state, elapsed: (performance.now() - t0) / 1000 };
}

await run(cfg.warmupMs, false); // JIT, connection pools, caches
process.stdout.write('measuring\n'); // the parent samples the server's CPU time from here
const r = await run(cfg.ms, true);
const lat = Float64Array.from(r.latencies).sort();
const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : NaN);
process.stdout.write(`${JSON.stringify({ requests: lat.length, elapsed: r.elapsed, rps: lat.length / r.elapsed, p50: q(50), p99: q(99), statuses: r.statuses, errors: r.errors })}\n`);
