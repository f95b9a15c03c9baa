import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openTestDatabase, TEST_ENGINE } from '../../test/engines.ts';
import type { Database } from '../db/database.ts';
import { deleteDay, listDays, loadCalendar, replaceOfficialYear, upsertDay } from './calendar.repo.ts';

const WHEN = new Date('2026-01-05T01:00:00Z');

describe(`calendar repo (${TEST_ENGINE})`, () => {
  let database: Database;

  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  const local = (date: string, kind: 'holiday' | 'workday', name: string) =>
    upsertDay(database.db, { date, source: 'local', kind, name, updatedAt: WHEN, updatedBy: 'operator' });

  test('a local day is stored, replaced and deleted', async () => {
    await local('2026-07-20', 'holiday', '防汛');
    await local('2026-07-20', 'workday', '防汛值守');
    const rows = await listDays(database.db);
    assert.deepEqual(
      rows.map((r) => [r.date, r.source, r.kind, r.name, r.updatedBy]),
      [['2026-07-20', 'local', 'workday', '防汛值守', 'operator']],
    );
    assert.equal(rows[0]!.updatedAt.toISOString(), WHEN.toISOString());
    assert.equal(await deleteDay(database.db, '2026-07-20', 'official'), false);
    assert.equal(await deleteDay(database.db, '2026-07-20', 'local'), true);
    assert.equal(await deleteDay(database.db, '2026-07-20', 'local'), false);
    assert.deepEqual(await listDays(database.db), []);
  });

  test('listDays filters by date range and source, in date order', async () => {
    await local('2026-07-21', 'holiday', '台风');
    await local('2026-07-19', 'workday', '迎检');
    await replaceOfficialYear(
      database.db,
      2027,
      [{ date: '2027-02-08', kind: 'holiday', name: '春节' }],
      WHEN,
      'operator',
    );
    await upsertDay(database.db, {
      date: '2026-07-21',
      source: 'official',
      kind: 'holiday',
      name: '更正',
      updatedAt: WHEN,
      updatedBy: 'operator',
    });
    const all = await listDays(database.db);
    assert.deepEqual(
      all.map((r) => `${r.date} ${r.source}`),
      ['2026-07-19 local', '2026-07-21 local', '2026-07-21 official', '2027-02-08 official'],
    );
    const july = await listDays(database.db, { from: '2026-07-20', to: '2026-07-31' });
    assert.deepEqual(
      july.map((r) => `${r.date} ${r.source}`),
      ['2026-07-21 local', '2026-07-21 official'],
    );
    const official = await listDays(database.db, { source: 'official', from: '2027-01-01' });
    assert.deepEqual(
      official.map((r) => r.date),
      ['2027-02-08'],
    );
  });

  test('replaceOfficialYear replaces only that year’s official rows', async () => {
    const days2027 = [
      { date: '2027-02-08', kind: 'holiday' as const, name: '春节' },
      { date: '2027-02-20', kind: 'workday' as const, name: '春节' },
    ];
    await replaceOfficialYear(database.db, 2027, days2027, WHEN, 'operator');
    await replaceOfficialYear(
      database.db,
      2028,
      [{ date: '2028-01-03', kind: 'holiday', name: '元旦' }],
      WHEN,
      'operator',
    );
    await local('2027-03-01', 'holiday', '停工');
    await replaceOfficialYear(
      database.db,
      2027,
      [{ date: '2027-02-09', kind: 'holiday', name: '春节' }],
      new Date('2026-02-01T00:00:00Z'),
      'admin',
    );
    const rows = await listDays(database.db);
    assert.deepEqual(
      rows.map((r) => `${r.date} ${r.source} ${r.updatedBy}`),
      ['2027-02-09 official admin', '2027-03-01 local operator', '2028-01-03 official operator'],
    );
    await assert.rejects(
      replaceOfficialYear(database.db, 2027, [{ date: '2028-01-01', kind: 'holiday', name: 'x' }], WHEN, 'x'),
      RangeError,
    );
  });

  test('replaceOfficialYear inside a caller’s transaction is undone with it', async () => {
    await replaceOfficialYear(
      database.db,
      2027,
      [{ date: '2027-02-08', kind: 'holiday', name: '春节' }],
      WHEN,
      'operator',
    );
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await replaceOfficialYear(tx, 2027, [], WHEN, 'operator');
        assert.deepEqual(await listDays(tx), [], 'the year is empty inside the transaction');
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(
      (await listDays(database.db)).map((r) => r.date),
      ['2027-02-08'],
    );
  });

  test('loadCalendar layers the stored days over the built-in calendar', async () => {
    await replaceOfficialYear(
      database.db,
      2027,
      [{ date: '2027-02-08', kind: 'holiday', name: '春节' }],
      WHEN,
      'operator',
    );
    await local('2026-07-20', 'holiday', '台风停工');
    await local('2026-10-01', 'workday', '值守');
    const calendar = await loadCalendar(database.db, 'Asia/Shanghai');
    assert.equal(calendar.zone, 'Asia/Shanghai');
    assert.equal(calendar.knowsYear(2027), true);
    assert.deepEqual(calendar.day('2027-02-08'), {
      date: '2027-02-08',
      working: false,
      kind: 'holiday',
      name: '春节',
      source: 'official',
    });
    assert.equal(calendar.day('2026-07-20').source, 'local');
    assert.equal(calendar.isWorkingDay('2026-07-20'), false);
    assert.equal(calendar.isWorkingDay('2026-10-01'), true);
    assert.equal(calendar.day('2026-10-02').source, 'builtin');
  });
});
