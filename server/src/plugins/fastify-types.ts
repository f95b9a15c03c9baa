import type { Actor, RouteAccess } from '../platform/access.ts';
import type { Locale } from '../platform/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api route: public (rate limited), a permission, or any signed-in caller. */
    access?: RouteAccess;
    /** A creating POST that honours Idempotency-Key (documents the header). */
    idempotent?: boolean;
  }
  interface FastifyInstance {
    /** Declared access rule of every route, keyed by 'METHOD /url/:param'. */
    routeAccess: ReadonlyMap<string, RouteAccess>;
  }
  interface FastifyRequest {
    actor: Actor;
    locale: Locale;
  }
}
