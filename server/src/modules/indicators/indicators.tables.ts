import { bigint, date, index, jsonb, pgTable, primaryKey, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';
import type { CaseFacts } from './indicators.facts.ts';

/**
 * The facts of one urban case as its action log says (indicators.facts.ts): a rollup, rebuilt from the log at
 * will and kept current by the `indicators` consumer of the engine's outbox. The columns are what lists of
 * cases behind a figure show; `facts` holds the whole derivation.
 */
export const indicatorCases = pgTable(
  'indicator_case',
  {
    caseId: uuid('case_id').primaryKey(),
    number: varchar('number', { length: 40 }),
    state: varchar('state', { length: 40 }).notNull(),
    categoryCode: varchar('category_code', { length: 40 }),
    ownerDivision: varchar('owner_division', { length: 12 }).notNull(),
    gridCode: varchar('grid_code', { length: 15 }),
    leadUnit: uuid('lead_unit'),
    reportedAt: instant('reported_at').notNull(),
    handleDueAt: instant('handle_due_at'),
    handledAt: instant('handled_at'),
    closedAt: instant('closed_at'),
    facts: jsonb('facts').$type<CaseFacts>().notNull(),
    /** The last log entry the facts were derived from. */
    lastActionId: bigint('last_action_id', { mode: 'number' }).notNull(),
  },
  (t) => [index('indicator_case_owner_idx').on(t.ownerDivision)],
);

/**
 * One item counted in one measure (indicators.definitions.ts) on one business date, for a lead unit ('' none),
 * the owning division and a grid ('' none): the figures are counts of these over a period, grouped by one of
 * the three. `ref` tells items of one case apart ('' the case, a task id, a visit's log entry id).
 */
export const indicatorMarks = pgTable(
  'indicator_mark',
  {
    caseId: uuid('case_id').notNull(),
    measure: varchar('measure', { length: 24 }).notNull(),
    ref: varchar('ref', { length: 40 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    unit: varchar('unit', { length: 36 }).notNull(),
    division: varchar('division', { length: 12 }).notNull(),
    grid: varchar('grid', { length: 15 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.measure, t.ref] }),
    index('indicator_mark_day_idx').on(t.day, t.division),
    index('indicator_mark_measure_idx').on(t.measure, t.day),
  ],
);
