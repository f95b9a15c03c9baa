import { date, integer, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

/**
 * The last case number given per county and business day: numbers people read out on the phone
 * (county code + date + sequence, `140403202611300007`), gap-free within a day. One row per county and
 * day, incremented in the transaction that opens the case, so a rolled-back report gives its number back.
 */
export const caseNumberCounters = pgTable(
  'case_number_counter',
  {
    county: varchar('county', { length: 6 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.county, t.day] })],
);
