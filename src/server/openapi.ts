/** The OpenAPI 3.1 document, generated from the schemas the routes are registered with (one source of truth). */
import type { RouteOptions } from 'fastify';

interface Collected {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

/** Collects routes as they are registered (an onRoute hook) and builds the document on demand. */
export class OpenApiCollector {
  private readonly routes: Collected[] = [];

  constructor(private readonly version: string) {}

  /** The onRoute hook. */
  readonly onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || !route.schema || (route.schema as { hide?: boolean }).hide) continue;
      this.routes.push({ method: method.toLowerCase(), url: route.url, schema: route.schema as Record<string, unknown> });
    }
  };

  /** The document. */
  document(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const p = r.url.replace(/:(\w+)/g, '{$1}');
      const s = r.schema;
      const parameters: unknown[] = [];
      for (const [where, key] of [['path', 'params'], ['query', 'querystring']] as const) {
        const obj = s[key] as { properties?: Record<string, unknown>; required?: string[] } | undefined;
        for (const [name, schema] of Object.entries(obj?.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || !!obj?.required?.includes(name), schema });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const [status, schema] of Object.entries((s.response as Record<string, unknown>) ?? {})) {
        const empty = (schema as { type?: string }).type === 'null';
        responses[status] = { description: Number(status) < 400 ? 'Success' : 'Error: {error:{code,message}}', ...(empty ? {} : { content: { 'application/json': { schema } } }) };
      }
      paths[p] ??= {};
      paths[p][r.method] = {
        summary: s.summary,
        tags: s.tags,
        ...(s.security ? { security: s.security } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Cloudya API', version: this.version, description: 'Accounts, token balances and AI command answers. The server never runs a command.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A JWT access token (login) or a personal API token (cly_...)' } } },
      paths,
    };
  }
}
