import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS } from '../../platform/access.ts';
import type { AuditService } from './audit.service.ts';
import type { AuditOutcome } from './audit.tables.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_PARAMS = 20;

/** The error code a refused request ended with (AppError or framework error), for the record. */
const errorCodes = new WeakMap<FastifyRequest, string>();

export function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'denied';
  return status >= 200 && status < 300 ? 'success' : 'failure';
}

/**
 * Puts every write to the API on the record, whether it succeeded, failed or was refused: who
 * (actor), what (method, route pattern, path parameters, status), which record (`:id`), from where
 * (IP, request id). Never the body or the query string: they carry personal data. Services add
 * their own records, with the meaning of the change, in the transaction of the change.
 *
 * Written after the response (onResponse), in the background: an audit failure is logged and never
 * costs the caller the answer. `AuditService.settled()` waits for these writes; the server waits
 * for them when it closes.
 */
export const auditPlugin = fp(async (app: FastifyInstance, opts: { audit: AuditService }) => {
  app.addHook('onError', async (request, _reply, error) => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') errorCodes.set(request, code.slice(0, 100));
  });

  app.addHook('onResponse', async (request, reply) => {
    if (READS.has(request.method) || !request.url.startsWith('/api/')) return;
    try {
      const actor = request.actor ?? ANONYMOUS;
      const params = paramsOf(request.params);
      const status = reply.statusCode;
      const error = errorCodes.get(request);
      opts.audit.recordLater(
        {
          actor,
          action: 'http.write',
          outcome: outcomeOf(status),
          target: { type: null, id: typeof params.id === 'string' ? params.id : null },
          ip: request.ip,
          requestId: String(request.id),
          details: {
            method: request.method,
            // The pattern, not the URL: the URL may carry a query string with personal data.
            route: request.routeOptions?.url ?? null,
            params,
            status,
            ...(error ? { error } : {}),
            ...(reply.getHeader('idempotent-replayed') === 'true' ? { replayed: true } : {}),
          },
        },
        request.log,
      );
    } catch (err) {
      request.log.error({ err }, 'audit record could not be prepared');
    }
  });

  app.addHook('onClose', async () => {
    await opts.audit.settled();
  });
});

/** Path parameters as short strings (a hostile caller may send kilobytes). */
function paramsOf(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw).slice(0, MAX_PARAMS)) out[k.slice(0, 100)] = String(v).slice(0, 200);
  return out;
}
