import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, type TestContext, test } from 'node:test';
import { loadSettings } from '../config/settings.ts';
import { createContext } from '../context.ts';
import { operatorActor } from '../platform/access.ts';
import { auditVerifyCommand, CHAIN_BROKEN_EXIT } from './audit.command.ts';
import { CliError } from './command.ts';

/** The command runs against the embedded database of a data directory (no server holding it). */
describe('civicgrid audit-verify', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-audit-cli-'));
  const dataDir = path.join(dir, 'data');
  const settings = loadSettings({ LOG_LEVEL: 'silent' }, { dataDir });
  const inDatabase = async (fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<void>) => {
    const ctx = await createContext(settings);
    try {
      await fn(ctx);
    } finally {
      await ctx.close();
    }
  };
  const run = async (t: TestContext) => {
    const lines: string[] = [];
    t.mock.method(console, 'log', (...args: unknown[]) => lines.push(args.join(' ')));
    const code = await auditVerifyCommand.run({ 'data-dir': dataDir }, []);
    return { code, out: lines.join('\n') };
  };

  before(async () => {
    await inDatabase(async (ctx) => {
      for (let n = 1; n <= 5; n++) {
        await ctx.audit.record({ actor: operatorActor(), action: 'test.event', details: { n } });
      }
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an intact chain exits 0 and names its head', async (t) => {
    const { code, out } = await run(t);
    assert.equal(code, 0);
    assert.match(out, /audit trail intact: 5 records, seq 1–5, head hash [0-9a-f]{64}/);
  });

  test('a row edited in the database exits 3 with the first broken seq and the reason', async (t) => {
    await inDatabase(async (ctx) => {
      await ctx.database.query(`UPDATE audit_record SET actor_name = 'someone else' WHERE seq = 3`);
    });
    const { code, out } = await run(t);
    assert.equal(code, CHAIN_BROKEN_EXIT);
    assert.match(out, /audit trail BROKEN at seq 3: .*edited/);
  });

  test('a directory without data is refused in one line', async () => {
    await assert.rejects(
      auditVerifyCommand.run({ 'data-dir': path.join(dir, 'nothing-here') }, []),
      (err: unknown) => err instanceof CliError && /holds no CivicGrid data/.test(err.message),
    );
  });
});
