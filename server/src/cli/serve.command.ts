import { readFileSync } from 'node:fs';
import { buildApp } from '../app.ts';
import { createContext, ensurePlatformJobs } from '../context.ts';
import { ensureKeysMatchData } from '../db/personal-data-check.ts';
import { runSeeders } from '../db/seeds.ts';
import { DEMO_ACCOUNTS } from '../modules/identity/identity.demo.ts';
import { SEEDERS } from '../seeders.ts';
import type { Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the API and the web console',
  usage: 'serve [--port P] [--host H] [--data-dir DIR] [--tls-cert FILE --tls-key FILE]',
  options: {
    ...SERVER_OPTIONS,
    port: { type: 'string', short: 'p', description: 'port (PORT, default 8080; 0 = any free port)' },
    host: { type: 'string', description: 'address to listen on (HOST, default 0.0.0.0)' },
    'tls-cert': { type: 'string', description: 'PEM certificate: serve HTTPS (TLS_CERT)' },
    'tls-key': { type: 'string', description: 'PEM private key (TLS_KEY)' },
  },
  async run(values) {
    const settings = settingsFrom(values);
    const ctx = await createContext(settings);
    try {
      await ensureKeysMatchData(ctx.database.db, ctx.personalData, ctx.time.now());
    } catch (err) {
      await ctx.close();
      throw err;
    }
    await ensurePlatformJobs(ctx);
    // Reference data (and the first administrator) always; demo data in demo mode. Each seeder runs once.
    for (const line of await runSeeders(ctx, SEEDERS, { demo: settings.demo })) ctx.log.info(`seeded ${line}`);
    const https =
      settings.tlsCert && settings.tlsKey
        ? { cert: readFileSync(settings.tlsCert), key: readFileSync(settings.tlsKey) }
        : null;
    const app = await buildApp(ctx, { https });

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      ctx.log.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      await app.close();
      await ctx.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    await app.listen({ port: settings.port, host: settings.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    const scheme = https ? 'https' : 'http';
    const local = `${scheme}://127.0.0.1:${port}`;
    // Where the CLI on this machine reaches this server (backup through it): loopback unless bound elsewhere.
    const wildcard = ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(settings.host);
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    ctx.database.lock?.writeOwner(wildcard ? local : `${scheme}://${host}:${port}`);
    if (settings.schedulerEnabled) ctx.scheduler.start();
    const engine = ctx.database.engine === 'pglite' ? `embedded database in ${settings.dataDir}` : 'PostgreSQL server';
    console.log(`CivicGrid listening on ${local} (${engine}, business time zone ${settings.timeZone})`);
    console.log(`Open ${scheme}://localhost:${port}/ — API documentation at ${scheme}://localhost:${port}/docs`);
    if (settings.demo) {
      ctx.log.warn('demo mode: demo accounts share one password (CIVICGRID_DEMO_PASSWORD); not for real data');
      console.log(demoBanner(settings.demoPassword));
    }
    await new Promise(() => {
      /* serve until a signal arrives */
    });
    return 0;
  },
};

/** Demo mode is announced loudly: anyone can sign in to these accounts, so no real data belongs here. */
function demoBanner(password: string): string {
  const bar = '!'.repeat(80);
  const names = DEMO_ACCOUNTS.map((a) => a.username);
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 8) lines.push(`   ${names.slice(i, i + 8).join(', ')}`);
  return [
    '',
    bar,
    ' DEMO MODE / 演示模式 — not for real data / 请勿录入真实数据',
    ' Demo accounts (one per role) / 演示账号(每个角色一个):',
    ...lines,
    ` Password for all of them / 统一密码: ${password}   (CIVICGRID_DEMO_PASSWORD)`,
    bar,
    '',
  ].join('\n');
}
