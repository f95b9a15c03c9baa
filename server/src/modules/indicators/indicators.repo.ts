import { and, asc, count, eq, gt, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/database.ts';
import { caseActions } from '../../engine/engine.tables.ts';
import type { CaseFacts, Derived, Mark } from './indicators.facts.ts';
import { indicatorCases, indicatorMarks } from './indicators.tables.ts';

export type Dimension = 'unit' | 'division' | 'grid';

/** Which marks a figure counts: a period, the caller's divisions, an optional division subtree. */
export interface MarkFilter {
  from: string;
  to: string;
  /** Division subtrees the caller may see ('' = all). */
  scope: readonly string[];
  /** Only marks of cases owned in this subtree ('' or undefined = no narrowing). */
  division?: string;
}

/** Lock serialising the consumer's batches with rebuilds (both replace rows of the same cases). */
const LOCK = sql`select pg_advisory_xact_lock(7340302, hashtext('indicators'))`;

const INSERT_CHUNK = 1000;

function within(column: SQL | typeof indicatorMarks.division, prefixes: readonly string[]): SQL {
  if (prefixes.includes('')) return sql`true`;
  if (prefixes.length === 0) return sql`false`;
  return sql`(${sql.join(
    prefixes.map((p) => sql`${column} like ${`${p}%`}`),
    sql` or `,
  )})`;
}

function markWhere(f: MarkFilter, extra: SQL[] = []): SQL | undefined {
  return and(
    gte(indicatorMarks.day, f.from),
    lte(indicatorMarks.day, f.to),
    within(indicatorMarks.division, f.scope),
    f.division ? within(indicatorMarks.division, [f.division]) : undefined,
    ...extra,
  );
}

/** The row a mark falls in when grouped by a dimension (divisions: one level below `parent`). */
export function rowKey(by: Dimension, childLength: number): SQL<string> {
  if (by === 'unit') return sql<string>`${indicatorMarks.unit}`;
  if (by === 'grid') return sql<string>`${indicatorMarks.grid}`;
  // A literal, not a parameter: the select and the GROUP BY must be the same expression.
  return sql<string>`left(${indicatorMarks.division}, ${sql.raw(String(Math.trunc(childLength)))})`;
}

export const indicatorsRepo = {
  lock: async (db: Db) => {
    await db.execute(LOCK);
  },

  /** Replaces the facts and marks of these cases by what was derived (cases without a derivation lose theirs). */
  async replace(db: Db, caseIds: readonly string[], derived: readonly Derived[]): Promise<void> {
    if (caseIds.length === 0) return;
    await db.delete(indicatorMarks).where(inArray(indicatorMarks.caseId, [...caseIds]));
    await db.delete(indicatorCases).where(inArray(indicatorCases.caseId, [...caseIds]));
    await indicatorsRepo.insert(db, derived);
  },

  async insert(db: Db, derived: readonly Derived[]): Promise<void> {
    const cases = derived.map((d) => factRow(d.facts));
    for (let i = 0; i < cases.length; i += INSERT_CHUNK)
      await db.insert(indicatorCases).values(cases.slice(i, i + INSERT_CHUNK));
    const marks = derived.flatMap((d) => d.marks);
    for (let i = 0; i < marks.length; i += INSERT_CHUNK)
      await db.insert(indicatorMarks).values(marks.slice(i, i + INSERT_CHUNK));
  },

  async clear(db: Db): Promise<void> {
    await db.delete(indicatorMarks);
    await db.delete(indicatorCases);
  },

  /** Counts of marks by row and measure over a period. */
  async counts(db: Db, filter: MarkFilter, key: SQL<string>): Promise<{ row: string; measure: string; n: number }[]> {
    const found = await db
      .select({ row: key, measure: indicatorMarks.measure, n: count() })
      .from(indicatorMarks)
      .where(markWhere(filter))
      .groupBy(key, indicatorMarks.measure);
    return found.map((r) => ({ row: r.row, measure: r.measure, n: Number(r.n) }));
  },

  /** The cases behind a figure: the marks of one measure (and row), with their case's facts. */
  async marked(
    db: Db,
    filter: MarkFilter,
    measure: string,
    row: { key: SQL<string>; value: string } | null,
    page: { offset: number; limit: number },
  ): Promise<{ items: (Mark & { facts: CaseFacts })[]; total: number }> {
    const where = markWhere(filter, [
      eq(indicatorMarks.measure, measure),
      ...(row ? [sql`${row.key} = ${row.value}`] : []),
    ]);
    const [total] = await db.select({ n: count() }).from(indicatorMarks).where(where);
    const items = await db
      .select({ mark: indicatorMarks, facts: indicatorCases.facts })
      .from(indicatorMarks)
      .innerJoin(indicatorCases, eq(indicatorCases.caseId, indicatorMarks.caseId))
      .where(where)
      .orderBy(asc(indicatorMarks.day), asc(indicatorCases.number), asc(indicatorMarks.caseId), asc(indicatorMarks.ref))
      .offset(page.offset)
      .limit(page.limit);
    return {
      items: items.map((r) => ({ ...r.mark, measure: r.mark.measure as Mark['measure'], facts: r.facts })),
      total: Number(total?.n ?? 0),
    };
  },

  /** Case ids in the log after one, in order, a page at a time (every workflow; the derivation skips others). */
  async caseIdsAfter(db: Db, after: string | null, limit: number): Promise<string[]> {
    const found = await db
      .selectDistinct({ id: caseActions.caseId })
      .from(caseActions)
      .where(after ? gt(caseActions.caseId, after) : undefined)
      .orderBy(asc(caseActions.caseId))
      .limit(limit);
    return found.map((r) => r.id);
  },

  /**
   * Cases whose open handling clock no longer has the due time or colour their facts say: the recomputation
   * after a calendar change logs its changes without an outbox event, so the consumer never heard of them.
   */
  async drifted(db: Db, limit: number): Promise<string[]> {
    const found = await rows<{ case_id: string }>(
      db,
      sql`select d.case_id from case_deadline d
          join ${indicatorCases} c on c.case_id = d.case_id
          where d.holder = 'case' and d.clock = 'handle' and d.state <> 'stopped'
            and (d.due_at is distinct from c.handle_due_at or d.status is distinct from c.facts->>'handleStatus')
          limit ${limit}`,
    );
    return found.map((r) => r.case_id);
  },

  /** Fact rows in case order after one (for the check: rows the log no longer explains). */
  async factIdsAfter(db: Db, after: string | null, limit: number): Promise<string[]> {
    const found = await db
      .select({ id: indicatorCases.caseId })
      .from(indicatorCases)
      .where(after ? gt(indicatorCases.caseId, after) : undefined)
      .orderBy(asc(indicatorCases.caseId))
      .limit(limit);
    return found.map((r) => r.id);
  },

  async stored(db: Db, caseIds: readonly string[]): Promise<{ facts: CaseFacts[]; marks: Mark[] }> {
    if (caseIds.length === 0) return { facts: [], marks: [] };
    const ids = [...caseIds];
    const facts = await db
      .select({ facts: indicatorCases.facts })
      .from(indicatorCases)
      .where(inArray(indicatorCases.caseId, ids));
    const marks = await db.select().from(indicatorMarks).where(inArray(indicatorMarks.caseId, ids));
    return {
      facts: facts.map((f) => f.facts),
      marks: marks.map((m) => ({ ...m, measure: m.measure as Mark['measure'] })),
    };
  },
};

function factRow(f: CaseFacts): typeof indicatorCases.$inferInsert {
  const at = (v: string | null) => (v ? new Date(v) : null);
  return {
    caseId: f.caseId,
    number: f.number,
    state: f.state,
    categoryCode: f.categoryCode,
    ownerDivision: f.ownerDivision,
    gridCode: f.gridCode,
    leadUnit: f.leadUnit,
    reportedAt: new Date(f.reportedAt),
    handleDueAt: at(f.handleDueAt),
    handledAt: at(f.handledAt),
    closedAt: at(f.closedAt),
    facts: f,
    lastActionId: f.lastActionId,
  };
}
