import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Actor, ANONYMOUS, operatorActor, type RouteAccess, requirePermission } from '../platform/access.ts';
import { PlatformErrors } from '../platform/errors.ts';

export interface AccessOptions {
  operatorToken: string;
  publicRateLimitPerMinute: number;
  /** Tried in order before the operator token (the session cookie resolver, from the identity module). */
  resolvers?: ActorResolver[];
}

/**
 * Resolves who is calling: an `Actor`, or null when the request carries nothing this resolver knows.
 * It may throw an `AppError` to refuse the request outright (a session that must change its password
 * first), which is answered like any refused request.
 */
export type ActorResolver = (request: FastifyRequest) => Promise<Actor | null>;

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h?.startsWith('Bearer ')) return null;
  return h.slice(7).trim();
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const accessPlugin = fp(async (app: FastifyInstance, opts: AccessOptions) => {
  const resolvers: ActorResolver[] = [
    ...(opts.resolvers ?? []),
    async (request) => {
      const token = bearer(request);
      return token && sameSecret(token, opts.operatorToken) ? operatorActor() : null;
    },
  ];

  // Routes cannot skip authorization: an /api route without a declared access rule fails at start.
  // Every route's declared rule, for the authorization matrix test and diagnostics.
  const declared = new Map<string, RouteAccess>();
  app.decorate('routeAccess', declared);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access) for (const m of [route.method].flat()) declared.set(`${m} ${route.url}`, access);
    if (!access) {
      if (route.url.startsWith('/api/')) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
      return;
    }
    if ('public' in access) {
      route.config = {
        ...route.config,
        rateLimit: { max: opts.publicRateLimitPerMinute, timeWindow: 60_000 },
      } as typeof route.config;
    } else {
      route.schema = { ...route.schema, security: [{ operatorToken: [] }] };
    }
  });

  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    request.actor = ANONYMOUS;
    for (const resolve of resolvers) {
      const actor = await resolve(request);
      if (actor) {
        request.actor = actor;
        break;
      }
    }
    const access = request.routeOptions.config?.access;
    if (!access || 'public' in access) return;
    if ('permission' in access) requirePermission(request.actor, access.permission);
    else if (request.actor.kind === 'anonymous') throw PlatformErrors.AUTH_REQUIRED();
  });
});
