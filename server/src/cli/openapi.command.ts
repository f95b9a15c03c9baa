import { buildApp } from '../app.ts';
import { createContext } from '../context.ts';
import { openDatabase } from '../db/database.ts';
import type { Command } from './command.ts';
import { settingsFrom } from './settings-flags.ts';

export const openapiCommand: Command = {
  name: 'openapi',
  summary: 'print the OpenAPI document (the web client types are generated from it)',
  usage: 'openapi',
  options: { help: { type: 'boolean', short: 'h' } },
  async run(values) {
    // An in-memory database: printing the contract must not need (or lock) a data directory.
    const settings = settingsFrom(values, { logLevel: 'silent', operatorToken: 'x'.repeat(32) });
    const database = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
    const ctx = await createContext(settings, { database });
    const app = await buildApp(ctx, { web: false });
    await app.ready();
    process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
    await app.close();
    await ctx.close();
    return 0;
  },
};
