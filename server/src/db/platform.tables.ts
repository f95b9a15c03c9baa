import { integer, jsonb, pgTable, primaryKey, text, varchar } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** Remembered responses of creating POSTs, so a retried request returns the first answer. */
export const idempotencyKeys = pgTable(
  'idempotency_key',
  {
    scope: text('scope').notNull(),
    key: varchar('key', { length: 200 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** Which seeders have run, so `seed --demo` and first start are idempotent. */
export const seedRuns = pgTable('seed_run', {
  name: text('name').primaryKey(),
  appliedAt: instant('applied_at').notNull(),
});

/**
 * One value sealed with the personal-data keys when the installation first served. At start it must
 * open: a database restored without its keys (backups deliberately leave them out) stops the server
 * with a clear message instead of failing later on every person it shows.
 */
export const personalDataKeyChecks = pgTable('personal_data_key_check', {
  name: text('name').primaryKey(),
  sealed: text('sealed').notNull(),
  createdAt: instant('created_at').notNull(),
});
