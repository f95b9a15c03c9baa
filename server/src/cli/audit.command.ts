import { existsSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '../context.ts';
import { isLocked, readLockOwner } from '../db/data-dir-lock.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

/** Exit status when the chain is broken: distinct from 1 (could not check) and 2 (usage). */
export const CHAIN_BROKEN_EXIT = 3;

export const auditVerifyCommand: Command = {
  name: 'audit-verify',
  summary: 'check the hash chain of the audit trail (exit 0 intact, 3 broken, with the first broken record)',
  usage: 'audit-verify [--data-dir DIR]   (with DATABASE_URL: that server)',
  options: SERVER_OPTIONS,
  async run(values, positionals) {
    if (positionals.length > 0) throw new CliError(`usage: civicgrid ${auditVerifyCommand.usage}`, 2);
    process.env.LOG_LEVEL ??= 'warn';
    const settings = settingsFrom(values);
    if (!settings.databaseUrl) {
      if (!existsSync(path.join(settings.dataDir, 'pg')))
        throw new CliError(`${settings.dataDir} holds no CivicGrid data (no pg directory)`);
      if (isLocked(settings.dataDir)) {
        // The embedded database belongs to one process; the server can check its own chain.
        const url = readLockOwner(settings.dataDir)?.url;
        throw new CliError(
          `${settings.dataDir} is in use by a running server${url ? ` (${url})` : ''}; ` +
            'ask it with POST /api/admin/audit/verify, or stop it first',
        );
      }
    }
    // No migration: checking must not change the database it checks.
    const ctx = await createContext(settings, { migrate: false });
    try {
      const r = await ctx.audit.verify().catch((err: unknown) => {
        if (undefinedTable(err))
          throw new CliError('this database has no audit trail yet: run `civicgrid migrate` first');
        throw err;
      });
      if (r.ok) {
        console.log(
          r.checked === 0
            ? 'audit trail intact: no records yet'
            : `audit trail intact: ${r.checked} records, seq ${r.firstSeq}–${r.lastSeq}, head hash ${r.lastHash}`,
        );
        return 0;
      }
      console.log(
        `audit trail BROKEN at seq ${r.firstBrokenSeq}: ${r.reason} (${r.checked} records checked before it)`,
      );
      return CHAIN_BROKEN_EXIT;
    } finally {
      await ctx.close();
    }
  },
};

/** PostgreSQL's 42P01 (undefined table), also when the query builder wrapped the driver's error. */
function undefinedTable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '42P01') return true;
  }
  return false;
}
