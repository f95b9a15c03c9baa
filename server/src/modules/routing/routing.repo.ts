import { and, asc, count, eq, gt, inArray, isNull, like, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { escapeLike, orderBy } from '../../platform/sort.ts';
import { routingRules } from './routing.tables.ts';

export type RoutingRuleRow = typeof routingRules.$inferSelect;
export type NewRoutingRuleRow = typeof routingRules.$inferInsert;
export type RuleSortField = 'divisionCode' | 'categoryCode' | 'priority' | 'validFrom' | 'updatedAt';

export interface RuleFilter {
  /** Versions in force on this date (YYYY-MM-DD). */
  at: string;
  codeSet?: string;
  /** A category code: rules for it and, when it is a class, for its subclasses (code prefix). */
  category?: string;
  /** A division: rules for it and the divisions under it. */
  division?: string;
  /** An org unit leading or assisting. */
  unit?: string;
  /** The caller's division subtrees ('' = all): rules inside one, or above one, are visible. */
  scopes: readonly string[];
}

// Transaction-scoped advisory lock (PGlite too) on one rule: its versions change one writer at a time.
const RULE_LOCK = 7_340_301;

/** In force on a date: [valid_from, valid_to). */
function inForce(date: string): SQL {
  return and(lte(routingRules.validFrom, date), or(isNull(routingRules.validTo), gt(routingRules.validTo, date)))!;
}

/** Rules of a division inside one of the scopes, or above one (division codes are digits: no LIKE escaping). */
function visible(scopes: readonly string[]): SQL | undefined {
  if (scopes.includes('')) return undefined;
  if (scopes.length === 0) return sql`false`;
  return or(
    ...scopes.map((s) =>
      or(like(routingRules.divisionCode, `${s}%`), sql`${s}::text LIKE (${routingRules.divisionCode} || '%')`),
    ),
  );
}

function where(filter: RuleFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [inForce(filter.at), visible(filter.scopes)];
  if (filter.codeSet) conditions.push(eq(routingRules.codeSet, filter.codeSet));
  if (filter.category) conditions.push(like(routingRules.categoryCode, `${escapeLike(filter.category)}%`));
  if (filter.division) conditions.push(like(routingRules.divisionCode, `${filter.division}%`));
  if (filter.unit) {
    conditions.push(
      or(eq(routingRules.leadUnitId, filter.unit), sql`${filter.unit}::uuid = ANY(${routingRules.assistUnitIds})`),
    );
  }
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

export const routingRepo = {
  /** Serialises changes to one rule's versions (two revisions at once must not both close the same version). */
  async lockRule(tx: Db, ruleId: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${RULE_LOCK}, hashtext(${ruleId}))`);
  },

  async insert(db: Db, row: NewRoutingRuleRow): Promise<RoutingRuleRow> {
    const [created] = await db.insert(routingRules).values(row).returning();
    return created!;
  },

  /** Ends a version: it is in force until the day before `validTo`. */
  async close(
    db: Db,
    id: string,
    change: { validTo: string; updatedAt: Date; updatedBy: string },
  ): Promise<RoutingRuleRow> {
    const [row] = await db.update(routingRules).set(change).where(eq(routingRules.id, id)).returning();
    return row!;
  },

  /** Every version of a rule, the first first. */
  async versions(db: Db, ruleId: string): Promise<RoutingRuleRow[]> {
    return db.select().from(routingRules).where(eq(routingRules.ruleId, ruleId)).orderBy(asc(routingRules.version));
  },

  /**
   * The versions in force on a date that could route a problem: of the code set, for one of the category codes,
   * for one of the division codes (the case's division and its ancestors).
   */
  async candidates(
    db: Db,
    q: { codeSet: string; categoryCodes: readonly string[]; divisionCodes: readonly string[]; at: string },
  ): Promise<RoutingRuleRow[]> {
    if (q.categoryCodes.length === 0 || q.divisionCodes.length === 0) return [];
    return db
      .select()
      .from(routingRules)
      .where(
        and(
          eq(routingRules.codeSet, q.codeSet),
          inArray(routingRules.categoryCode, [...q.categoryCodes]),
          inArray(routingRules.divisionCode, [...q.divisionCodes]),
          inForce(q.at),
        ),
      );
  },

  async page(db: Db, req: PageRequest<RuleSortField>, filter: RuleFilter) {
    const condition = where(filter);
    const items = await db
      .select()
      .from(routingRules)
      .where(condition)
      .orderBy(
        ...orderBy(
          req,
          {
            divisionCode: routingRules.divisionCode,
            categoryCode: routingRules.categoryCode,
            priority: routingRules.priority,
            validFrom: routingRules.validFrom,
            updatedAt: routingRules.updatedAt,
          },
          routingRules.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(routingRules).where(condition);
    return { items, total: total?.n ?? 0 };
  },
};
