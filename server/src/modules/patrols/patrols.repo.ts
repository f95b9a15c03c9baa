import { and, asc, count, eq, gte, inArray, isNotNull, isNull, like, lt, max, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import { patrolPoints, patrols } from './patrols.tables.ts';

export type PatrolRow = typeof patrols.$inferSelect;
export type NewPatrolRow = typeof patrols.$inferInsert;
export type PatrolPointRow = typeof patrolPoints.$inferSelect;
export type PatrolSortField = 'startedAt' | 'distanceM';

export interface PatrolFilter {
  /** Whose patrols may be listed: one account's, or those of an area (division subtrees, '' = all, or grids). */
  sight: { account: string } | { divisions: readonly string[]; grids: readonly string[] };
  grid?: string;
  account?: string;
  /** Started in [from, to). */
  from?: Date;
  to?: Date;
  open?: boolean;
}

function where(filter: PatrolFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  const sight = filter.sight;
  if ('account' in sight) conditions.push(eq(patrols.accountId, sight.account));
  else if (!sight.divisions.includes('')) {
    const terms: SQL[] = sight.divisions.map((d) => like(patrols.ownerDivision, `${d}%`));
    if (sight.grids.length) terms.push(inArray(patrols.gridCode, [...sight.grids]));
    conditions.push(terms.length ? or(...terms) : sql`false`);
  }
  if (filter.grid) conditions.push(eq(patrols.gridCode, filter.grid));
  if (filter.account) conditions.push(eq(patrols.accountId, filter.account));
  if (filter.from) conditions.push(gte(patrols.startedAt, filter.from));
  if (filter.to) conditions.push(lt(patrols.startedAt, filter.to));
  if (filter.open === true) conditions.push(isNull(patrols.endedAt));
  if (filter.open === false) conditions.push(isNotNull(patrols.endedAt));
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

export const patrolsRepo = {
  /** Inserts the patrol unless the account has one open already (the partial unique index): then null. */
  async insertIfNoneOpen(db: Db, row: NewPatrolRow): Promise<PatrolRow | null> {
    const [created] = await db.insert(patrols).values(row).onConflictDoNothing().returning();
    return created ?? null;
  },

  async find(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<PatrolRow | null> {
    const query = db.select().from(patrols).where(eq(patrols.id, id));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row ?? null;
  },

  async openOf(db: Db, accountId: string): Promise<PatrolRow | null> {
    const [row] = await db
      .select()
      .from(patrols)
      .where(and(eq(patrols.accountId, accountId), isNull(patrols.endedAt)));
    return row ?? null;
  },

  /** When the account's latest ended patrol ended (a new one may not start before). */
  async lastEndOf(db: Db, accountId: string): Promise<Date | null> {
    const [row] = await db
      .select({ at: max(patrols.endedAt) })
      .from(patrols)
      .where(eq(patrols.accountId, accountId));
    return row?.at ?? null;
  },

  async update(db: Db, id: string, patch: Partial<NewPatrolRow>): Promise<PatrolRow> {
    const [row] = await db.update(patrols).set(patch).where(eq(patrols.id, id)).returning();
    return row!;
  },

  /** Stores points; a time the patrol already has is skipped. Returns how many were stored. */
  async insertPoints(db: Db, rows: (typeof patrolPoints.$inferInsert)[]): Promise<number> {
    if (rows.length === 0) return 0;
    const stored = await db.insert(patrolPoints).values(rows).onConflictDoNothing().returning({ at: patrolPoints.at });
    return stored.length;
  },

  /** A patrol's trail in time order. */
  async pointsOf(db: Db, patrolId: string): Promise<PatrolPointRow[]> {
    return db.select().from(patrolPoints).where(eq(patrolPoints.patrolId, patrolId)).orderBy(asc(patrolPoints.at));
  },

  async page(db: Db, req: PageRequest<PatrolSortField>, filter: PatrolFilter) {
    const condition = where(filter);
    const items = await db
      .select()
      .from(patrols)
      .where(condition)
      .orderBy(...orderBy(req, { startedAt: patrols.startedAt, distanceM: patrols.distanceM }, patrols.id))
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(patrols).where(condition);
    return { items, total: total?.n ?? 0 };
  },

  /** Open patrols started before an instant, oldest first (candidates for the auto-end). */
  async openStartedBefore(db: Db, before: Date): Promise<PatrolRow[]> {
    return db
      .select()
      .from(patrols)
      .where(and(isNull(patrols.endedAt), lt(patrols.startedAt, before)))
      .orderBy(asc(patrols.startedAt), asc(patrols.id));
  },

  /** Ended patrols in these grids started in [from, to): what the duty check counts. */
  async endedInGrids(db: Db, gridCodes: readonly string[], from: Date, to: Date) {
    if (gridCodes.length === 0) return [];
    return db
      .select({
        id: patrols.id,
        personId: patrols.personId,
        gridCode: patrols.gridCode,
        startedAt: patrols.startedAt,
        endedAt: patrols.endedAt,
      })
      .from(patrols)
      .where(
        and(
          inArray(patrols.gridCode, [...gridCodes]),
          gte(patrols.startedAt, from),
          lt(patrols.startedAt, to),
          isNotNull(patrols.endedAt),
        ),
      )
      .orderBy(asc(patrols.startedAt), asc(patrols.id));
  },
};
