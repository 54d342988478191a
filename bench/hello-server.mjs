#!/usr/bin/env node
// The reference ceiling of bench/server.mjs: a bare Fastify "hello" (no logger, one route with a response
// schema) measured in the same run, so Cloudya's figures can be read as a fraction of what Fastify itself
// does on this machine at this moment (the machine is shared: absolute figures move with its load).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } }, async () => ({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stderr.write(`listening on ${address}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
