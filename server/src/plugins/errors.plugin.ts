import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, negotiateLocale, PlatformErrors } from '../platform/errors.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: unknown;
}

/** Maps Fastify's own failures (parsing, limits, validation) to the platform's error codes. */
function toAppError(err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }): AppError | null {
  if (err instanceof AppError) return err;
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    return PlatformErrors.VALIDATION_FAILED(
      {},
      err.validation.slice(0, 20).map((v) => ({
        in: where,
        path: v.instancePath || '/',
        rule: v.keyword ?? null,
        message: v.message ?? '',
      })),
    );
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return PlatformErrors.PAYLOAD_TOO_LARGE({ limit: '' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return PlatformErrors.UNSUPPORTED_MEDIA_TYPE({ type: '' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return PlatformErrors.MALFORMED_BODY({ reason: err.message });
  }
  if (err instanceof SyntaxError) return PlatformErrors.MALFORMED_BODY({ reason: err.message });
  const status = err.statusCode ?? 500;
  if (status === 429) return PlatformErrors.RATE_LIMITED({ retryAfter: 60 });
  if (status >= 400 && status < 500) return PlatformErrors.BAD_REQUEST({ reason: err.message });
  return null;
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appError = toAppError(err);
    const locale = request.locale ?? negotiateLocale(request.headers['accept-language']);
    if (!appError) {
      request.log.error({ err }, 'unhandled error');
      const internal = PlatformErrors.INTERNAL({ requestId: String(request.id) });
      return reply.status(500).send({ error: { code: internal.code, message: internal.messageIn(locale), details: null } });
    }
    if (appError.status >= 500) request.log.error({ err }, appError.code);
    else request.log.info({ code: appError.code, status: appError.status }, 'request refused');
    const retryAfter = appError.params.retryAfter;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply
      .status(appError.status)
      .send({ error: { code: appError.code, message: appError.messageIn(locale), details: appError.details } });
  });

  app.setNotFoundHandler((request, reply) => {
    const e = PlatformErrors.ROUTE_NOT_FOUND({ method: request.method, url: request.url.split('?')[0] ?? '' });
    return reply.status(404).send({ error: { code: e.code, message: e.messageIn(request.locale), details: null } });
  });
});
