import { date, jsonb, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

/**
 * One value of one domain setting for one division over a period [effective_from, effective_to).
 * Periods of the same key and division never overlap; the service keeps the timeline contiguous.
 * The division is also the owner of the row.
 */
export const configVersions = pgTable(
  'config_version',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    value: jsonb('value').notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [unique('config_version_period_uq').on(t.key, t.divisionCode, t.effectiveFrom)],
);
