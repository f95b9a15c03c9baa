import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export function migrationJournal(): Journal {
  return JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as Journal;
}

/** An arbitrary constant: one migrator at a time across every process sharing the server. */
const MIGRATION_LOCK = 7_340_001;

export async function migrate(database: Database): Promise<void> {
  if (database.engine === 'postgres') {
    // Several server processes may start together; the second waits and then finds nothing to do.
    await database.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrateNodePg(database.db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await database.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } else {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
  }
}

export interface MigrationState {
  applied: number;
  expected: number;
  latest: string | null;
  upToDate: boolean;
}

export async function migrationState(database: Database): Promise<MigrationState> {
  const journal = migrationJournal();
  let applied = 0;
  try {
    const r = await database.query<{ n: string | number }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    applied = Number(r[0]?.n ?? 0);
  } catch {
    applied = 0;
  }
  const expected = journal.entries.length;
  const latest = applied > 0 ? (journal.entries[applied - 1]?.tag ?? null) : null;
  return { applied, expected, latest, upToDate: applied >= expected };
}
