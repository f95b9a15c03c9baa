import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { idempotencyKeys } from '../db/platform.tables.ts';
import { canonicalJson, sha256Hex } from '../platform/canonical-json.ts';
import type { Clock } from '../platform/clock.ts';
import { PlatformErrors } from '../platform/errors.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface IdempotencyDeps {
  db: Db;
  clock: Clock;
  ttlHours: number;
}

export interface Created<T> {
  status: number;
  body: T;
}

/**
 * Runs a creating operation exactly once per Idempotency-Key. The key row is inserted in the same
 * transaction as the record it creates, so either both are committed or neither: a client whose
 * connection dropped after the commit gets the first response back when it retries, and a
 * concurrent duplicate waits on the key's unique index until the first commits, then replays it.
 * The same key with a different body is refused (422).
 */
export async function withIdempotency<T>(
  deps: IdempotencyDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: (tx: Db) => Promise<Created<T>>,
  requestHash?: string,
): Promise<T> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) {
    const result = await deps.db.transaction((tx) => operation(tx));
    reply.status(result.status);
    return result.body;
  }
  if (!KEY_PATTERN.test(key)) {
    throw PlatformErrors.BAD_REQUEST({ reason: 'Idempotency-Key must be 1–200 printable ASCII characters' });
  }
  const caller = request.actor.id ?? `anonymous@${request.ip}`;
  const scope = `${request.method} ${request.routeOptions.url} ${caller}`;
  const hash = requestHash ?? sha256Hex(canonicalJson(request.body ?? null));
  const now = deps.clock.now();

  const outcome = await deps.db.transaction(async (tx) => {
    await tx
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), lt(idempotencyKeys.expiresAt, now)));
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({
        scope,
        key,
        requestHash: hash,
        statusCode: 0,
        response: {},
        createdAt: now,
        expiresAt: new Date(now.getTime() + deps.ttlHours * 3_600_000),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [previous] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      if (!previous || previous.statusCode === 0) throw PlatformErrors.IDEMPOTENCY_IN_PROGRESS();
      if (previous.requestHash !== hash) throw PlatformErrors.IDEMPOTENCY_KEY_REUSED();
      return { replayed: true, status: previous.statusCode, body: previous.response as T };
    }
    const result = await operation(tx);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: result.status, response: result.body as object })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    return { replayed: false, ...result };
  });
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.status(outcome.status);
  return outcome.body;
}

/** Forgets keys past their time; run by the scheduler. */
export async function purgeExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
