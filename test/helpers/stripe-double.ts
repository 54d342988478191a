/**
 * A Stripe API stand-in on loopback speaking Stripe's wire format: form-encoded requests with bracket
 * keys, JSON objects carrying `object`, errors as {error:{type,code,decline_code,message}}, and
 * Idempotency-Key honoured (same key and path: the first answer again). The real SDK talks to it with
 * `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`.
 *
 * Test payment methods follow Stripe's test ids: pm_card_visa succeeds; pm_card_chargeDeclined,
 * pm_card_chargeDeclinedInsufficientFunds, pm_card_chargeDeclinedExpiredCard are declined.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeDouble {
  port: number;
  /** Every request received: method, path, form fields. */
  requests: Array<{ method: string; path: string; form: Record<string, string>; idempotencyKey?: string }>;
  objects: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

const DECLINES: Record<string, { decline_code: string; code: string; message: string }> = {
  pm_card_chargeDeclined: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  pm_card_chargeDeclinedExpiredCard: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
};

/** Starts the double on an ephemeral loopback port (bound here, never released and re-bound). */
export async function startStripeDouble(): Promise<StripeDouble> {
  const objects = new Map<string, Record<string, unknown>>();
  const requests: StripeDouble['requests'] = [];
  const replies = new Map<string, { status: number; body: unknown }>();
  let n = 0;
  const id = (prefix: string) => `${prefix}_double${++n}`;
  const now = () => Math.floor(Date.now() / 1000);
  const metadata = (form: Record<string, string>) => Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]));
  const err = (status: number, error: Record<string, unknown>) => ({ status, body: { error } });
  const decline = (pm: string) => DECLINES[pm];

  function route(method: string, path: string, form: Record<string, string>): { status: number; body: unknown } {
    const parts = path.split('/').filter(Boolean); // v1, resource, id?, action?
    if (parts[0] !== 'v1') return err(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` });
    const [, resource, oid, action] = parts;
    if (resource === 'customers' && method === 'POST' && !oid) {
      const c = { id: id('cus'), object: 'customer', email: form.email ?? null, metadata: metadata(form), invoice_settings: { default_payment_method: null }, created: now() };
      objects.set(c.id, c);
      return { status: 200, body: c };
    }
    if (resource === 'customers' && method === 'POST' && oid) {
      const c = objects.get(oid);
      if (!c) return err(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such customer: '${oid}'` });
      if (form['invoice_settings[default_payment_method]']) c.invoice_settings = { default_payment_method: form['invoice_settings[default_payment_method]'] };
      return { status: 200, body: c };
    }
    if (resource === 'payment_methods' && action === 'attach' && method === 'POST') {
      if (!oid.startsWith('pm_')) return err(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${oid}'` });
      if (!objects.has(form.customer)) return err(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'customer', message: `No such customer: '${form.customer}'` });
      const d = decline(oid);
      // Stripe checks the card when attaching it: a declined card fails here.
      if (d) return err(402, { type: 'card_error', ...d, param: '' });
      const pm = { id: oid, object: 'payment_method', type: 'card', customer: form.customer, card: { brand: 'visa', last4: '4242' } };
      objects.set(oid, pm);
      return { status: 200, body: pm };
    }
    if (resource === 'subscriptions' && method === 'POST' && !oid) {
      if (!objects.has(form.customer)) return err(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'customer', message: `No such customer: '${form.customer}'` });
      const price = form['items[0][price]'];
      if (!price?.startsWith('price_')) return err(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'items[0][price]', message: `No such price: '${price}'` });
      const end = now() + 30 * 86400;
      const s = { id: id('sub'), object: 'subscription', customer: form.customer, status: 'active', cancel_at_period_end: false, created: now(), metadata: metadata(form), default_payment_method: form.default_payment_method ?? null, items: { object: 'list', data: [{ id: id('si'), object: 'subscription_item', price: { id: price, object: 'price' }, current_period_end: end }] } };
      objects.set(s.id, s);
      return { status: 200, body: s };
    }
    if (resource === 'subscriptions' && (method === 'POST' || method === 'GET') && oid) {
      const s = objects.get(oid);
      if (!s) return err(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such subscription: '${oid}'` });
      if (method === 'GET') return { status: 200, body: s };
      if (form.cancel_at_period_end !== undefined) s.cancel_at_period_end = form.cancel_at_period_end === 'true';
      // A plan change: the item named by items[0][id] moves to the new price.
      const items = (s.items as { data: Array<{ id: string; price: { id: string } }> }).data;
      const item = items.find((i) => i.id === form['items[0][id]']);
      if (form['items[0][id]'] && !item) return err(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'items[0][id]', message: `No such subscription item: '${form['items[0][id]']}'` });
      if (item && form['items[0][price]']) item.price = { ...item.price, id: form['items[0][price]'] };
      return { status: 200, body: s };
    }
    if (resource === 'payment_intents' && method === 'POST' && !oid) {
      const amount = Number(form.amount);
      if (!Number.isInteger(amount) || amount < 50) return err(400, { type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message: 'Amount must be at least €0.50 eur' });
      const d = decline(form.payment_method ?? '');
      const pi = { id: id('pi'), object: 'payment_intent', amount, amount_received: d ? 0 : amount, currency: form.currency, customer: form.customer ?? null, payment_method: form.payment_method ?? null, status: d ? 'requires_payment_method' : 'succeeded', metadata: metadata(form), created: now() };
      objects.set(pi.id, pi);
      if (d) return err(402, { type: 'card_error', ...d, payment_intent: pi });
      return { status: 200, body: pi };
    }
    return err(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` });
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const form = Object.fromEntries(new URLSearchParams(raw));
      const key = req.headers['idempotency-key'] as string | undefined;
      requests.push({ method: req.method ?? 'GET', path, form, idempotencyKey: key });
      let reply: { status: number; body: unknown };
      if (!/^Bearer sk_test_/.test(req.headers.authorization ?? '')) {
        reply = err(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
      } else if (key && replies.has(`${path}|${key}`)) {
        reply = replies.get(`${path}|${key}`)!;
      } else {
        reply = route(req.method ?? 'GET', path, form);
        if (key && req.method === 'POST') replies.set(`${path}|${key}`, reply);
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_${n}` });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
