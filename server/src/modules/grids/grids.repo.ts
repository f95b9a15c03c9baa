import {
  and,
  asc,
  count,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  isNull,
  like,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { escapeLike, orderBy } from '../../platform/sort.ts';
import { type GridKind, type GridStatus, gridIndexVersion, gridPosts, gridSchedules, grids } from './grids.tables.ts';

export type GridRow = typeof grids.$inferSelect;
export type NewGridRow = typeof grids.$inferInsert;
export type GridPostRow = typeof gridPosts.$inferSelect;
export type GridScheduleRow = typeof gridSchedules.$inferSelect;
export type GridSortField = 'code' | 'name' | 'areaM2' | 'updatedAt';
/** A grid without its outline, for lists. */
export type GridListRow = Omit<GridRow, 'geometry'>;

export interface GridFilter {
  under?: string;
  kind?: GridKind;
  status?: GridStatus;
  /** Part of the name or a code prefix. */
  q?: string;
  /** What the caller sees: division subtrees ('' = all) or named grids. */
  scope: { divisions: readonly string[]; grids: readonly string[] };
  /** Retired grids too. */
  withRetired?: boolean;
}

function inSight(scope: GridFilter['scope']): SQL | undefined {
  if (scope.divisions.includes('')) return undefined;
  const terms: SQL[] = scope.divisions.map((d) => like(grids.communityCode, `${d}%`));
  if (scope.grids.length) terms.push(inArray(grids.code, [...scope.grids]));
  return terms.length ? or(...terms) : sql`false`;
}

function where(filter: GridFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [inSight(filter.scope)];
  if (!filter.withRetired && filter.status !== 'retired') conditions.push(isNull(grids.validTo));
  if (filter.under) conditions.push(like(grids.communityCode, `${filter.under}%`));
  if (filter.kind) conditions.push(eq(grids.kind, filter.kind));
  if (filter.status) conditions.push(eq(grids.status, filter.status));
  if (filter.q) {
    const q = escapeLike(filter.q);
    conditions.push(or(ilike(grids.name, `%${q}%`), like(grids.code, `${q}%`)));
  }
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

const { geometry: _geometry, ...listColumns } = getTableColumns(grids);

export const gridsRepo = {
  async insert(db: Db, row: NewGridRow): Promise<GridRow> {
    const [created] = await db.insert(grids).values(row).returning();
    return created!;
  },

  async update(db: Db, id: string, patch: Partial<NewGridRow>): Promise<GridRow> {
    const [row] = await db.update(grids).set(patch).where(eq(grids.id, id)).returning();
    return row!;
  },

  /** The grid in force with this code (not retired). */
  async current(db: Db, code: string, options: { forUpdate?: boolean } = {}): Promise<GridRow | null> {
    const query = db
      .select()
      .from(grids)
      .where(and(eq(grids.code, code), isNull(grids.validTo)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row ?? null;
  },

  async currentByCodes(db: Db, codes: readonly string[]): Promise<GridRow[]> {
    if (codes.length === 0) return [];
    return db
      .select()
      .from(grids)
      .where(and(inArray(grids.code, [...codes]), isNull(grids.validTo)));
  },

  /** Every sequence used in a community, retired grids included: a retired code is never handed out again. */
  async codesInCommunity(db: Db, communityCode: string): Promise<string[]> {
    const rows = await db.select({ code: grids.code }).from(grids).where(eq(grids.communityCode, communityCode));
    return rows.map((r) => r.code);
  },

  async page(db: Db, req: PageRequest<GridSortField>, filter: GridFilter) {
    const condition = where(filter);
    const items: GridListRow[] = await db
      .select(listColumns)
      .from(grids)
      .where(condition)
      .orderBy(
        ...orderBy(
          req,
          { code: grids.code, name: grids.name, areaM2: grids.areaM2, updatedAt: grids.updatedAt },
          grids.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(grids).where(condition);
    return { items, total: total?.n ?? 0 };
  },

  /** Grids in force under a division without their outlines, in code order (staffing checks). */
  async withoutGeometry(db: Db, filter: GridFilter): Promise<GridListRow[]> {
    return db.select(listColumns).from(grids).where(where(filter)).orderBy(asc(grids.code));
  },

  /** Grids in force under a division (with outlines), in code order. */
  async withGeometry(db: Db, filter: GridFilter): Promise<GridRow[]> {
    return db.select().from(grids).where(where(filter)).orderBy(asc(grids.code));
  },

  /** Grids in force of one kind whose bounding box meets this one (candidates for an overlap). */
  async bboxNeighbours(
    db: Db,
    box: readonly [number, number, number, number],
    kind: GridKind,
    excludeCodes: readonly string[] = [],
  ): Promise<GridRow[]> {
    const conditions: SQL[] = [
      isNull(grids.validTo),
      ne(grids.status, 'retired'),
      eq(grids.kind, kind),
      lte(grids.minLng, box[2]),
      gte(grids.maxLng, box[0]),
      lte(grids.minLat, box[3]),
      gte(grids.maxLat, box[1]),
    ];
    if (excludeCodes.length) conditions.push(sql`${grids.code} not in ${[...excludeCodes]}`);
    return db
      .select()
      .from(grids)
      .where(and(...conditions));
  },

  /** What the locate index is built from: every grid in force that is not retired. */
  async forIndex(db: Db) {
    return db
      .select({
        code: grids.code,
        name: grids.name,
        kind: grids.kind,
        communityCode: grids.communityCode,
        geometry: grids.geometry,
      })
      .from(grids)
      .where(and(isNull(grids.validTo), ne(grids.status, 'retired')))
      .orderBy(asc(grids.code));
  },

  async indexVersion(db: Db): Promise<number> {
    const [row] = await db.select({ version: gridIndexVersion.version }).from(gridIndexVersion);
    return row?.version ?? 0;
  },

  /** In the transaction of a grid change: other processes rebuild their index when they see it move. */
  async bumpIndexVersion(db: Db, at: Date): Promise<void> {
    await db
      .insert(gridIndexVersion)
      .values({ id: 1, version: 1, changedAt: at })
      .onConflictDoUpdate({
        target: gridIndexVersion.id,
        set: { version: sql`${gridIndexVersion.version} + 1`, changedAt: at },
      });
  },

  // ---------------------------------------------------------------- posts and schedules

  async insertPost(db: Db, row: typeof gridPosts.$inferInsert): Promise<GridPostRow> {
    const [created] = await db.insert(gridPosts).values(row).returning();
    return created!;
  },

  async findPost(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<GridPostRow | null> {
    const query = db.select().from(gridPosts).where(eq(gridPosts.id, id));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row ?? null;
  },

  async updatePost(db: Db, id: string, patch: Partial<typeof gridPosts.$inferInsert>): Promise<GridPostRow> {
    const [row] = await db.update(gridPosts).set(patch).where(eq(gridPosts.id, id)).returning();
    return row!;
  },

  /** Posts of grids, in force on `date` (validity is [from, to)), or all of them with `history`. */
  async posts(db: Db, gridIds: readonly string[], date: string | null): Promise<GridPostRow[]> {
    if (gridIds.length === 0) return [];
    const conditions: SQL[] = [inArray(gridPosts.gridId, [...gridIds])];
    if (date !== null) conditions.push(...inForce(gridPosts, date));
    return db
      .select()
      .from(gridPosts)
      .where(and(...conditions))
      .orderBy(asc(gridPosts.validFrom), asc(gridPosts.id));
  },

  async insertSchedule(db: Db, row: typeof gridSchedules.$inferInsert): Promise<GridScheduleRow> {
    const [created] = await db.insert(gridSchedules).values(row).returning();
    return created!;
  },

  async findSchedule(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<GridScheduleRow | null> {
    const query = db.select().from(gridSchedules).where(eq(gridSchedules.id, id));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row ?? null;
  },

  async updateSchedule(
    db: Db,
    id: string,
    patch: Partial<typeof gridSchedules.$inferInsert>,
  ): Promise<GridScheduleRow> {
    const [row] = await db.update(gridSchedules).set(patch).where(eq(gridSchedules.id, id)).returning();
    return row!;
  },

  async schedules(db: Db, gridIds: readonly string[], date: string): Promise<GridScheduleRow[]> {
    if (gridIds.length === 0) return [];
    return db
      .select()
      .from(gridSchedules)
      .where(and(inArray(gridSchedules.gridId, [...gridIds]), ...inForce(gridSchedules, date)))
      .orderBy(asc(gridSchedules.startTime), asc(gridSchedules.id));
  },

  /** Posts by id, whatever their dates. */
  async postsByIds(db: Db, ids: readonly string[]): Promise<GridPostRow[]> {
    if (ids.length === 0) return [];
    return db
      .select()
      .from(gridPosts)
      .where(inArray(gridPosts.id, [...ids]));
  },

  /** Schedules of grids valid on at least one day of [from, to] (validity is [validFrom, validTo)). */
  async schedulesBetween(db: Db, gridIds: readonly string[], from: string, to: string): Promise<GridScheduleRow[]> {
    if (gridIds.length === 0) return [];
    return db
      .select()
      .from(gridSchedules)
      .where(
        and(
          inArray(gridSchedules.gridId, [...gridIds]),
          lte(gridSchedules.validFrom, to),
          or(isNull(gridSchedules.validTo), sql`${gridSchedules.validTo} > ${from}`),
        ),
      )
      .orderBy(asc(gridSchedules.startTime), asc(gridSchedules.id));
  },

  /** Codes and names of grids, retired rows included. */
  async namesByCodes(db: Db, codes: readonly string[]) {
    if (codes.length === 0) return [];
    return db
      .select({ code: grids.code, name: grids.name, validTo: grids.validTo })
      .from(grids)
      .where(inArray(grids.code, [...codes]));
  },

  /** Posts in force on `date` held by these people, with their grid's code (for "too many grids"). */
  async postsOfPeople(db: Db, personIds: readonly string[], date: string) {
    if (personIds.length === 0) return [];
    return db
      .select({ personId: gridPosts.personId, post: gridPosts.post, gridCode: grids.code })
      .from(gridPosts)
      .innerJoin(grids, eq(grids.id, gridPosts.gridId))
      .where(and(inArray(gridPosts.personId, [...personIds]), ...inForce(gridPosts, date), isNull(grids.validTo)));
  },
};

function inForce(table: typeof gridPosts | typeof gridSchedules, date: string): SQL[] {
  return [lte(table.validFrom, date), or(isNull(table.validTo), sql`${table.validTo} > ${date}`)!];
}
