import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PlatformErrors } from '../platform/errors.ts';

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (depth > 64) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNul(value[i], `${path}/${i}`, depth + 1);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = findNul(k, `${path}/${k}`, depth + 1) ?? findNul(v, `${path}/${k}`, depth + 1);
      if (p) return p;
    }
  }
  return null;
}

/**
 * PostgreSQL cannot store the NUL character in text or jsonb; refuse it at the door, as a
 * validation error, rather than fail in the database.
 */
export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const path = findNul(value, '');
      if (path)
        throw PlatformErrors.VALIDATION_FAILED({}, [
          { in: where, path, rule: 'no-nul', message: 'must not contain the NUL character' },
        ]);
    }
  });
});
