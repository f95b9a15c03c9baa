import { and, count, eq, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import { jobRuns, jobs, schedulerHeartbeats } from './scheduler.tables.ts';

export type JobRow = typeof jobs.$inferSelect;
export type NewJobRow = typeof jobs.$inferInsert;
export type JobRunRow = typeof jobRuns.$inferSelect;
export type JobSortField = 'nextRunAt' | 'type' | 'key' | 'lastRunAt';

export const schedulerRepo = {
  async findByKey(db: Db, key: string): Promise<JobRow | null> {
    const [row] = await db.select().from(jobs).where(eq(jobs.key, key));
    return row ?? null;
  },

  async findById(db: Db, id: string): Promise<JobRow | null> {
    const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    return row ?? null;
  },

  async insert(db: Db, row: NewJobRow): Promise<JobRow> {
    const [created] = await db.insert(jobs).values(row).returning();
    return created!;
  },

  /** Inserts unless a job with the key exists (another process may be ensuring it at the same moment). */
  async insertIfAbsent(db: Db, row: NewJobRow): Promise<JobRow> {
    const [created] = await db.insert(jobs).values(row).onConflictDoNothing({ target: jobs.key }).returning();
    if (created) return created;
    const [existing] = await db.select().from(jobs).where(eq(jobs.key, row.key));
    return existing!;
  },

  async update(db: Db, id: string, patch: Partial<NewJobRow>, lockedBy?: string): Promise<JobRow | null> {
    const where = lockedBy === undefined ? eq(jobs.id, id) : and(eq(jobs.id, id), eq(jobs.lockedBy, lockedBy));
    const [row] = await db.update(jobs).set(patch).where(where).returning();
    return row ?? null;
  },

  /**
   * Takes the due jobs no other worker holds. SKIP LOCKED lets several processes poll at once without
   * waiting on each other or taking the same job; the lease makes a crashed worker's job claimable again.
   */
  async claimDue(
    db: Db,
    worker: string,
    now: Date,
    leaseUntil: (job: JobRow) => Date,
    limit: number,
  ): Promise<JobRow[]> {
    return db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.status, 'active'),
            lte(jobs.nextRunAt, now),
            or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now)),
          ),
        )
        .orderBy(jobs.nextRunAt)
        .limit(limit)
        .for('update', { skipLocked: true });
      const claimed: JobRow[] = [];
      for (const job of due) {
        const [row] = await tx
          .update(jobs)
          .set({ lockedBy: worker, lockedUntil: leaseUntil(job), attempts: job.attempts + 1, updatedAt: now })
          .where(eq(jobs.id, job.id))
          .returning();
        claimed.push(row!);
      }
      return claimed;
    });
  },

  async insertRun(db: Db, run: typeof jobRuns.$inferInsert): Promise<void> {
    await db.insert(jobRuns).values(run);
  },

  async page(
    db: Db,
    req: PageRequest<JobSortField>,
    filter: { type?: string; status?: string; divisions: readonly string[] },
  ) {
    const conditions: SQL[] = [];
    if (filter.type) conditions.push(eq(jobs.type, filter.type));
    if (filter.status) conditions.push(eq(jobs.status, filter.status as JobRow['status']));
    if (!filter.divisions.includes('')) conditions.push(inArray(jobs.ownerDivision, [...filter.divisions]));
    const where = conditions.length ? and(...conditions) : undefined;
    const items = await db
      .select()
      .from(jobs)
      .where(where)
      .orderBy(
        ...orderBy(
          req,
          { nextRunAt: jobs.nextRunAt, type: jobs.type, key: jobs.key, lastRunAt: jobs.lastRunAt },
          jobs.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(jobs).where(where);
    return { items, total: total?.n ?? 0 };
  },

  async runs(db: Db, jobId: string, req: PageRequest) {
    const items = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.jobId, jobId))
      .orderBy(...orderBy(req, { startedAt: jobRuns.startedAt }, jobRuns.id))
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(jobRuns).where(eq(jobRuns.jobId, jobId));
    return { items, total: total?.n ?? 0 };
  },

  async purgeRunsBefore(db: Db, before: Date): Promise<number> {
    const r = await db.delete(jobRuns).where(lt(jobRuns.startedAt, before)).returning({ id: jobRuns.id });
    return r.length;
  },

  async insertHeartbeat(db: Db, row: typeof schedulerHeartbeats.$inferInsert): Promise<void> {
    await db.insert(schedulerHeartbeats).values(row);
  },

  async heartbeats(db: Db, jobId: string) {
    return db
      .select()
      .from(schedulerHeartbeats)
      .where(eq(schedulerHeartbeats.jobId, jobId))
      .orderBy(schedulerHeartbeats.scheduledFor);
  },
};
