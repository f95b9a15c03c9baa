import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import { createTestApp, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { openTestDatabase } from '../../../test/engines.ts';
import { ensurePlatformJobs } from '../../context.ts';
import { operatorActor } from '../../platform/access.ts';
import { exportDump, importDump } from '../backup/logical-dump.ts';
import { GENESIS_HASH, recordHash } from './audit.chain.ts';
import { type AuditEntry, AuditService, PURGE_ACTION, SYSTEM_ACTOR } from './audit.service.ts';

const DAY = 86_400_000;

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: { kind: 'operator', id: 'operator', displayName: 'operator' },
  action: 'config.version.create',
  target: { type: 'config_version', id: `v-${n}` },
  ownerDivision: '1404',
  ip: '10.0.0.7',
  requestId: `req-${n}`,
  details: { n, note: `第 ${n} 条`, nested: { b: 2, a: [1, 'x', null] } },
  ...extra,
});

describe(`audit chain (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const sql = (text: string, params: unknown[] = []) => t.ctx.database.query(text, params);
  const seqs = async () =>
    (await sql('SELECT seq FROM audit_record ORDER BY seq')).map((r) => Number((r as { seq: unknown }).seq));
  const append = async (count: number, from = 1) => {
    for (let n = from; n < from + count; n++) await t.ctx.audit.record(entry(n));
  };

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  test('an empty trail verifies, and the first record is chained to the genesis', async () => {
    assert.deepEqual(await t.ctx.audit.verify(), {
      ok: true,
      checked: 0,
      firstBrokenSeq: null,
      reason: null,
      firstSeq: null,
      lastSeq: null,
      lastHash: null,
    });
    const first = await t.ctx.audit.record(entry(1));
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, GENESIS_HASH);
    assert.equal(first.occurredAt.toISOString(), '2026-03-02T02:00:00.000Z', 'the time comes from the clock');
    assert.match(first.hash, /^[0-9a-f]{64}$/);
  });

  test('20 records verify, each chained to the one before it', async () => {
    await append(20);
    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, true, r.reason ?? '');
    assert.equal(r.checked, 20);
    assert.equal(r.firstSeq, 1);
    assert.equal(r.lastSeq, 20);
    const rows = (await sql('SELECT seq, prev_hash, hash FROM audit_record ORDER BY seq')) as {
      prev_hash: string;
      hash: string;
    }[];
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
    assert.equal(r.lastHash, rows.at(-1)!.hash);
  });

  test('editing an audit row directly in the database is detected at exactly that record', async () => {
    await append(20);
    await sql(`UPDATE audit_record SET details = '{"n": 7, "note": "nothing happened"}' WHERE seq = 7`);
    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, false);
    assert.equal(r.firstBrokenSeq, 7);
    assert.equal(r.checked, 6);
    assert.match(r.reason!, /seq 7 .*edited/);
  });

  test('any edited column is detected: time, actor, outcome, owner', async () => {
    await append(10);
    for (const [seq, change] of [
      [3, `occurred_at = occurred_at + interval '1 second'`],
      [4, `actor_id = 'someone-else'`],
      [5, `outcome = 'failure'`],
      [6, `owner_division = '140431'`],
    ] as const) {
      await sql(`CREATE TABLE saved_record AS SELECT * FROM audit_record WHERE seq = ${seq}`);
      await sql(`UPDATE audit_record SET ${change} WHERE seq = $1`, [seq]);
      assert.equal((await t.ctx.audit.verify()).firstBrokenSeq, seq, change);
      // Put it back for the next column.
      await sql('DELETE FROM audit_record WHERE seq = $1', [seq]);
      await sql('INSERT INTO audit_record SELECT * FROM saved_record');
      await sql('DROP TABLE saved_record');
      assert.equal((await t.ctx.audit.verify()).ok, true, `${change} restored`);
    }
  });

  test('a deleted record is detected where it is missing', async () => {
    await append(20);
    await sql('DELETE FROM audit_record WHERE seq = 12');
    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, false);
    assert.equal(r.firstBrokenSeq, 12);
    assert.match(r.reason!, /seq 12 is missing/);
  });

  test('deleting the oldest records is detected: no retention checkpoint accounts for them', async () => {
    await append(5);
    await sql('DELETE FROM audit_record WHERE seq <= 2');
    const r = await t.ctx.audit.verify();
    assert.equal(r.firstBrokenSeq, 2);
    assert.match(r.reason!, /no retention checkpoint/);
  });

  test('a record rewritten with a recomputed hash is caught by the link of the next one', async () => {
    await append(10);
    const [row] = (await sql('SELECT * FROM audit_record WHERE seq = 4')) as Record<string, unknown>[];
    const forged = {
      seq: 4,
      id: String(row!.id),
      occurredAt: new Date(String(row!.occurred_at)),
      actorKind: 'user',
      actorId: 'innocent',
      actorName: 'Innocent',
      action: 'config.version.create',
      outcome: 'success' as const,
      targetType: 'config_version',
      targetId: 'v-4',
      ownerDivision: '1404',
      ip: '10.0.0.7',
      requestId: 'req-4',
      details: {},
    };
    const hash = recordHash(String(row!.prev_hash), forged);
    await sql(
      `UPDATE audit_record SET actor_kind = 'user', actor_id = 'innocent', actor_name = 'Innocent', details = '{}', hash = $1 WHERE seq = 4`,
      [hash],
    );
    const r = await t.ctx.audit.verify();
    assert.equal(r.firstBrokenSeq, 5);
    assert.match(r.reason!, /prev_hash of seq 5 does not match the hash of seq 4/);
  });

  test('an inserted record is detected, whether appended with a made-up hash or slipped before the start', async () => {
    await append(3);
    await sql(
      `INSERT INTO audit_record SELECT 4, gen_random_uuid(), occurred_at, actor_kind, actor_id, actor_name, action, outcome,
         target_type, target_id, owner_division, ip, request_id, details, hash, repeat('a', 64)
       FROM audit_record WHERE seq = 3`,
    );
    assert.equal((await t.ctx.audit.verify()).firstBrokenSeq, 4);
    await sql('DELETE FROM audit_record WHERE seq = 4');
    await sql(
      `INSERT INTO audit_record SELECT 0, gen_random_uuid(), occurred_at, actor_kind, actor_id, actor_name, action, outcome,
         target_type, target_id, owner_division, ip, request_id, details, prev_hash, hash
       FROM audit_record WHERE seq = 1`,
    );
    const r = await t.ctx.audit.verify();
    assert.equal(r.firstBrokenSeq, 0);
    assert.match(r.reason!, /inserted/);
  });

  test('a record written in the caller’s transaction is rolled back with it', async () => {
    await append(1);
    await assert.rejects(
      t.ctx.database.db.transaction(async (tx) => {
        await t.ctx.audit.record(entry(2), tx);
        throw new Error('the write failed');
      }),
      /the write failed/,
    );
    await t.ctx.database.db.transaction((tx) => t.ctx.audit.record(entry(3), tx));
    assert.deepEqual(await seqs(), [1, 2]);
    assert.equal((await t.ctx.audit.verify()).ok, true);
  });

  test('concurrent appends get consecutive sequence numbers and a valid chain', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.ctx.audit.record(entry(i + 1))));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.ctx.database.db.transaction((tx) => t.ctx.audit.record(entry(i + 11), tx)),
      ),
    );
    assert.deepEqual(
      await seqs(),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, true, r.reason ?? '');
    assert.equal(r.checked, 20);
  });

  test('values PostgreSQL cannot store are made storable, and the chain still verifies', async () => {
    const row = await t.ctx.audit.record(
      entry(1, {
        target: { type: 'x', id: `a\u0000b${'z'.repeat(1000)}` },
        details: { 'k\u0000': 'v\uD800', when: new Date('2026-01-01T00:00:00Z'), gone: undefined, n: 1.5 },
      }),
    );
    assert.equal(row.targetId!.length, 200);
    assert.deepEqual(row.details, { 'k\uFFFD': 'v\uFFFD', when: '2026-01-01T00:00:00.000Z', n: 1.5 });
    assert.equal((await t.ctx.audit.verify()).ok, true);
  });

  test('an action must be a dotted lower-case name', async () => {
    await assert.rejects(t.ctx.audit.record(entry(1, { action: 'Changed stuff' })), /dotted lower case/);
  });

  test('a logical export and import keeps sequence numbers, hashes and a verifiable chain', async () => {
    await append(5);
    await t.ctx.audit.record(entry(6, { details: { big: 2 ** 53 - 1, float: 0.1 + 0.2, text: '换行\n"引号"' } }));
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-audit-dump-'));
    const target = await openTestDatabase();
    try {
      await exportDump({ database: t.ctx.database, blobs: null, time: t.ctx.time, appVersion: t.ctx.version }, dir);
      await importDump({ database: target, blobs: null }, dir);
      const moved = new AuditService({ db: target.db, time: t.ctx.time, log: pino({ level: 'silent' }) });
      const r = await moved.verify();
      assert.equal(r.ok, true, r.reason ?? '');
      assert.equal(r.checked, 6);
      assert.equal(r.lastHash, (await t.ctx.audit.verify()).lastHash);
      assert.equal((await moved.record(entry(7))).seq, 7, 'the chain continues on the new database');
      assert.equal((await moved.verify()).ok, true);
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('retention removes the oldest records behind a checkpoint, and the chain stays verifiable', async () => {
    t.clock.set('2025-01-10T02:00:00Z');
    await append(5);
    t.clock.set('2026-03-02T02:00:00Z');
    await append(3, 6);
    const cutoff = new Date(t.clock.now().getTime() - 200 * DAY);
    const purge = await t.ctx.audit.purgeBefore(cutoff);
    assert.deepEqual(purge, { deleted: 5, throughSeq: 5, checkpointSeq: 9 });
    assert.deepEqual(await seqs(), [6, 7, 8, 9]);
    const [checkpoint] = (await sql('SELECT action, actor_kind, details FROM audit_record WHERE seq = 9')) as {
      action: string;
      actor_kind: string;
      details: { throughSeq: number; lastHash: string };
    }[];
    assert.equal(checkpoint!.action, PURGE_ACTION);
    assert.equal(checkpoint!.actor_kind, SYSTEM_ACTOR.kind);
    assert.equal(checkpoint!.details.throughSeq, 5);

    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, true, r.reason ?? '');
    assert.deepEqual([r.firstSeq, r.lastSeq, r.checked], [6, 9, 4]);

    // Nothing old enough now: no checkpoint, nothing deleted.
    assert.deepEqual(await t.ctx.audit.purgeBefore(cutoff), { deleted: 0, throughSeq: null, checkpointSeq: null });
    // Deleting the oldest kept record is still detected.
    await sql('DELETE FROM audit_record WHERE seq = 6');
    assert.equal((await t.ctx.audit.verify()).firstBrokenSeq, 6);
  });

  test('a tampered checkpoint is detected, and retention keeps at least six months', async () => {
    t.clock.set('2025-01-10T02:00:00Z');
    await append(3);
    t.clock.set('2026-03-02T02:00:00Z');
    await t.ctx.audit.purgeBefore(new Date(t.clock.now().getTime() - 183 * DAY));
    await sql(
      `UPDATE audit_record SET details = jsonb_set(details, '{lastHash}', to_jsonb(repeat('b', 64))) WHERE seq = 4`,
    );
    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, false);
    assert.equal(r.firstBrokenSeq, 4);
    await assert.rejects(t.ctx.audit.purgeBefore(new Date(t.clock.now().getTime() - 182 * DAY)), /at least 183 days/);
  });

  test('the daily purge job reads the retention days from domain configuration', async () => {
    t.clock.set('2025-06-01T02:00:00Z');
    await append(4);
    t.clock.set('2026-03-02T01:00:00Z');
    await append(1, 5);
    // 2025-06-01 is 274 days before 2026-03-02: kept under the default (365), purged under 200.
    const set = await t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: t.operator,
      payload: { key: 'audit.retention-days', divisionCode: '', effectiveFrom: '2026-03-02', value: 200 },
    });
    assert.equal(set.statusCode, 201, set.body);
    const tooShort = await t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: t.operator,
      payload: { key: 'audit.retention-days', divisionCode: '', effectiveFrom: '2026-03-03', value: 90 },
    });
    assert.equal(tooShort.statusCode, 400);
    assert.equal((tooShort.json() as { error: { code: string } }).error.code, 'CONFIG_VALUE_INVALID');
    await t.ctx.audit.settled();

    await ensurePlatformJobs(t.ctx);
    t.clock.set('2026-03-02T19:51:00Z'); // 03:51 on 3 March in Shanghai: the 03:50 run is due
    assert.ok((await t.ctx.scheduler.tick()) >= 1);
    const jobs = await t.ctx.scheduler.list(
      operatorActor(),
      { page: 1, pageSize: 50, sort: [] },
      { type: 'audit.purge' },
    );
    const job = jobs.items[0]!;
    assert.equal(job.lastStatus, 'succeeded', job.lastError ?? '');
    const kept = await seqs();
    assert.equal(kept[0], 5, 'the four old records are gone');
    const r = await t.ctx.audit.verify();
    assert.equal(r.ok, true, r.reason ?? '');
  });
});
