import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Value } from 'typebox/value';
import { type Database, type Db, rows, sql } from '../../db/database.ts';
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from '../../db/errors.ts';
import { type MigrationState, migrationJournal, migrationState } from '../../db/migrate.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { BackupErrors } from './backup.policy.ts';
import { DumpManifest, RELATION_NAME } from './backup.schemas.ts';

/**
 * The logical dump: one engine-neutral format for export/import and backup/restore. Rows are
 * `row_to_json` lines read inside one REPEATABLE READ READ ONLY transaction (a consistent snapshot
 * while the server keeps writing) and written back with `json_populate_recordset`, so PostgreSQL
 * itself converts every value on both sides. PGlite's physical dumps are Postgres 18 and do not load
 * into a PostgreSQL 15 server; this format does.
 *
 *   manifest.json            what, from which schema version, and a SHA-256 of every file
 *   data/<table>.ndjson      one row per line, ordered by primary key
 *   files/<sha256>           attachment content
 */

/** Where a dump reads attachments from: the files module's BlobStore satisfies this. */
export interface BlobSource {
  list(): AsyncIterable<string>;
  open(sha256: string): Readable | NodeJS.ReadableStream | Promise<Readable | NodeJS.ReadableStream>;
}

/** Where an import puts attachments: the files module's BlobStore satisfies this. */
export interface BlobTarget {
  has(sha256: string): Promise<boolean>;
  put(content: Readable): Promise<{ sha256: string }>;
}

export interface DumpSource {
  database: Database;
  blobs: BlobSource | null;
  time: BusinessTime;
  appVersion: string;
}

export interface DumpTarget {
  database: Database;
  blobs: BlobTarget | null;
}

export interface ImportSummary {
  tables: number;
  rows: number;
  files: number;
  bytes: number;
  manifest: DumpManifest;
}

export const MANIFEST_FILE = 'manifest.json';
const FETCH_ROWS = 1000;
/** A dump holds every citizen's data: readable by the account that made it only, like the operator token. */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;
const INSERT_ROWS = 500;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (name: string) => `"public".${ident(name)}`;

/** Writes a dump of the database (and the attachments) into `dir`, which must be empty or absent. */
export async function exportDump(source: DumpSource, dir: string): Promise<DumpManifest> {
  await ensureEmptyDir(dir);
  await mkdir(path.join(dir, 'data'), { recursive: true, mode: PRIVATE_DIR });
  await mkdir(path.join(dir, 'files'), { recursive: true, mode: PRIVATE_DIR });
  const { database } = source;
  const migrations = await migrationState(database);
  const createdAt = source.time.format();

  // On PGlite this transaction holds the only connection: the server's requests wait (they do not
  // fail) until the rows are written. Attachments are copied afterwards, outside it.
  const { tables, sequences } = await database.db.transaction(
    async (tx) => {
      await setDumpSession(tx);
      const tables: DumpManifest['tables'] = [];
      for (const table of await listTables(tx)) tables.push(await dumpTable(tx, table, dir));
      const sequences: DumpManifest['sequences'] = [];
      for (const name of await listSequences(tx)) {
        const [s] = await rows<{ last_value: string; is_called: boolean }>(
          tx,
          sql.raw(`SELECT last_value::text AS last_value, is_called FROM ${qualified(name)}`),
        );
        sequences.push({ name, lastValue: s!.last_value, isCalled: s!.is_called });
      }
      return { tables, sequences };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );

  // Blobs are written before the rows that point at them and never changed, so listing them after
  // the snapshot finds every attachment the snapshot refers to (and perhaps a few newer ones).
  const files: DumpManifest['files'] = [];
  if (source.blobs) {
    const shas: string[] = [];
    for await (const sha of source.blobs.list()) shas.push(sha);
    for (const sha256 of shas.sort()) {
      const written = await writeFileSynced(path.join(dir, 'files', sha256), await source.blobs.open(sha256));
      if (written.sha256 !== sha256) throw BackupErrors.BLOB_STORE_DAMAGED({ sha256, actual: written.sha256 });
      files.push({ sha256, size: written.size });
    }
  }

  const manifest: DumpManifest = {
    format: 'civicgrid-dump',
    formatVersion: 1,
    appVersion: source.appVersion,
    engine: database.engine,
    migrations: { applied: migrations.applied, latest: migrations.latest },
    createdAt,
    tables,
    sequences,
    files,
  };
  // Written last and renamed into place: a dump with a manifest is a complete dump.
  const partial = path.join(dir, `${MANIFEST_FILE}.partial`);
  await writeFileSynced(partial, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(partial, path.join(dir, MANIFEST_FILE));
  return manifest;
}

/** Reads and checks the manifest of a dump directory. */
export async function readManifest(dir: string): Promise<DumpManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw BackupErrors.DUMP_NOT_FOUND({ path: dir });
  return parseManifest(await readFile(file, 'utf8'), dir);
}

export function parseManifest(text: string, where: string): DumpManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw BackupErrors.DUMP_FORMAT_UNKNOWN({ path: where, reason: `manifest.json: ${(err as Error).message}` });
  }
  const head = value as { format?: unknown; formatVersion?: unknown } | null;
  if (head?.format !== 'civicgrid-dump')
    throw BackupErrors.DUMP_FORMAT_UNKNOWN({ path: where, reason: 'not a civicgrid-dump' });
  if (head.formatVersion !== 1) {
    throw BackupErrors.DUMP_FORMAT_UNKNOWN({
      path: where,
      reason: `format version ${String(head.formatVersion)} (this version reads 1)`,
    });
  }
  if (!Value.Check(DumpManifest, value)) {
    const first = [...Value.Errors(DumpManifest, value)][0];
    throw BackupErrors.DUMP_FORMAT_UNKNOWN({
      path: where,
      reason: `manifest.json${first?.instancePath ?? ''}: ${first?.message ?? 'invalid'}`,
    });
  }
  return value;
}

/** Every file the manifest lists is there with the recorded hash (and the row count for tables). */
export async function verifyDump(dir: string, manifest: DumpManifest): Promise<void> {
  for (const t of manifest.tables) {
    const file = path.join(dir, 'data', `${t.name}.ndjson`);
    if (!existsSync(file)) throw BackupErrors.DUMP_DAMAGED({ what: `data/${t.name}.ndjson is missing` });
    const { sha256, lines } = await hashFile(file);
    if (sha256 !== t.sha256) throw BackupErrors.DUMP_DAMAGED({ what: `data/${t.name}.ndjson does not match its hash` });
    if (lines !== t.rows)
      throw BackupErrors.DUMP_DAMAGED({ what: `data/${t.name}.ndjson has ${lines} rows, not ${t.rows}` });
  }
  for (const f of manifest.files) {
    const file = path.join(dir, 'files', f.sha256);
    if (!existsSync(file)) throw BackupErrors.DUMP_DAMAGED({ what: `files/${f.sha256} is missing` });
    const { sha256, size } = await hashFile(file);
    if (sha256 !== f.sha256 || size !== f.size)
      throw BackupErrors.DUMP_DAMAGED({ what: `files/${f.sha256} does not match its hash` });
  }
}

/**
 * A dump loads only into the schema it was taken from: this code's migrations must end where the
 * dump's did (checked before a target is created or migrated).
 */
export function assertSchemaMatchesCode(manifest: DumpManifest): void {
  const entries = migrationJournal().entries;
  assertSchema(manifest, { applied: entries.length, latest: entries.at(-1)?.tag ?? null });
}

function assertSchema(manifest: DumpManifest, target: Pick<MigrationState, 'applied' | 'latest'>): void {
  if (manifest.migrations.applied !== target.applied || manifest.migrations.latest !== target.latest) {
    throw BackupErrors.DUMP_SCHEMA_MISMATCH({
      dump: manifest.migrations.latest ?? 'none',
      appVersion: manifest.appVersion,
      target: target.latest ?? 'none',
    });
  }
}

/** Public tables that hold rows (empty list: the database is empty). */
export async function nonEmptyTables(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const t of await listTables(db)) {
    const [r] = await rows<{ found: boolean }>(
      db,
      sql.raw(`SELECT EXISTS (SELECT 1 FROM ${qualified(t.name)}) AS found`),
    );
    if (r?.found) out.push(t.name);
  }
  return out;
}

/**
 * Loads a dump into a migrated, empty database: hashes first, then schema version and emptiness,
 * then attachments (content-addressed, so a failed import leaves only harmless extra blobs), then
 * every table in one transaction, parents before children.
 */
export async function importDump(target: DumpTarget, dir: string): Promise<ImportSummary> {
  const { database } = target;
  const manifest = await readManifest(dir);
  await verifyDump(dir, manifest);
  assertSchema(manifest, await migrationState(database));
  const filled = await nonEmptyTables(database.db);
  if (filled.length) throw BackupErrors.IMPORT_TARGET_NOT_EMPTY({ tables: filled.join(', ') }, { tables: filled });

  let bytes = 0;
  if (manifest.files.length && !target.blobs) throw new Error('the dump has attachments but no file store was given');
  for (const f of manifest.files) {
    bytes += f.size;
    if (await target.blobs!.has(f.sha256)) continue;
    const stored = await target.blobs!.put(createReadStream(path.join(dir, 'files', f.sha256)));
    if (stored.sha256 !== f.sha256)
      throw BackupErrors.DUMP_DAMAGED({ what: `files/${f.sha256} changed while it was read` });
  }

  const total = await database.db.transaction(async (tx) => {
    await setDumpSession(tx);
    const tables = await listTables(tx);
    const known = new Map(tables.map((t) => [t.name, t]));
    const missing = manifest.tables.filter((t) => !known.has(t.name)).map((t) => t.name);
    if (missing.length) throw BackupErrors.DUMP_TABLES_UNKNOWN({ tables: missing.join(', ') });
    // Nobody may write between the emptiness check and the commit (a server sharing the database).
    if (tables.length)
      await tx.execute(sql.raw(`LOCK TABLE ${tables.map((t) => qualified(t.name)).join(', ')} IN EXCLUSIVE MODE`));
    const filledNow = await nonEmptyTables(tx);
    if (filledNow.length)
      throw BackupErrors.IMPORT_TARGET_NOT_EMPTY({ tables: filledNow.join(', ') }, { tables: filledNow });

    const dumped = new Map(manifest.tables.map((t) => [t.name, t]));
    const groups = insertionGroups(
      tables.filter((t) => dumped.has(t.name)),
      await foreignKeys(tx),
    );
    let total = 0;
    for (const group of groups) {
      const pending: Batch[] = [];
      for (const table of group.tables) {
        for await (const batch of readBatches(dir, table)) {
          if (group.retry) {
            if (!(await tryInsert(tx, batch))) pending.push(batch);
          } else {
            await insertBatch(tx, batch);
          }
        }
      }
      await insertPending(tx, pending);
      for (const table of group.tables) {
        const expected = dumped.get(table.name)!.rows;
        const [r] = await rows<{ n: string | number }>(
          tx,
          sql.raw(`SELECT count(*) AS n FROM ${qualified(table.name)}`),
        );
        if (Number(r?.n) !== expected)
          throw BackupErrors.DUMP_DAMAGED({ what: `${table.name}: ${r?.n} rows imported, ${expected} expected` });
        total += expected;
      }
    }
    for (const s of manifest.sequences) {
      await tx.execute(sql`SELECT setval(${qualified(s.name)}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`);
    }
    return total;
  });
  return { tables: manifest.tables.length, rows: total, files: manifest.files.length, bytes, manifest };
}

// ---------------------------------------------------------------------------------------------

interface TableInfo {
  name: string;
  /** Columns to insert: generated columns are computed again by the target. */
  columns: string[];
  /** ORDER BY of the dump: the primary key, else the whole row (some types, like json, cannot be compared). */
  orderBy: string;
  /** GENERATED ALWAYS AS IDENTITY columns take the dumped value only with OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
}

/** Session settings that make the JSON text the same whatever the server's defaults are. */
async function setDumpSession(tx: Db): Promise<void> {
  await tx.execute(sql.raw(`SET LOCAL TimeZone = 'UTC'`));
  await tx.execute(sql.raw(`SET LOCAL IntervalStyle = 'iso_8601'`));
  await tx.execute(sql.raw(`SET LOCAL bytea_output = 'hex'`));
}

/** Application tables of schema public (partitions are reached through their parent). */
async function listTables(db: Db): Promise<TableInfo[]> {
  const found = await rows<{
    table_name: string;
    column_name: string;
    collatable: boolean;
    generated: boolean;
    identity_always: boolean;
    pk_position: number | null;
  }>(
    db,
    sql.raw(`
      SELECT c.relname AS table_name, a.attname AS column_name, a.attcollation <> 0 AS collatable,
             a.attgenerated <> '' AS generated, a.attidentity = 'a' AS identity_always,
             array_position(pk.indkey::int2[], a.attnum) AS pk_position
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_index pk ON pk.indrelid = c.oid AND pk.indisprimary
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       ORDER BY c.relname COLLATE "C", a.attnum`),
  );
  const tables = new Map<string, { columns: typeof found }>();
  for (const r of found) {
    if (!RELATION_NAME.test(r.table_name)) throw new Error(`table public.${r.table_name}: name cannot be dumped`);
    const t = tables.get(r.table_name) ?? { columns: [] };
    t.columns.push(r);
    tables.set(r.table_name, t);
  }
  return [...tables].map(([name, t]) => {
    const key = t.columns.filter((c) => c.pk_position !== null).sort((a, b) => a.pk_position! - b.pk_position!);
    // Byte order ("C") for text keys: the same order, hence the same file, on every engine and locale.
    const orderBy = key.length
      ? key.map((c) => `t.${ident(c.column_name)}${c.collatable ? ' COLLATE "C"' : ''}`).join(', ')
      : `t::text COLLATE "C"`;
    return {
      name,
      columns: t.columns.filter((c) => !c.generated).map((c) => c.column_name),
      orderBy,
      identityAlways: t.columns.some((c) => c.identity_always),
    };
  });
}

async function listSequences(db: Db): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql.raw(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname COLLATE "C"`),
  );
  return found.map((r) => r.name).filter((name) => RELATION_NAME.test(name));
}

async function foreignKeys(db: Db): Promise<{ child: string; parent: string }[]> {
  return rows(
    db,
    sql.raw(`
      SELECT DISTINCT ch.relname AS child, pa.relname AS parent
        FROM pg_constraint co
        JOIN pg_class ch ON ch.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = ch.relnamespace
        JOIN pg_class pa ON pa.oid = co.confrelid
       WHERE co.contype = 'f' AND n.nspname = 'public'`),
  );
}

async function dumpTable(tx: Db, table: TableInfo, dir: string): Promise<DumpManifest['tables'][number]> {
  const file = path.join(dir, 'data', `${table.name}.ndjson`);
  const fh = await open(file, 'wx', PRIVATE_FILE);
  const hash = createHash('sha256');
  let count = 0;
  try {
    await tx.execute(
      sql.raw(`DECLARE civicgrid_dump NO SCROLL CURSOR FOR
        SELECT row_to_json(t)::text AS j FROM ${qualified(table.name)} AS t ORDER BY ${table.orderBy}`),
    );
    for (;;) {
      const batch = await rows<{ j: string }>(tx, sql.raw(`FETCH FORWARD ${FETCH_ROWS} FROM civicgrid_dump`));
      if (!batch.length) break;
      // A `json` column keeps its text as entered, line breaks included; outside strings they are
      // only whitespace, so one row stays one line.
      const text = batch.map((r) => `${r.j.replace(/[\r\n]+/g, ' ')}\n`).join('');
      hash.update(text);
      await fh.write(text);
      count += batch.length;
    }
    await tx.execute(sql.raw('CLOSE civicgrid_dump'));
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { name: table.name, rows: count, sha256: hash.digest('hex') };
}

interface Batch {
  table: TableInfo;
  /** Line number of the batch's first row in the table's file. */
  first: number;
  count: number;
  json: string;
}

async function* readBatches(dir: string, table: TableInfo): AsyncGenerator<Batch> {
  const lines = createInterface({
    input: createReadStream(path.join(dir, 'data', `${table.name}.ndjson`)),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let batch: string[] = [];
  let first = 1;
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    if (batch.length === INSERT_ROWS) {
      yield { table, first, count: batch.length, json: `[${batch.join(',')}]` };
      first += batch.length;
      batch = [];
    }
  }
  if (batch.length) yield { table, first, count: batch.length, json: `[${batch.join(',')}]` };
}

function insertSql(batch: Batch) {
  const { table } = batch;
  const columns = table.columns.map(ident).join(', ');
  return sql`INSERT INTO ${sql.raw(qualified(table.name))} (${sql.raw(columns)})${sql.raw(table.identityAlways ? ' OVERRIDING SYSTEM VALUE' : '')}
    SELECT ${sql.raw(columns)} FROM json_populate_recordset(NULL::${sql.raw(qualified(table.name))}, ${batch.json}::json)`;
}

async function insertBatch(tx: Db, batch: Batch): Promise<void> {
  try {
    await tx.execute(insertSql(batch));
  } catch (err) {
    throw importFailure(batch, err);
  }
}

/** In a savepoint: a batch whose rows point at rows not loaded yet is put aside and tried again. */
async function tryInsert(tx: Db, batch: Batch): Promise<boolean> {
  try {
    await tx.transaction(async (sp) => {
      await sp.execute(insertSql(batch));
    });
    return true;
  } catch (err) {
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) return false;
    throw importFailure(batch, err);
  }
}

async function insertPending(tx: Db, pending: Batch[]): Promise<void> {
  let left = pending;
  while (left.length) {
    const next: Batch[] = [];
    for (const batch of left) if (!(await tryInsert(tx, batch))) next.push(batch);
    if (next.length === left.length) return insertBatch(tx, next[0]!); // no progress: report the real error
    left = next;
  }
}

/** The driver's error quotes the whole batch; the operator needs the table, the rows and the reason. */
function importFailure(batch: Batch, err: unknown): Error {
  let cause = err as Error;
  while (cause.cause instanceof Error) cause = cause.cause;
  const rows = `${batch.first}–${batch.first + batch.count - 1}`;
  return BackupErrors.IMPORT_FAILED({ table: batch.table.name, rows, reason: cause.message });
}

/**
 * Tables in foreign-key order. Each table is its own group; a self-referencing table's group, and
 * one group of whatever sits in or behind a cycle, insert with savepoints and retry.
 */
export function insertionGroups<T extends { name: string }>(
  tables: T[],
  edges: { child: string; parent: string }[],
): { tables: T[]; retry: boolean }[] {
  const names = new Set(tables.map((t) => t.name));
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  const selfReferencing = new Set<string>();
  for (const { child, parent } of edges) {
    if (!names.has(child) || !names.has(parent)) continue;
    if (child === parent) selfReferencing.add(child);
    else parents.get(child)!.add(parent);
  }
  const groups: { tables: T[]; retry: boolean }[] = [];
  const done = new Set<string>();
  let left = [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (;;) {
    const ready = left.filter((t) => [...parents.get(t.name)!].every((p) => done.has(p)));
    if (!ready.length) break;
    for (const t of ready) {
      groups.push({ tables: [t], retry: selfReferencing.has(t.name) });
      done.add(t.name);
    }
    left = left.filter((t) => !done.has(t.name));
  }
  if (left.length) groups.push({ tables: left, retry: true });
  return groups;
}

// ---------------------------------------------------------------------------------------------

async function ensureEmptyDir(dir: string): Promise<void> {
  if (existsSync(dir) && (await readdir(dir)).length) {
    throw BackupErrors.EXPORT_DIR_NOT_EMPTY({ path: dir });
  }
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
}

/** Writes a new private file and flushes it to disk, returning its SHA-256 and size. */
export async function writeFileSynced(
  file: string,
  content: string | Buffer | Readable | NodeJS.ReadableStream,
): Promise<{ sha256: string; size: number }> {
  const fh = await open(file, 'wx', PRIVATE_FILE);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const chunks =
      typeof content === 'string' || Buffer.isBuffer(content) ? [content] : (content as AsyncIterable<Buffer | string>);
    for await (const chunk of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(buf);
      size += buf.length;
      await fh.write(buf);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}

async function hashFile(file: string): Promise<{ sha256: string; size: number; lines: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { sha256: hash.digest('hex'), size, lines };
}
