import { and, asc, eq, gt, ilike, inArray, isNull, like, lte, max, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { escapeLike } from '../../platform/sort.ts';
import { taxonomyCategories, taxonomyCodeSets, taxonomyCrosswalk } from './taxonomy.tables.ts';

export type CodeSetRow = typeof taxonomyCodeSets.$inferSelect;
export type NewCodeSetRow = typeof taxonomyCodeSets.$inferInsert;
export type CategoryRow = typeof taxonomyCategories.$inferSelect;
export type NewCategoryRow = typeof taxonomyCategories.$inferInsert;
export type CrosswalkRow = typeof taxonomyCrosswalk.$inferSelect;

export interface CategoryFilter {
  level?: 'class' | 'subclass';
  /** Only the subclasses of this class. */
  parent?: string;
  /** The start of the code, or part of the Chinese or English name. */
  q?: string;
}

const c = taxonomyCategories;

/** The version in force on a date: `valid_to` is exclusive. Dates compare as dates on both engines. */
function inForceOn(at: string): SQL {
  return and(lte(c.validFrom, at), or(isNull(c.validTo), gt(c.validTo, at)))!;
}

export const taxonomyRepo = {
  async listCodeSets(db: Db): Promise<CodeSetRow[]> {
    return db.select().from(taxonomyCodeSets).orderBy(asc(taxonomyCodeSets.key));
  },

  async findCodeSet(db: Db, key: string): Promise<CodeSetRow | null> {
    const [row] = await db.select().from(taxonomyCodeSets).where(eq(taxonomyCodeSets.key, key));
    return row ?? null;
  },

  /**
   * Locks code sets until the transaction ends (in key order, so two writers never wait on each other in a
   * circle): every change to a set's categories or crosswalk takes its set's lock first, so the versions it then
   * reads are every committed one.
   */
  async lockCodeSets(db: Db, keys: readonly string[]): Promise<CodeSetRow[]> {
    if (keys.length === 0) return [];
    return db
      .select()
      .from(taxonomyCodeSets)
      .where(inArray(taxonomyCodeSets.key, [...keys]))
      .orderBy(asc(taxonomyCodeSets.key))
      .for('update');
  },

  /** Inserts a code set; null when one with its key exists already. */
  async insertCodeSet(db: Db, row: NewCodeSetRow): Promise<CodeSetRow | null> {
    const [inserted] = await db.insert(taxonomyCodeSets).values(row).onConflictDoNothing().returning();
    return inserted ?? null;
  },

  async findAt(db: Db, codeSet: string, code: string, at: string): Promise<CategoryRow | null> {
    const [row] = await db
      .select()
      .from(c)
      .where(and(eq(c.codeSet, codeSet), eq(c.code, code), inForceOn(at)));
    return row ?? null;
  },

  /**
   * The versions in force on a date, each class followed by its subclasses: by the class's code, the class
   * first, then by position and code.
   */
  async listAt(db: Db, codeSet: string, at: string, filter: CategoryFilter = {}): Promise<CategoryRow[]> {
    const conditions: SQL[] = [eq(c.codeSet, codeSet), inForceOn(at)];
    if (filter.level !== undefined) conditions.push(eq(c.level, filter.level));
    if (filter.parent !== undefined) conditions.push(eq(c.parentCode, filter.parent));
    if (filter.q !== undefined) {
      const contains = `%${escapeLike(filter.q)}%`;
      conditions.push(
        or(like(c.code, `${escapeLike(filter.q)}%`), ilike(c.nameZh, contains), ilike(c.nameEn, contains))!,
      );
    }
    return db
      .select()
      .from(c)
      .where(and(...conditions))
      .orderBy(
        sql`coalesce(${c.parentCode}, ${c.code})`,
        sql`${c.parentCode} is not null`,
        asc(c.position),
        asc(c.code),
      );
  },

  /** Every version of a code, oldest first. */
  async versions(db: Db, codeSet: string, code: string): Promise<CategoryRow[]> {
    return db
      .select()
      .from(c)
      .where(and(eq(c.codeSet, codeSet), eq(c.code, code)))
      .orderBy(asc(c.validFrom));
  },

  /** Which of these codes have any version in the set. */
  async existingCodes(db: Db, codeSet: string, codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await db
      .selectDistinct({ code: c.code })
      .from(c)
      .where(and(eq(c.codeSet, codeSet), inArray(c.code, [...codes])));
    return new Set(rows.map((r) => r.code));
  },

  /** The versions of these codes in force on a date. */
  async manyAt(db: Db, codeSet: string, codes: readonly string[], at: string): Promise<CategoryRow[]> {
    if (codes.length === 0) return [];
    return db
      .select()
      .from(c)
      .where(and(eq(c.codeSet, codeSet), inArray(c.code, [...codes]), inForceOn(at)));
  },

  /** The subclasses of a class with a version in force on or after a date, by code. */
  async subclassesFrom(db: Db, codeSet: string, parent: string, from: string): Promise<string[]> {
    const rows = await db
      .selectDistinct({ code: c.code })
      .from(c)
      .where(and(eq(c.codeSet, codeSet), eq(c.parentCode, parent), or(isNull(c.validTo), gt(c.validTo, from))))
      .orderBy(asc(c.code));
    return rows.map((r) => r.code);
  },

  /** The highest position among the categories with this parent (classes: null), or null when there are none. */
  async maxPosition(db: Db, codeSet: string, parent: string | null): Promise<number | null> {
    const [row] = await db
      .select({ n: max(c.position) })
      .from(c)
      .where(and(eq(c.codeSet, codeSet), parent === null ? isNull(c.parentCode) : eq(c.parentCode, parent)));
    return row?.n ?? null;
  },

  async insertCategories(db: Db, rows: readonly NewCategoryRow[]): Promise<CategoryRow[]> {
    if (rows.length === 0) return [];
    return db
      .insert(c)
      .values([...rows])
      .returning();
  },

  /** Ends a version on `validTo` (exclusive); nothing else of it changes. */
  async close(db: Db, id: string, validTo: string): Promise<void> {
    await db.update(c).set({ validTo }).where(eq(c.id, id));
  },

  /** The codes of `toSet` that correspond to `code` of `fromSet`, whichever way round the pair was stored. */
  async crosswalk(db: Db, fromSet: string, code: string, toSet: string): Promise<string[]> {
    const w = taxonomyCrosswalk;
    const forward = await db
      .select({ code: w.toCode })
      .from(w)
      .where(and(eq(w.fromSet, fromSet), eq(w.fromCode, code), eq(w.toSet, toSet)));
    const backward = await db
      .select({ code: w.fromCode })
      .from(w)
      .where(and(eq(w.fromSet, toSet), eq(w.toSet, fromSet), eq(w.toCode, code)));
    return [...new Set([...forward, ...backward].map((r) => r.code))].sort();
  },

  /** Replaces what `code` of `fromSet` corresponds to in `toSet` (pairs stored either way round are removed). */
  async replaceCrosswalk(
    db: Db,
    entry: { fromSet: string; fromCode: string; toSet: string; toCodes: readonly string[]; ownerDivision: string },
  ): Promise<void> {
    const w = taxonomyCrosswalk;
    await db
      .delete(w)
      .where(and(eq(w.fromSet, entry.fromSet), eq(w.fromCode, entry.fromCode), eq(w.toSet, entry.toSet)));
    await db.delete(w).where(and(eq(w.fromSet, entry.toSet), eq(w.toSet, entry.fromSet), eq(w.toCode, entry.fromCode)));
    if (entry.toCodes.length === 0) return;
    await db.insert(w).values(
      entry.toCodes.map((toCode) => ({
        fromSet: entry.fromSet,
        fromCode: entry.fromCode,
        toSet: entry.toSet,
        toCode,
        ownerDivision: entry.ownerDivision,
      })),
    );
  },

  /** Adds crosswalk pairs, leaving those already there. */
  async addCrosswalk(db: Db, rows: readonly CrosswalkRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await db
      .insert(taxonomyCrosswalk)
      .values([...rows])
      .onConflictDoNothing()
      .returning({ code: taxonomyCrosswalk.fromCode });
    return inserted.length;
  },
};
