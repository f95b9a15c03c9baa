import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { filesDirOf, type Settings } from './config/settings.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { BackupService } from './modules/backup/backup.service.ts';
import { PLATFORM_CONFIG_KEYS } from './modules/config/config.registry.ts';
import { ConfigService } from './modules/config/config.service.ts';
import { type BlobStore, LocalBlobStore } from './modules/files/files.blob-store.ts';
import { FilesService } from './modules/files/files.service.ts';
import { schedulerJobTypes } from './modules/scheduler/scheduler.jobs.ts';
import { SchedulerService } from './modules/scheduler/scheduler.service.ts';
import { systemJobTypes } from './modules/system/system.jobs.ts';
import { BusinessTime, type Clock, systemClock } from './platform/clock.ts';
import type { IdempotencyDeps } from './plugins/idempotency.ts';
import { createMetricsRegistry } from './plugins/metrics.plugin.ts';
import { VERSION } from './version.ts';

/** Everything a request or job needs, built once per process: the composition root. */
export interface AppContext {
  version: string;
  settings: Settings;
  time: BusinessTime;
  database: Database;
  log: Logger;
  metrics: Registry;
  operatorToken: string;
  idempotency: IdempotencyDeps;
  scheduler: SchedulerService;
  config: ConfigService;
  /** Attachment bytes, by SHA-256 (backup walks it). */
  blobs: BlobStore;
  files: FilesService;
  backup: BackupService;
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests); otherwise opened from the settings. */
  database?: Database;
  migrate?: boolean;
}

export async function createContext(settings: Settings, options: ContextOptions = {}): Promise<AppContext> {
  const log = options.log ?? pino({ level: settings.logLevel, base: { service: 'civicgrid' } });
  const time = new BusinessTime(options.clock ?? systemClock, settings.timeZone);
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: settings.databaseUrl,
      dataDir: settings.dataDir,
      poolSize: settings.databasePoolSize,
    }));
  try {
    if (options.migrate !== false) await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const db = database.db;

  const scheduler = new SchedulerService({
    db,
    time,
    log: log.child({ module: 'scheduler' }),
    pollMs: settings.schedulerPollMs,
  });
  for (const type of [...schedulerJobTypes(), ...systemJobTypes]) scheduler.register(type);

  const config = new ConfigService({ db, time });
  config.register(...PLATFORM_CONFIG_KEYS);

  const blobs = new LocalBlobStore(filesDirOf(settings));
  const files = new FilesService({ db, time, blobs, maxBytes: settings.uploadMaxBytes });
  const backup = new BackupService({ database, time, version: VERSION, blobs });

  const ctx: AppContext = {
    version: VERSION,
    settings,
    time,
    database,
    log,
    metrics: createMetricsRegistry(),
    operatorToken: settings.operatorToken ?? loadOperatorToken(settings.dataDir),
    idempotency: { db, clock: time.clock, ttlHours: settings.idempotencyTtlHours },
    scheduler,
    config,
    blobs,
    files,
    backup,
    async close() {
      await scheduler.stop();
      await database.close();
    },
  };
  return ctx;
}

/** The recurring jobs every installation runs; ensured at start, their state kept across restarts. */
export async function ensurePlatformJobs(ctx: AppContext): Promise<void> {
  await ctx.scheduler.ensureRecurring({
    type: 'system.purge-idempotency-keys',
    key: 'system.purge-idempotency-keys',
    cron: '17 * * * *',
  });
  await ctx.scheduler.ensureRecurring({
    type: 'system.purge-job-runs',
    key: 'system.purge-job-runs',
    cron: '40 3 * * *',
  });
  await ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'system.heartbeat', cron: '*/5 * * * *' });
}

/**
 * The operator token authenticates the CLI and ops scripts to a running server (e.g. backup while
 * serving). Generated once, readable only by the account that runs the server.
 */
export function loadOperatorToken(dataDir: string): string {
  const file = path.join(dataDir, 'operator-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
