import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * Serves the built console. Unknown non-API paths get index.html so the client router can take
 * them; unknown API paths keep their JSON 404.
 */
export const webPlugin = fp(async (app: FastifyInstance, opts: { root?: string }) => {
  const root = opts.root ?? WEB_DIST;
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn({ root }, 'web console not built (npm run build); serving the API only');
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'], maxAge: '1h', immutable: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = ['/api/', '/docs', '/healthz', '/readyz', '/metrics'].some((p) => path.startsWith(p));
    if (isApi || request.method !== 'GET') return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
});
