import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import type { ConfigSortField, ConfigVersionRow } from './config.repo.ts';
import {
  ConfigKeyInfo,
  ConfigVersion,
  NewConfigVersion,
  Resolved,
  ResolveQuery,
  VersionsQuery,
} from './config.schemas.ts';

export async function configRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, time } = ctx;
  const tags = ['configuration'];
  const toVersion = (v: ConfigVersionRow) => ({ ...v, createdAt: time.format(v.createdAt) });

  app.get('/api/admin/config/keys', {
    config: { access: { permission: 'system.config.read' } },
    schema: {
      tags,
      summary: 'Configurable domain settings and their defaults',
      response: { 200: Type.Object({ items: Type.Array(ConfigKeyInfo) }) },
    },
    handler: async () => ({
      items: config
        .keys()
        .map((k) => ({ key: k.key, description: k.description, default: k.default, schema: k.schema })),
    }),
  });

  app.get('/api/admin/config/versions', {
    config: { access: { permission: 'system.config.read' } },
    schema: {
      tags,
      summary: 'Versions of domain settings',
      querystring: VersionsQuery,
      response: { 200: Page(ConfigVersion) },
    },
    handler: async (request) => {
      const { key, division } = request.query;
      const page = await config.versions(request.actor, pageRequest<ConfigSortField>(request.query, '-effectiveFrom'), {
        key,
        divisionCode: division,
      });
      return { ...page, items: page.items.map(toVersion) };
    },
  });

  app.post('/api/admin/config/versions', {
    config: { access: { permission: 'system.config.write' }, idempotent: true },
    schema: {
      tags,
      summary: 'Add a version of a setting for a division from a date (today or later)',
      headers: IdempotencyHeaders,
      body: NewConfigVersion,
      response: { 201: ConfigVersion },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: toVersion(await config.addVersion(request.actor, request.body, tx)),
      })),
  });

  app.delete('/api/admin/config/versions/:id', {
    config: { access: { permission: 'system.config.write' } },
    schema: {
      tags,
      summary: 'Withdraw a version that has not taken effect yet',
      params: IdParams,
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await config.deleteVersion(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/admin/config/resolve', {
    config: { access: { permission: 'system.config.read' } },
    schema: {
      tags,
      summary: 'The value in force for a division on a date, and where it comes from',
      querystring: ResolveQuery,
      response: { 200: Resolved },
    },
    handler: async (request) => {
      const { key, division, at } = request.query;
      return config.resolve(request.actor, key, division, at);
    },
  });
}
