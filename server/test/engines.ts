import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { MIGRATIONS_DIR, migrate, migrationJournal } from '../src/db/migrate.ts';

/**
 * Test databases. The API suite runs once per engine (CIVICGRID_TEST_ENGINE=pglite|postgres). Each
 * test gets a fresh database copied from a template that already has every migration applied, so a
 * test costs a copy, not a migration run.
 */
export type TestEngine = 'pglite' | 'postgres';
export const TEST_ENGINE: TestEngine = process.env.CIVICGRID_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL = process.env.CIVICGRID_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CACHE_DIR = path.resolve(import.meta.dirname, '../../.cache');

/** Changes when a migration changes, so a stale template is never used. */
export function schemaFingerprint(): string {
  const h = createHash('sha256');
  for (const e of migrationJournal().entries) h.update(readFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`)));
  return h.digest('hex').slice(0, 12);
}

function pgliteTemplateFile(): string {
  return path.join(CACHE_DIR, `pglite-template-${schemaFingerprint()}.tar.gz`);
}

function templateDbName(): string {
  return `civicgrid_template_${schemaFingerprint()}`;
}

function urlFor(database: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await admin((c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** Builds the templates once per suite run (scripts/test.mjs calls this before the tests). */
export async function prepareTemplates(engines: TestEngine[]): Promise<void> {
  if (engines.includes('pglite') && !existsSync(pgliteTemplateFile())) {
    const database = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
    await migrate(database);
    const dump = await database.pglite!.dumpDataDir('gzip');
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(pgliteTemplateFile(), Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  if (engines.includes('postgres')) {
    const name = templateDbName();
    const exists = await admin(
      async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount,
    );
    if (!exists) {
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      const database = await openDatabase({ databaseUrl: urlFor(name), dataDir: '' });
      await migrate(database);
      await database.close();
    }
  }
}

let counter = 0;

/** A fresh, migrated, empty database on the engine under test; closing drops it. */
export async function openTestDatabase(
  engine: TestEngine = TEST_ENGINE,
  options: { poolSize?: number } = {},
): Promise<Database> {
  await prepareTemplates([engine]);
  if (engine === 'pglite') {
    const template = new Blob([readFileSync(pgliteTemplateFile())]);
    return openDatabase({ databaseUrl: null, dataDir: '', template });
  }
  const name = `civicgrid_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templateDbName()}`));
      break;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const database = await openDatabase({ databaseUrl: urlFor(name), dataDir: '', poolSize: options.poolSize ?? 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A fresh empty database URL on the PostgreSQL server (for tests that start server processes). */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `civicgrid_p_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: urlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
