import { and, count, eq, gt, inArray, isNull, like, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import { configVersions } from './config.tables.ts';

export type ConfigVersionRow = typeof configVersions.$inferSelect;
export type ConfigSortField = 'effectiveFrom' | 'divisionCode' | 'createdAt';

export const configRepo = {
  /** Versions of a key in force on a date for any of the given divisions. */
  async inForce(db: Db, key: string, divisions: string[], at: string): Promise<ConfigVersionRow[]> {
    return db
      .select()
      .from(configVersions)
      .where(
        and(
          eq(configVersions.key, key),
          inArray(configVersions.divisionCode, divisions),
          lte(configVersions.effectiveFrom, at),
          or(isNull(configVersions.effectiveTo), gt(configVersions.effectiveTo, at)),
        ),
      );
  },

  /** The timeline of one key in one division, locked against concurrent edits. */
  async timelineForUpdate(db: Db, key: string, divisionCode: string): Promise<ConfigVersionRow[]> {
    return db
      .select()
      .from(configVersions)
      .where(and(eq(configVersions.key, key), eq(configVersions.divisionCode, divisionCode)))
      .orderBy(configVersions.effectiveFrom)
      .for('update');
  },

  async insert(db: Db, row: typeof configVersions.$inferInsert): Promise<ConfigVersionRow> {
    const [created] = await db.insert(configVersions).values(row).returning();
    return created!;
  },

  async setEffectiveTo(db: Db, id: string, effectiveTo: string | null): Promise<void> {
    await db.update(configVersions).set({ effectiveTo }).where(eq(configVersions.id, id));
  },

  async findById(db: Db, id: string): Promise<ConfigVersionRow | null> {
    const [row] = await db.select().from(configVersions).where(eq(configVersions.id, id));
    return row ?? null;
  },

  async delete(db: Db, id: string): Promise<void> {
    await db.delete(configVersions).where(eq(configVersions.id, id));
  },

  async page(
    db: Db,
    req: PageRequest<ConfigSortField>,
    filter: { key?: string; divisionCode?: string; scopes: readonly string[] },
  ) {
    const conditions: SQL[] = [];
    if (filter.key) conditions.push(eq(configVersions.key, filter.key));
    if (filter.divisionCode !== undefined) conditions.push(eq(configVersions.divisionCode, filter.divisionCode));
    if (!filter.scopes.includes('')) {
      // Division codes are digits only (validated), so the prefix needs no LIKE escaping.
      conditions.push(or(...filter.scopes.map((s) => like(configVersions.divisionCode, `${s}%`)))!);
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const items = await db
      .select()
      .from(configVersions)
      .where(where)
      .orderBy(
        ...orderBy(
          req,
          {
            effectiveFrom: configVersions.effectiveFrom,
            divisionCode: configVersions.divisionCode,
            createdAt: configVersions.createdAt,
          },
          configVersions.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(configVersions).where(where);
    return { items, total: total?.n ?? 0 };
  },
};
