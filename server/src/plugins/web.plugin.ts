import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The built pages other than the console, by path prefix: the grid worker's app and the citizen portal. */
const APPS = [
  { prefix: '/m/', page: 'm/index.html' },
  { prefix: '/portal/', page: 'portal/index.html' },
];

/**
 * Serves the built web pages: the console, the grid worker's app (`/m/`) and the citizen portal (`/portal/`).
 * Unknown non-API paths get their app's index.html so its client router can take them; unknown API paths
 * keep their JSON 404. Pages and the service worker are revalidated on every load (a new build must reach
 * phones); hashed assets are cached.
 */
export const webPlugin = fp(async (app: FastifyInstance, opts: { root?: string }) => {
  const root = opts.root ?? WEB_DIST;
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn({ root }, 'web console not built (npm run build); serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(res, filePath) {
      const revalidate = /\.(html|webmanifest)$/.test(filePath) || filePath.endsWith('/sw.js');
      res.setHeader('cache-control', revalidate ? 'no-cache' : 'public, max-age=3600');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = ['/api/', '/docs', '/healthz', '/readyz', '/metrics'].some((p) => path.startsWith(p));
    if (isApi || request.method !== 'GET') return reply.callNotFound();
    if (path === '/m' || path === '/portal') return reply.redirect(`${path}/`);
    const page = APPS.find((a) => path.startsWith(a.prefix))?.page ?? 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page);
  });
});
