import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { createEmptyPostgresDatabase } from '../../test/engines.ts';
import { newKeyRingJson } from '../platform/personal-data/key-ring.ts';
import { calendarCommand } from './calendar.command.ts';
import { CliError } from './command.ts';

const DAYS_2027 = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-04', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-09', kind: 'workday', name: '国庆节' },
];

describe('civicgrid calendar', () => {
  test('without load/show, --year, or --file for load it is a usage error (exit 2), before any database opens', async () => {
    for (const [values, positionals] of [
      [{ year: '2027' }, []],
      [{ year: '2027' }, ['import']],
      [{}, ['show']],
      [{ year: '2027' }, ['load']],
      [{ year: '2027', file: 'x.json' }, ['load', 'extra']],
    ] as const) {
      await assert.rejects(
        calendarCommand.run({ ...values }, [...positionals]),
        (e: CliError) => e instanceof CliError && e.exitCode === 2 && /usage: civicgrid calendar load/.test(e.message),
        `${JSON.stringify(values)} ${positionals.join(' ')}`,
      );
    }
    await assert.rejects(
      calendarCommand.run({ year: '27' }, ['show']),
      (e: CliError) => e instanceof CliError && e.exitCode === 2 && e.message === '--year 27 is not a year (e.g. 2027)',
    );
    await assert.rejects(
      calendarCommand.run({ year: '3000' }, ['show']),
      (e: CliError) => e instanceof CliError && e.exitCode === 2 && /between 1900 and 2999/.test(e.message),
    );
  });

  test('a file that is not the documented shape, or for another year, is refused before any database opens', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-calendar-'));
    try {
      const file = (name: string, content: string) => {
        const f = path.join(dir, name);
        writeFileSync(f, content);
        return f;
      };
      for (const [f, message] of [
        [path.join(dir, 'missing.json'), /^cannot read .*missing\.json/],
        [file('broken.json', '{"year": 20'), /^cannot read .*broken\.json/],
        [file('shape.json', '{"year": 2027}'), /is not \{"year": 2027, "days"/],
        [file('other.json', JSON.stringify({ year: 2028, days: DAYS_2027 })), /is for the year 2028, not 2027$/],
      ] as const) {
        await assert.rejects(
          calendarCommand.run({ year: '2027', file: f }, ['load']),
          (e: CliError) => e instanceof CliError && e.exitCode === 1 && message.test(e.message),
          f,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Like `regions import`, on a fresh PostgreSQL database in both suite runs (an embedded data directory takes
  // much longer to create on disk); the command is the same on both engines.
  test('loads a year from a file, shows it, refuses a wrong file with each bad entry, and schedules the recompute', async (t) => {
    const database = await createEmptyPostgresDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-calendar-'));
    const saved = { url: process.env.DATABASE_URL, keys: process.env.CIVICGRID_DATA_KEYS, lcAll: process.env.LC_ALL };
    process.env.DATABASE_URL = database.url;
    process.env.CIVICGRID_DATA_KEYS = newKeyRingJson();
    process.env.LC_ALL = 'en_US.UTF-8';
    const printed: string[] = [];
    t.mock.method(console, 'log', (line: string) => printed.push(line));
    try {
      const good = path.join(dataDir, '2027.json');
      writeFileSync(good, JSON.stringify({ year: 2027, days: DAYS_2027 }));
      assert.equal(await calendarCommand.run({ year: '2027', 'data-dir': dataDir }, ['show']), 0);
      assert.match(printed[0]!, /^2027: holiday arrangement NOT known \(only weekends are rest days\); sources: none;/);

      printed.length = 0;
      assert.equal(await calendarCommand.run({ year: '2027', file: good, 'data-dir': dataDir }, ['load']), 0);
      assert.equal(printed[0], `2027: 4 days read from ${good}`);
      assert.equal(printed[1], '4 dates changed; open deadlines are being recomputed on the new working calendar');
      assert.equal(printed[2], 'changed: 2027-01-01 2027-10-01 2027-10-04 2027-10-09');

      printed.length = 0;
      assert.equal(await calendarCommand.run({ year: '2027', 'data-dir': dataDir }, ['show']), 0);
      assert.match(printed[0]!, /^2027: holiday arrangement known; sources: official; \d+ working days$/);
      assert.match(printed[1]!, /^working hours \(installation, \d{4}-\d{2}-\d{2}\): 08:30–12:00, 14:30–18:00$/);
      assert.deepEqual(printed.slice(2), [
        '2027-01-01 Fri  holiday  official\t元旦',
        '2027-10-01 Fri  holiday  official\t国庆节',
        '2027-10-04 Mon  holiday  official\t国庆节',
        '2027-10-09 Sat  workday  official\t国庆节',
      ]);

      // Again: nothing changes.
      printed.length = 0;
      assert.equal(await calendarCommand.run({ year: '2027', file: good, 'data-dir': dataDir }, ['load']), 0);
      assert.equal(printed.length, 2, 'no list of changed dates');
      assert.match(printed[1]!, /nothing changed and nothing is recomputed/);

      const bad = path.join(dataDir, 'bad.json');
      writeFileSync(
        bad,
        JSON.stringify({
          days: [
            { date: '2027-10-02', kind: 'holiday', name: '国庆节' },
            'not an entry',
            { date: '2027-10-08', kind: 'workday', name: '国庆节' },
          ],
        }),
      );
      await assert.rejects(
        calendarCommand.run({ year: '2027', file: bad, 'data-dir': dataDir }, ['load']),
        (e: CliError) => {
          assert.ok(e instanceof CliError, 'a CliError');
          assert.equal(e.exitCode, 1);
          const lines = e.message.split('\n');
          assert.match(lines[0]!, /^The working calendar for 2027 was not loaded: 3 problems were found/);
          assert.equal(
            lines[1],
            '  Entry 1: 2027-10-02 is a Saturday, a rest day anyway; list only the holidays that fall on Monday to Friday',
          );
          assert.equal(lines[2], '  Entry 2 is not an object {"date", "kind", "name"}');
          assert.equal(
            lines.at(-1),
            '  Entry 3: 2027-10-08 is a Friday, a working day anyway; a make-up workday must be a Saturday or Sunday',
          );
          return true;
        },
      );

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const rows = await client.query(`SELECT date::text FROM calendar_day ORDER BY date`);
        assert.deepEqual(
          rows.rows.map((r) => r.date),
          DAYS_2027.map((d) => d.date),
          'the refused file wrote nothing',
        );
        const jobs = await client.query(`SELECT status FROM job WHERE type = 'cases.recompute-deadlines'`);
        assert.equal(jobs.rowCount, 1, 'one recompute job for the one change');
        const audit = await client.query(
          `SELECT actor_kind FROM audit_record WHERE action = 'calendar.official.loaded'`,
        );
        assert.deepEqual(audit.rows, [{ actor_kind: 'operator' }]);
      } finally {
        await client.end();
      }
    } finally {
      for (const [key, value] of [
        ['DATABASE_URL', saved.url],
        ['CIVICGRID_DATA_KEYS', saved.keys],
        ['LC_ALL', saved.lcAll],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
