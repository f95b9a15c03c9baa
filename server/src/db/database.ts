import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { DataDirLock } from './data-dir-lock.ts';

export type Engine = 'pglite' | 'postgres';
// biome-ignore lint/complexity/noBannedTypes: drizzle's schema parameter; we query with the core builders only
export type Db = PgDatabase<PgQueryResultHKT, {}>;
/** A transaction is a Db too: services take `Db` and work the same inside or outside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  readonly engine: Engine;
  readonly db: Db;
  /** Run raw SQL text with parameters; for migrations, dumps and diagnostics only. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** Where the embedded data lives (null on a server). */
  readonly dataDir: string | null;
  readonly lock: DataDirLock | null;
  /** The embedded client, for dumping its data directory (null on a server). */
  readonly pglite: PGlite | null;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  /** Embedded only: open an in-memory copy of a dumped data directory (tests use a prepared template). */
  template?: Blob;
  /** Embedded only: a throw-away in-memory database (no data directory, no lock). */
  memory?: boolean;
}

function pgTypes(): pg.CustomTypesConfig {
  // Dates (SQL `date`) stay strings: a calendar date has no time zone and must not shift by 8 hours.
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === 1082
        ? (v: string) => v
        : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes(),
      application_name: 'civicgrid',
    });
    // Fail at start, with the server's own message, rather than on the first request.
    const probe = await pool.connect();
    probe.release();
    pool.on('error', () => {
      /* an idle client lost its connection; the pool replaces it */
    });
    return {
      engine: 'postgres',
      db: drizzleNodePg(pool) as unknown as Db,
      query: async (text, params) => (await pool.query(text, params as unknown[])).rows,
      close: () => pool.end(),
      dataDir: null,
      lock: null,
      pglite: null,
    };
  }

  let client: PGlite;
  let lock: DataDirLock | null = null;
  const parsers = { 1082: (v: string) => v };
  const inMemory = Boolean(options.template || options.memory);
  if (inMemory) {
    client = await PGlite.create(options.template ? { loadDataDir: options.template, parsers } : { parsers });
  } else {
    lock = await DataDirLock.acquire(options.dataDir);
    const pgDir = path.join(options.dataDir, 'pg');
    mkdirSync(pgDir, { recursive: true });
    try {
      client = await PGlite.create({ dataDir: pgDir, parsers });
    } catch (err) {
      await lock.release();
      throw err;
    }
  }
  return {
    engine: 'pglite',
    db: drizzlePglite(client) as unknown as Db,
    query: async (text, params) => (await client.query(text, params as unknown[])).rows as never,
    close: async () => {
      await client.close();
      await lock?.release();
    },
    dataDir: inMemory ? null : options.dataDir,
    lock,
    pglite: client,
  };
}

/** Rows of a raw drizzle SQL query, on either engine. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
