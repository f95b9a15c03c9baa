import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorResponse } from '../platform/errors.ts';

const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429] as const;

/**
 * OpenAPI 3 from the routes' TypeBox schemas; Swagger UI at /docs (assets shipped in the package,
 * no internet needed), JSON at /docs/json. Every route documents the common error responses.
 */
export const openapiPlugin = fp(async (app: FastifyInstance, opts: { version: string }) => {
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    const response = { ...((route.schema.response as Record<string, unknown>) ?? {}) };
    for (const status of ERROR_STATUSES) response[status] ??= ErrorResponse;
    route.schema = { ...route.schema, response };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CivicGrid API 网格治理平台接口',
        version: opts.version,
        description:
          'Errors are `{error:{code,message,details}}` with the message in the language of Accept-Language (zh-CN default, en-US). ' +
          'Lists take `page`, `pageSize` (≤200) and `sort` (`-field` descending) and return `{items,page,pageSize,total}`. ' +
          'Creating POSTs honour `Idempotency-Key`: the same key and body return the first response; another body gets 422. ' +
          'Times are ISO 8601 with offset; business dates are in the configured time zone. Public endpoints are rate limited.',
      },
      components: {
        securitySchemes: {
          operatorToken: { type: 'http', scheme: 'bearer', description: 'operator token (DATA_DIR/operator-token)' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
});
