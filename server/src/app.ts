import './plugins/fastify-types.ts';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppContext } from './context.ts';
import { accessRoutes } from './modules/access/access.routes.ts';
import { auditPlugin } from './modules/audit/audit.plugin.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { backupRoutes } from './modules/backup/backup.routes.ts';
import { bulletinsRoutes } from './modules/bulletins/bulletins.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { casesRoutes } from './modules/cases/cases.routes.ts';
import { commandRoutes } from './modules/command/command.routes.ts';
import { configRoutes } from './modules/config/config.routes.ts';
import { eventsRoutes } from './modules/events/events.routes.ts';
import { filesRoutes } from './modules/files/files.routes.ts';
import { gridsRoutes } from './modules/grids/grids.routes.ts';
import { identityRoutes, sessionResolver } from './modules/identity/identity.routes.ts';
import { indicatorsRoutes } from './modules/indicators/indicators.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { patrolsRoutes } from './modules/patrols/patrols.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { portalRoutes } from './modules/portal/portal.routes.ts';
import { regionsRoutes } from './modules/regions/regions.routes.ts';
import { routingRoutes } from './modules/routing/routing.routes.ts';
import { schedulerRoutes } from './modules/scheduler/scheduler.routes.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { taxonomyRoutes } from './modules/taxonomy/taxonomy.routes.ts';
import { urbanRoutes } from './modules/urban/urban.routes.ts';
import { PlatformErrors } from './platform/errors.ts';
import { accessPlugin } from './plugins/access.plugin.ts';
import { errorsPlugin, frameworkErrors } from './plugins/errors.plugin.ts';
import { inputGuardPlugin } from './plugins/input-guard.plugin.ts';
import { metricsPlugin } from './plugins/metrics.plugin.ts';
import { openapiPlugin } from './plugins/openapi.plugin.ts';
import { createValidatorCompiler } from './plugins/validation.ts';
import { webPlugin } from './plugins/web.plugin.ts';

export interface AppOptions {
  https?: { cert: Buffer; key: Buffer } | null;
  /** Serve the built web console (off in API tests). */
  web?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    loggerInstance: ctx.log,
    trustProxy: ctx.settings.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    frameworkErrors,
  };
  // Fastify's overloads type HTTP and HTTPS servers apart; the routes are the same for both.
  const createServer = Fastify as unknown as (opts: object) => FastifyInstance;
  const app = createServer(options.https ? { ...serverOptions, https: options.https } : serverOptions);

  app.setValidatorCompiler(createValidatorCompiler());
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(errorsPlugin);
  await app.register(inputGuardPlugin);
  // Cookies are parsed before the access plugin's hook, which reads the session cookie.
  await app.register(cookie);
  await app.register(accessPlugin, {
    operatorToken: ctx.operatorToken,
    publicRateLimitPerMinute: ctx.settings.publicRateLimitPerMinute,
    resolvers: [sessionResolver(ctx.identity)],
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      PlatformErrors.RATE_LIMITED({ retryAfter: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(openapiPlugin, { version: ctx.version });
  await app.register(metricsPlugin, { registry: ctx.metrics });
  await app.register(auditPlugin, { audit: ctx.audit });
  await app.register(multipart, {
    limits: { fileSize: ctx.settings.uploadMaxBytes, files: 10, fields: 20, fieldSize: 64 * 1024, parts: 40 },
  });

  await app.register(async (scope) => systemRoutes(scope, ctx));
  await app.register(async (scope) => schedulerRoutes(scope, ctx));
  await app.register(async (scope) => configRoutes(scope, ctx));
  await app.register(async (scope) => backupRoutes(scope, ctx));
  await app.register(async (scope) => filesRoutes(scope, ctx));
  await app.register(async (scope) => auditRoutes(scope, ctx));
  await app.register(async (scope) => accessRoutes(scope, ctx));
  await app.register(async (scope) => peopleRoutes(scope, ctx));
  await app.register(async (scope) => identityRoutes(scope, ctx));
  await app.register(async (scope) => regionsRoutes(scope, ctx));
  await app.register(async (scope) => gridsRoutes(scope, ctx));
  await app.register(async (scope) => patrolsRoutes(scope, ctx));
  await app.register(async (scope) => casesRoutes(scope, ctx));
  await app.register(async (scope) => urbanRoutes(scope, ctx));
  await app.register(async (scope) => portalRoutes(scope, ctx));
  await app.register(async (scope) => eventsRoutes(scope, ctx));
  await app.register(async (scope) => notificationsRoutes(scope, ctx));
  await app.register(async (scope) => calendarRoutes(scope, ctx));
  await app.register(async (scope) => taxonomyRoutes(scope, ctx));
  await app.register(async (scope) => routingRoutes(scope, ctx));
  await app.register(async (scope) => indicatorsRoutes(scope, ctx));
  await app.register(async (scope) => commandRoutes(scope, ctx));
  await app.register(async (scope) => bulletinsRoutes(scope, ctx));

  if (options.web !== false) await app.register(webPlugin);
  return app;
}
