import { and, asc, count, desc, eq, gt, gte, like, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import { type AuditOutcome, auditRecords } from './audit.tables.ts';

export type AuditRow = typeof auditRecords.$inferSelect;
export type AuditSortField = 'seq' | 'occurredAt';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Division subtrees the reader may see ('' = all). */
  scopes: readonly string[];
  /** Up to this record (an export's snapshot). */
  throughSeq?: number;
}

/** An arbitrary constant: appenders of the chain take it in turn (see AuditService.record). */
const CHAIN_LOCK = 7_340_101;

function where(filter: AuditFilter): SQL | undefined {
  const t = auditRecords;
  const conditions: SQL[] = [];
  if (filter.actorId !== undefined) conditions.push(eq(t.actorId, filter.actorId));
  if (filter.action !== undefined) conditions.push(eq(t.action, filter.action));
  if (filter.targetType !== undefined) conditions.push(eq(t.targetType, filter.targetType));
  if (filter.targetId !== undefined) conditions.push(eq(t.targetId, filter.targetId));
  if (filter.outcome !== undefined) conditions.push(eq(t.outcome, filter.outcome));
  if (filter.from) conditions.push(gte(t.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(t.occurredAt, filter.to));
  if (filter.throughSeq !== undefined) conditions.push(lte(t.seq, filter.throughSeq));
  if (!filter.scopes.includes('')) {
    // No scope at all sees nothing; division codes are digits only, so the prefix needs no escaping.
    if (filter.scopes.length === 0) conditions.push(sql`false`);
    else conditions.push(or(...filter.scopes.map((s) => like(t.ownerDivision, `${s}%`)))!);
  }
  return conditions.length ? and(...conditions) : undefined;
}

export const auditRepo = {
  /** Serialises appenders until the surrounding transaction ends (works on PGlite too). */
  async lockChain(tx: Db): Promise<void> {
    await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`));
  },

  async last(db: Db): Promise<AuditRow | null> {
    const [row] = await db.select().from(auditRecords).orderBy(desc(auditRecords.seq)).limit(1);
    return row ?? null;
  },

  async first(db: Db): Promise<AuditRow | null> {
    const [row] = await db.select().from(auditRecords).orderBy(asc(auditRecords.seq)).limit(1);
    return row ?? null;
  },

  async insert(db: Db, row: AuditRow): Promise<void> {
    await db.insert(auditRecords).values(row);
  },

  /** Records after `afterSeq` in chain order, `limit` at a time. */
  async batchAfter(db: Db, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return db
      .select()
      .from(auditRecords)
      .where(gt(auditRecords.seq, afterSeq))
      .orderBy(asc(auditRecords.seq))
      .limit(limit);
  },

  /** Matching records after `afterSeq` in chain order (exports walk the filter in batches). */
  async matchingAfter(db: Db, filter: AuditFilter, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return db
      .select()
      .from(auditRecords)
      .where(and(where(filter), gt(auditRecords.seq, afterSeq)))
      .orderBy(asc(auditRecords.seq))
      .limit(limit);
  },

  async count(db: Db, filter: AuditFilter): Promise<number> {
    const [total] = await db.select({ n: count() }).from(auditRecords).where(where(filter));
    return total?.n ?? 0;
  },

  async page(db: Db, req: PageRequest<AuditSortField>, filter: AuditFilter) {
    const items = await db
      .select()
      .from(auditRecords)
      .where(where(filter))
      .orderBy(...orderBy(req, { seq: auditRecords.seq, occurredAt: auditRecords.occurredAt }, auditRecords.seq))
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    return { items, total: await auditRepo.count(db, filter) };
  },

  /** The first record at or after an instant: retention keeps it and everything after it. */
  async firstSeqAtOrAfter(db: Db, at: Date): Promise<number | null> {
    const [row] = await db
      .select({ seq: auditRecords.seq })
      .from(auditRecords)
      .where(gte(auditRecords.occurredAt, at))
      .orderBy(asc(auditRecords.seq))
      .limit(1);
    return row?.seq ?? null;
  },

  async findBySeq(db: Db, seq: number): Promise<AuditRow | null> {
    const [row] = await db.select().from(auditRecords).where(eq(auditRecords.seq, seq));
    return row ?? null;
  },

  async deleteThrough(db: Db, seq: number): Promise<number> {
    const deleted = await db
      .delete(auditRecords)
      .where(lte(auditRecords.seq, seq))
      .returning({ seq: auditRecords.seq });
    return deleted.length;
  },

  /** Retention checkpoints that account for the records up to `throughSeq`, newest first. */
  async checkpointsThrough(db: Db, action: string, throughSeq: number): Promise<AuditRow[]> {
    return db
      .select()
      .from(auditRecords)
      .where(and(eq(auditRecords.action, action), sql`${auditRecords.details}->>'throughSeq' = ${String(throughSeq)}`))
      .orderBy(desc(auditRecords.seq));
  },
};
