import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { openTestDatabase } from '../../../test/engines.ts';
import { ensurePlatformJobs } from '../../context.ts';
import { type Database, rows, sql } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { LocalBlobStore } from '../files/files.blob-store.ts';
import type { DumpManifest } from './backup.schemas.ts';
import { exportDump, importDump, insertionGroups } from './logical-dump.ts';

/** Every public table's rows as JSON text, sorted: what "the same data" means, independently of the dump code. */
async function contents(database: Database): Promise<Record<string, string[]>> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
    const tables = await rows<{ name: string }>(
      tx,
      sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const found = await rows<{ j: string }>(
        tx,
        sql.raw(`SELECT j FROM (SELECT row_to_json(t)::text AS j FROM public."${name}" t) s ORDER BY j COLLATE "C"`),
      );
      out[name] = found.map((r) => r.j);
    }
    return out;
  });
}

async function uploadPicture(t: TestApp): Promise<{ id: string; sha256: string }> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c03020' } })
    .png()
    .toBuffer();
  const boundary = 'civicgrid-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场照片.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await t.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { ...t.operator, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; sha256: string };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  assert.fail('expected a refusal');
}

describe('logical dump (export / import)', () => {
  let t: TestApp;
  let target: Database;
  const temp = mkdtempSync(path.join(tmpdir(), 'civicgrid-dump-test-'));
  const dump = path.join(temp, 'dump');
  const targetBlobs = new LocalBlobStore(path.join(temp, 'target-files'));
  let manifest: DumpManifest;
  let picture: { id: string; sha256: string };

  before(async () => {
    t = await createTestApp();
    await ensurePlatformJobs(t.ctx);
    for (const [divisionCode, note] of [
      ['1404', '夏季作息\n(市级)'],
      ['140431', 'Qinyuan "county" hours'],
    ] as const) {
      const r = await t.inject({
        method: 'POST',
        url: '/api/admin/config/versions',
        headers: { ...t.operator, 'idempotency-key': `dump-test-${divisionCode}` },
        payload: {
          key: 'calendar.working-hours',
          divisionCode,
          effectiveFrom: '2026-05-01',
          value: { periods: [{ start: '08:30', end: '12:00' }] },
          note,
        },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    picture = await uploadPicture(t);
    target = await openTestDatabase();
  });
  after(async () => {
    await target?.close();
    await t?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  test('an export lists every table with its row count and hash, and the attachments', async () => {
    manifest = await exportDump(
      { database: t.ctx.database, blobs: t.ctx.blobs, time: t.ctx.time, appVersion: t.ctx.version },
      dump,
    );
    assert.equal(manifest.format, 'civicgrid-dump');
    assert.equal(manifest.createdAt, '2026-03-02T10:00:00+08:00');
    const count = (name: string) => manifest.tables.find((x) => x.name === name)?.rows;
    assert.equal(count('config_version'), 2);
    const [jobs] = await t.ctx.database.query<{ n: number }>('SELECT count(*)::int AS n FROM job');
    assert.ok((jobs?.n ?? 0) > 0);
    assert.equal(count('job'), jobs?.n);
    assert.equal(count('attachment'), 1);
    assert.equal(count('idempotency_key'), 2);
    assert.ok(!manifest.tables.some((x) => x.name.startsWith('__drizzle')), 'the migrations schema is not dumped');
    assert.ok(manifest.files.some((f) => f.sha256 === picture.sha256));
    assert.ok(manifest.files.length >= 2, 'the thumbnail and the public copy are attachments too');
    const lines = readFileSync(path.join(dump, 'data', 'config_version.ndjson'), 'utf8')
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /"note":"夏季作息\\n\(市级\)"/);
  });

  test('an import into a fresh database gives the same rows, table by table, and the same files', async () => {
    const summary = await importDump({ database: target, blobs: targetBlobs }, dump);
    assert.equal(summary.tables, manifest.tables.length);
    assert.equal(summary.files, manifest.files.length);
    assert.deepEqual(await contents(target), await contents(t.ctx.database));
    const original = readFileSync(path.join(dump, 'files', picture.sha256));
    const copied = Buffer.concat(await (await targetBlobs.open(picture.sha256)).toArray());
    assert.ok(copied.equals(original));
  });

  test('an import into a database that has data is refused, naming the tables', async () => {
    const err = await refusal(importDump({ database: target, blobs: targetBlobs }, dump));
    assert.equal(err.code, 'IMPORT_TARGET_NOT_EMPTY');
    assert.match(String(err.params.tables), /config_version/);
    assert.match(String(err.params.tables), /job/);
  });

  test('a damaged dump is refused before anything is written', async () => {
    const copy = path.join(temp, 'damaged');
    await exportDump({ database: t.ctx.database, blobs: null, time: t.ctx.time, appVersion: t.ctx.version }, copy);
    const file = path.join(copy, 'data', 'config_version.ndjson');
    writeFileSync(file, readFileSync(file, 'utf8').replace('1404', '1405'));
    const fresh = await openTestDatabase();
    try {
      assert.equal((await refusal(importDump({ database: fresh, blobs: null }, copy))).code, 'DUMP_DAMAGED');
      assert.deepEqual(Object.values(await contents(fresh)).flat(), []);
    } finally {
      await fresh.close();
    }
  });

  test('a dump from another schema version is refused', async () => {
    const copy = path.join(temp, 'other-version');
    const m = await exportDump(
      { database: t.ctx.database, blobs: null, time: t.ctx.time, appVersion: t.ctx.version },
      copy,
    );
    writeFileSync(
      path.join(copy, 'manifest.json'),
      JSON.stringify({ ...m, migrations: { applied: 9, latest: '0008_future' } }),
    );
    const fresh = await openTestDatabase();
    try {
      const err = await refusal(importDump({ database: fresh, blobs: null }, copy));
      assert.equal(err.code, 'DUMP_SCHEMA_MISMATCH');
      assert.equal(err.params.dump, '0008_future');
    } finally {
      await fresh.close();
    }
  });

  test('an export into a directory that is not empty is refused', async () => {
    const err = await refusal(
      exportDump({ database: t.ctx.database, blobs: null, time: t.ctx.time, appVersion: '0' }, dump),
    );
    assert.equal(err.code, 'EXPORT_DIR_NOT_EMPTY');
  });
});

describe('tables a later module may add', () => {
  // Identity and generated columns, json text, a self-reference whose parents come later in key
  // order than their children (so batches fail and are retried), and a free-standing sequence.
  const ddl = `
    CREATE SEQUENCE public.case_number_seq START 1000;
    CREATE TABLE public.tree_node (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      parent_id integer REFERENCES public.tree_node (id),
      label text NOT NULL,
      doubled integer GENERATED ALWAYS AS (id * 2) STORED,
      doc json,
      tags text[],
      at timestamptz
    );
    CREATE TABLE public.loose_row (note text, doc json);`;

  test('round-trip identity, generated, json, array, self-referencing, key-less tables and sequences', async () => {
    const source = await openTestDatabase();
    const target = await openTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-dump-extra-'));
    try {
      for (const db of [source, target])
        for (const statement of ddl.split(';').filter((s) => s.trim())) await db.query(statement);
      await source.query(`INSERT INTO public.tree_node (label, doc, tags, at)
        SELECT 'n' || g, ('{ "x" :\n ' || g || ' }')::json, ARRAY['a', 'b,"c"'], '2026-03-02 10:00+08' FROM generate_series(1, 1300) g`);
      // Every node points at one created later: the first batches meet parents not loaded yet.
      await source.query('UPDATE public.tree_node SET parent_id = id + 600 WHERE id <= 700');
      await source.query(`INSERT INTO public.loose_row VALUES ('b', '[1, 2]'), ('a', NULL), ('a', '{"k": "v"}')`);
      await source.query(`SELECT nextval('public.case_number_seq') FROM generate_series(1, 5)`);
      await source.query(`SELECT nextval('public.tree_node_id_seq')`);

      const time = { format: () => '2026-03-02T10:00:00+08:00' } as never;
      await exportDump({ database: source, blobs: null, time, appVersion: 'test' }, path.join(dir, 'd'));
      await importDump({ database: target, blobs: null }, path.join(dir, 'd'));
      // A json column keeps its text, except that line breaks (whitespace there) become spaces.
      const flat = Object.fromEntries(
        Object.entries(await contents(source)).map(([k, v]) => [k, v.map((j) => j.replace(/[\r\n]+/g, ' ')).sort()]),
      );
      assert.deepEqual(await contents(target), flat);
      const [next] = await target.query<{ n: string }>(`SELECT nextval('public.case_number_seq')::text AS n`);
      assert.equal(next?.n, '1005', 'numbers already handed out are not handed out again');
      const [nextId] = await target.query<{ n: string }>(`SELECT nextval('public.tree_node_id_seq')::text AS n`);
      assert.equal(nextId?.n, '1302');
    } finally {
      await source.close();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('tables are loaded parents first; a cycle is loaded together, with retries', () => {
    const t = (name: string) => ({ name });
    const groups = insertionGroups(
      [t('visit'), t('person'), t('household'), t('a'), t('b'), t('region')],
      [
        { child: 'visit', parent: 'person' },
        { child: 'person', parent: 'household' },
        { child: 'household', parent: 'region' },
        { child: 'region', parent: 'region' },
        { child: 'a', parent: 'b' },
        { child: 'b', parent: 'a' },
      ],
    );
    assert.deepEqual(
      groups.map((g) => [g.tables.map((x) => x.name).join('+'), g.retry]),
      [
        ['region', true],
        ['household', false],
        ['person', false],
        ['visit', false],
        ['a+b', true],
      ],
    );
  });
});
