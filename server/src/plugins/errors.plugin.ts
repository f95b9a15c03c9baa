import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, negotiateLocale, PlatformErrors } from '../platform/errors.ts';
import { formatBytes } from '../platform/files.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: unknown;
}

type FrameworkError = FastifyError & { validation?: ValidationIssue[]; validationContext?: string };

/** Maps Fastify's own failures (parsing, limits, validation, routing) to the platform's error codes. */
function toAppError(err: FrameworkError, request: FastifyRequest): AppError | null {
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
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions?.bodyLimit;
      return PlatformErrors.PAYLOAD_TOO_LARGE({ limit: typeof limit === 'number' ? formatBytes(limit) : '' });
    }
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return PlatformErrors.PAYLOAD_TOO_LARGE({ limit: '' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE': {
      const type = String(request.headers['content-type'] ?? '').slice(0, 100);
      return PlatformErrors.UNSUPPORTED_MEDIA_TYPE({ type });
    }
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return PlatformErrors.MALFORMED_BODY({ reason: err.message });
    // Routing failures reach the handler only through `frameworkErrors` (see below); their own
    // messages quote the whole URL, which may be kilobytes long.
    case 'FST_ERR_BAD_URL':
      return PlatformErrors.BAD_REQUEST({ reason: 'the URL is not correctly percent-encoded' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return PlatformErrors.BAD_REQUEST({ reason: 'a path parameter is too long' });
  }
  if (err instanceof SyntaxError) return PlatformErrors.MALFORMED_BODY({ reason: err.message });
  const status = err.statusCode ?? 500;
  if (status === 429) return PlatformErrors.RATE_LIMITED({ retryAfter: 60 });
  if (status >= 400 && status < 500) return PlatformErrors.BAD_REQUEST({ reason: err.message });
  return null;
}

/**
 * Sends any failure as `{error:{code,message,details}}` in the caller's language. The locale comes
 * from the header here, not from `request.locale`: framework errors arrive before any hook ran.
 */
export function sendError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(err, request);
  const locale = negotiateLocale(request.headers['accept-language']);
  if (!appError) {
    request.log.error({ err }, 'unhandled error');
    const internal = PlatformErrors.INTERNAL({ requestId: String(request.id) });
    return reply
      .status(500)
      .send({ error: { code: internal.code, message: internal.messageIn(locale), details: null } });
  }
  if (appError.status >= 500) request.log.error({ err }, appError.code);
  else request.log.info({ code: appError.code, status: appError.status }, 'request refused');
  const retryAfter = appError.params.retryAfter;
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return reply
    .status(appError.status)
    .send({ error: { code: appError.code, message: appError.messageIn(locale), details: appError.details } });
}

/**
 * For the server option `frameworkErrors`: Fastify answers URLs it cannot route (bad percent-encoding,
 * a path parameter over `maxParamLength`) before any plugin runs, in its own format, unless this is set.
 */
export const frameworkErrors = sendError;

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
  });

  app.setErrorHandler(sendError);

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const e = PlatformErrors.ROUTE_NOT_FOUND({
      method: request.method,
      url: url.length > 200 ? `${url.slice(0, 200)}…` : url,
    });
    const locale = negotiateLocale(request.headers['accept-language']);
    return reply.status(404).send({ error: { code: e.code, message: e.messageIn(locale), details: null } });
  });
});
