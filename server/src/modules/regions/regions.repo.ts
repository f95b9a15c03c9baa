import {
  and,
  asc,
  count,
  eq,
  getTableColumns,
  gt,
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
import { type DivisionLevel, divisions } from './regions.tables.ts';

export type DivisionRow = typeof divisions.$inferSelect;
export type NewDivisionRow = typeof divisions.$inferInsert;
export type DivisionSortField = 'code' | 'name';

export interface DivisionFilter {
  /** The date whose versions are read (YYYY-MM-DD). */
  at: string;
  nameContains?: string;
  codePrefix?: string;
  level?: DivisionLevel;
  /** Strictly below this division (code prefix, the division itself excluded); '' = everywhere. */
  under?: string;
}

/** An arbitrary constant shared by every process importing divisions (see db/seeds.ts for another). */
const IMPORT_LOCK = 7_340_003;
/** Ids per UPDATE … WHERE id IN (…): well under PostgreSQL's 65,535 parameters. */
const CLOSE_CHUNK = 1000;

/** The version in force on a date: `valid_to` is exclusive. Dates compare as dates on both engines. */
function inForceOn(at: string): SQL {
  return and(lte(divisions.validFrom, at), or(isNull(divisions.validTo), gt(divisions.validTo, at)))!;
}

/** Codes are digits only (validated by the service), so a prefix needs no escaping. */
function strictlyUnder(code: string): SQL | undefined {
  if (code === '') return undefined;
  return and(like(divisions.code, `${code}%`), ne(divisions.code, code));
}

function where(filter: DivisionFilter): SQL {
  const conditions: (SQL | undefined)[] = [inForceOn(filter.at)];
  if (filter.nameContains !== undefined) conditions.push(ilike(divisions.name, `%${escapeLike(filter.nameContains)}%`));
  if (filter.codePrefix !== undefined) conditions.push(like(divisions.code, `${filter.codePrefix}%`));
  if (filter.level !== undefined) conditions.push(eq(divisions.level, filter.level));
  if (filter.under !== undefined) conditions.push(strictlyUnder(filter.under));
  return and(...conditions.filter((c): c is SQL => c !== undefined))!;
}

export const regionsRepo = {
  /**
   * Serialises imports within one province across processes until the transaction ends: cities of a
   * province share its row, which two concurrent first imports would both insert.
   */
  async lockProvinceImport(db: Db, provinceCode: string): Promise<void> {
    await db.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}, ${Number(provinceCode)})`);
  },

  /** The open versions (`valid_to` null) of these codes, locked against a concurrent change. */
  async openVersions(db: Db, codes: readonly string[]): Promise<DivisionRow[]> {
    if (codes.length === 0) return [];
    return db
      .select()
      .from(divisions)
      .where(and(inArray(divisions.code, [...codes]), isNull(divisions.validTo)))
      .for('update');
  },

  /** The open versions of a division and everything under it, locked. */
  async openVersionsUnder(db: Db, code: string): Promise<DivisionRow[]> {
    return db
      .select()
      .from(divisions)
      .where(and(like(divisions.code, `${code}%`), isNull(divisions.validTo)))
      .orderBy(asc(divisions.code))
      .for('update');
  },

  /**
   * One statement for any number of rows: the rows travel as one JSON parameter that PostgreSQL expands with
   * `json_populate_recordset` (as the logical import does). A city is thousands of rows, and binding them as
   * tens of thousands of parameters costs the embedded engine seconds at every first start.
   */
  async insertMany(db: Db, rows: readonly NewDivisionRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.entries(getTableColumns(divisions));
    const records = rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = row[key as keyof NewDivisionRow];
        record[column.name] = value instanceof Date ? value.toISOString() : (value ?? null);
      }
      return record;
    });
    const names = sql.join(
      columns.map(([, column]) => sql.identifier(column.name)),
      sql`, `,
    );
    await db.execute(
      sql`INSERT INTO ${divisions} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${divisions}, ${JSON.stringify(records)}::json)`,
    );
  },

  /** Ends these versions on `validTo` (exclusive). */
  async close(db: Db, ids: readonly string[], validTo: string, now: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += CLOSE_CHUNK) {
      await db
        .update(divisions)
        .set({ validTo, updatedAt: now })
        .where(inArray(divisions.id, ids.slice(i, i + CLOSE_CHUNK)));
    }
  },

  async update(
    db: Db,
    id: string,
    patch: Partial<Omit<NewDivisionRow, 'id' | 'code' | 'createdAt'>>,
  ): Promise<DivisionRow> {
    const [row] = await db.update(divisions).set(patch).where(eq(divisions.id, id)).returning();
    return row!;
  },

  async findAt(db: Db, code: string, at: string): Promise<DivisionRow | null> {
    const [row] = await db
      .select()
      .from(divisions)
      .where(and(eq(divisions.code, code), inForceOn(at)));
    return row ?? null;
  },

  /** Versions in force on a date of these codes (one each at most). */
  async manyAt(db: Db, codes: readonly string[], at: string): Promise<DivisionRow[]> {
    if (codes.length === 0) return [];
    return db
      .select()
      .from(divisions)
      .where(and(inArray(divisions.code, [...codes]), inForceOn(at)));
  },

  /** The children in force on a date, by code; a null parent lists the provinces. */
  async childrenAt(db: Db, parentCode: string | null, at: string): Promise<DivisionRow[]> {
    return db
      .select()
      .from(divisions)
      .where(
        and(parentCode === null ? isNull(divisions.parentCode) : eq(divisions.parentCode, parentCode), inForceOn(at)),
      )
      .orderBy(asc(divisions.code));
  },

  async descendantsAt(db: Db, code: string, level: DivisionLevel, at: string): Promise<DivisionRow[]> {
    return db
      .select()
      .from(divisions)
      .where(where({ at, under: code, level }))
      .orderBy(asc(divisions.code));
  },

  /** How many divisions in force on a date lie strictly under `code`, by level. */
  async countsByLevel(db: Db, code: string, at: string): Promise<{ level: DivisionLevel; n: number }[]> {
    return db
      .select({ level: divisions.level, n: count() })
      .from(divisions)
      .where(where({ at, under: code }))
      .groupBy(divisions.level);
  },

  async page(db: Db, req: PageRequest<DivisionSortField>, filter: DivisionFilter) {
    const condition = where(filter);
    const items = await db
      .select()
      .from(divisions)
      .where(condition)
      .orderBy(...orderBy(req, { code: divisions.code, name: divisions.name }, divisions.id))
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(divisions).where(condition);
    return { items, total: total?.n ?? 0 };
  },
};
