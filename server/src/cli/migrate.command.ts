import { createContext } from '../context.ts';
import { migrationState } from '../db/migrate.ts';
import { runSeeders } from '../db/seeds.ts';
import { SEEDERS } from '../seeders.ts';
import type { Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply database migrations (the server also does this at start)',
  usage: 'migrate [--data-dir DIR]',
  options: SERVER_OPTIONS,
  async run(values) {
    const ctx = await createContext(settingsFrom(values, { logLevel: 'warn' }));
    const state = await migrationState(ctx.database);
    await ctx.close();
    console.log(
      `migrations applied: ${state.applied}/${state.expected} (latest ${state.latest ?? 'none'}) on ${ctx.database.engine}`,
    );
    return 0;
  },
};

export const seedCommand: Command = {
  name: 'seed',
  summary: 'load reference data, and demo data with --demo (each seeder runs once)',
  usage: 'seed [--demo] [--data-dir DIR]',
  options: { ...SERVER_OPTIONS, demo: { type: 'boolean', description: 'also load demo data' } },
  async run(values) {
    const ctx = await createContext(settingsFrom(values, { logLevel: 'warn' }));
    try {
      const done = await runSeeders(ctx, SEEDERS, { demo: values.demo === true });
      console.log(done.length ? done.join('\n') : 'nothing to seed: every seeder has already run');
    } finally {
      await ctx.close();
    }
    return 0;
  },
};
