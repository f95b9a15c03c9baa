import { and, asc, count, eq, gt, ilike, inArray, isNotNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { escapeLike, orderBy } from '../../platform/sort.ts';
import { people } from './people.tables.ts';

export type PersonRow = typeof people.$inferSelect;
export type NewPersonRow = typeof people.$inferInsert;
export type PersonPatchRow = Partial<Omit<NewPersonRow, 'id' | 'createdAt'>>;
export type PersonSortField = 'displayName' | 'createdAt' | 'updatedAt';

export interface PersonFilter {
  /** Part of the display name (matched case-insensitively, as typed). */
  nameContains?: string;
  /** Blind index of a phone number typed into the search box: matches as well as the name does. */
  orPhoneIndex?: string;
  /** Blind index of the phone number (exact). */
  phoneIndex?: string;
  /** Division subtree ('' = all). */
  division?: string;
  /** Division subtrees the caller may see ('' = all; none = nothing). */
  scopes: readonly string[];
}

/** Rows owned inside one of the subtrees; no subtree at all sees nothing. */
function withinScopes(scopes: readonly string[]): SQL | undefined {
  if (scopes.includes('')) return undefined;
  if (scopes.length === 0) return sql`false`;
  // Division codes are digits only (validated), so the prefix needs no LIKE escaping.
  return or(...scopes.map((s) => like(people.ownerDivision, `${s}%`)));
}

function where(filter: PersonFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [withinScopes(filter.scopes)];
  if (filter.nameContains !== undefined) {
    const byName = ilike(people.displayName, `%${escapeLike(filter.nameContains)}%`);
    conditions.push(filter.orPhoneIndex ? or(byName, eq(people.phoneIndex, filter.orPhoneIndex)) : byName);
  }
  if (filter.phoneIndex !== undefined) conditions.push(eq(people.phoneIndex, filter.phoneIndex));
  if (filter.division) conditions.push(like(people.ownerDivision, `${filter.division}%`));
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

export const peopleRepo = {
  async insert(db: Db, row: NewPersonRow): Promise<PersonRow> {
    const [created] = await db.insert(people).values(row).returning();
    return created!;
  },

  async findById(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<PersonRow | null> {
    const query = db.select().from(people).where(eq(people.id, id));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row ?? null;
  },

  async findByIds(db: Db, ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    return db
      .select()
      .from(people)
      .where(inArray(people.id, [...ids]));
  },

  async update(db: Db, id: string, patch: PersonPatchRow): Promise<PersonRow> {
    const [row] = await db.update(people).set(patch).where(eq(people.id, id)).returning();
    return row!;
  },

  async page(db: Db, req: PageRequest<PersonSortField>, filter: PersonFilter) {
    const condition = where(filter);
    const items = await db
      .select()
      .from(people)
      .where(condition)
      .orderBy(
        ...orderBy(
          req,
          { displayName: people.displayName, createdAt: people.createdAt, updatedAt: people.updatedAt },
          people.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(people).where(condition);
    return { items, total: total?.n ?? 0 };
  },

  /** People with this phone number (blind index) inside the scopes, oldest first. */
  async byPhoneIndex(db: Db, phoneIndex: string, scopes: readonly string[], limit: number): Promise<PersonRow[]> {
    return db
      .select()
      .from(people)
      .where(where({ phoneIndex, scopes }))
      .orderBy(asc(people.createdAt), asc(people.id))
      .limit(limit);
  },

  /**
   * Rows after `afterId` (id order) holding a sealed value that does not start with `activePrefix`
   * (`pd1.<suite>.<key id>.`): sealed with another key or suite. The caller confirms each value.
   */
  async sealedOtherwise(db: Db, activePrefix: string, afterId: string | null, limit: number): Promise<PersonRow[]> {
    const n = activePrefix.length;
    const stale = (column: AnyPgColumn) => and(isNotNull(column), sql`left(${column}, ${n}) <> ${activePrefix}`);
    const conditions = [or(stale(people.phoneSealed), stale(people.idCardSealed), stale(people.addressSealed))];
    if (afterId !== null) conditions.push(gt(people.id, afterId));
    return db
      .select()
      .from(people)
      .where(and(...conditions))
      .orderBy(asc(people.id))
      .limit(limit)
      .for('update', { skipLocked: true });
  },
};
