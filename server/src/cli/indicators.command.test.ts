import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createEmptyPostgresDatabase } from '../../test/engines.ts';
import { newKeyRingJson } from '../platform/personal-data/key-ring.ts';
import { CliError } from './command.ts';
import { indicatorsCommand } from './indicators.command.ts';

describe('civicgrid indicators verify|rebuild', () => {
  test('anything but verify or rebuild is a usage error (exit 2), before any database opens', async () => {
    await assert.rejects(
      indicatorsCommand.run({}, ['repair']),
      (e: CliError) => e instanceof CliError && e.exitCode === 2 && /usage: civicgrid indicators/.test(e.message),
    );
  });

  // Fresh PostgreSQL database in both suite runs: a fresh embedded data directory takes most of half a minute.
  test('checks the rollups against the log, and rebuilds them', async (t) => {
    const database = await createEmptyPostgresDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-indicators-'));
    const saved = { url: process.env.DATABASE_URL, keys: process.env.CIVICGRID_DATA_KEYS };
    process.env.DATABASE_URL = database.url;
    process.env.CIVICGRID_DATA_KEYS = newKeyRingJson();
    const printed: string[] = [];
    t.mock.method(console, 'log', (line: string) => printed.push(line));
    try {
      assert.equal(await indicatorsCommand.run({ 'data-dir': dataDir }, ['verify']), 0);
      assert.equal(await indicatorsCommand.run({ 'data-dir': dataDir }, ['rebuild']), 0);
      assert.deepEqual(printed, ['0 cases, 0 marks: 0 differences', '0 cases, 0 marks rebuilt from the action log']);
    } finally {
      for (const [key, value] of [
        ['DATABASE_URL', saved.url],
        ['CIVICGRID_DATA_KEYS', saved.keys],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
