import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadSettings, type Settings } from '../src/config/settings.ts';
import { type AppContext, createContext } from '../src/context.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { openTestDatabase, TEST_ENGINE } from './engines.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  /** Headers that authenticate as the installation's operator. */
  operator: Record<string, string>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

/**
 * A whole application on a fresh database of the engine under test, with a manual clock
 * (default 2026-03-02 10:00 in Shanghai) and a temporary data directory for files.
 */
export async function createTestApp(options: { now?: string; settings?: Partial<Settings> } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-test-'));
  const settings = loadSettings(
    { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    { dataDir, operatorToken: OPERATOR_TOKEN, schedulerEnabled: false, ...options.settings },
  );
  const clock = new ManualClock(options.now ?? '2026-03-02T02:00:00Z');
  const database = await openTestDatabase();
  const ctx = await createContext(settings, {
    clock,
    database,
    migrate: false,
    log: pino({ level: settings.logLevel }),
  });
  const app = await buildApp(ctx, { web: false });
  await app.ready();
  return {
    app,
    ctx,
    clock,
    operator: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    inject: (o) => app.inject(o),
    async close() {
      await app.close();
      await ctx.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { TEST_ENGINE };
