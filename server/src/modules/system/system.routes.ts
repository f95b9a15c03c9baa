import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { migrationState } from '../../db/migrate.ts';
import { PERMISSIONS, type Permission } from '../../platform/access.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { LocalDate, Timestamp } from '../../platform/schemas.ts';

const Status = Type.Object({
  name: Type.String(),
  version: Type.String(),
  engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  timeZone: Type.String(),
  businessNow: Timestamp,
  today: LocalDate,
  migrations: Type.Object({ applied: Type.Integer(), latest: Type.Union([Type.String(), Type.Null()]) }),
  demo: Type.Boolean(),
  demoPassword: Type.Union([Type.String(), Type.Null()], {
    description: 'in demo mode only: the password every demo account shares (CIVICGRID_DEMO_PASSWORD)',
  }),
});

const Session = Type.Object({
  actor: Type.Object({
    kind: Type.Union([Type.Literal('anonymous'), Type.Literal('operator'), Type.Literal('user')]),
    id: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.String(),
  }),
  permissions: Type.Array(Type.Unsafe<Permission>({ type: 'string', enum: [...PERMISSIONS] })),
});

export async function systemRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['system'];

  app.get('/healthz', {
    config: { access: { public: true, why: 'liveness probe' } },
    schema: { tags, summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    config: { access: { public: true, why: 'readiness probe for load balancers' } },
    schema: {
      tags,
      summary: 'The database answers and every migration is applied',
      response: {
        200: Type.Object({ status: Type.Literal('ready'), engine: Type.String(), migrations: Type.Integer() }),
        503: Type.Object({
          error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Unknown() }),
        }),
      },
    },
    handler: async (request) => {
      let state: Awaited<ReturnType<typeof migrationState>>;
      try {
        await ctx.database.query('SELECT 1');
        state = await migrationState(ctx.database);
      } catch (err) {
        throw PlatformErrors.SERVICE_UNAVAILABLE({ reason: (err as Error).message });
      }
      if (!state.upToDate)
        throw PlatformErrors.SERVICE_UNAVAILABLE({ reason: `migrations ${state.applied}/${state.expected}` }, state);
      request.log.trace('ready');
      return { status: 'ready' as const, engine: ctx.database.engine, migrations: state.applied };
    },
  });

  app.get('/metrics', {
    config: { access: { public: true, why: 'Prometheus scraping (no personal data)' } },
    schema: { tags, summary: 'Prometheus metrics', produces: ['text/plain'], response: { 200: Type.String() } },
    handler: async (_request, reply) => {
      reply.header('content-type', ctx.metrics.contentType);
      return ctx.metrics.metrics();
    },
  });

  app.get('/api/system/status', {
    config: { access: { public: true, why: 'the console shows it before sign-in' } },
    schema: { tags, summary: 'Version, engine, business time zone and clock', response: { 200: Status } },
    handler: async () => {
      const state = await migrationState(ctx.database);
      return {
        name: 'CivicGrid',
        version: ctx.version,
        engine: ctx.database.engine,
        timeZone: ctx.time.zone,
        businessNow: ctx.time.format(),
        today: ctx.time.today(),
        migrations: { applied: state.applied, latest: state.latest },
        demo: ctx.settings.demo,
        // Demo installations announce their shared password anyway (console banner, start-up banner).
        demoPassword: ctx.settings.demo ? ctx.settings.demoPassword : null,
      };
    },
  });

  app.get('/api/session', {
    config: { access: { public: true, why: 'tells the console who is signed in and what they may do' } },
    schema: {
      tags,
      summary: 'The caller and their permissions (the console builds its menu from these)',
      response: { 200: Session },
    },
    handler: async (request) => {
      const { actor } = request;
      return {
        actor: { kind: actor.kind, id: actor.id, displayName: actor.displayName },
        permissions: [...actor.permissions].sort(),
      };
    },
  });
}
