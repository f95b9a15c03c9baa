import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadSettings, type Settings } from '../src/config/settings.ts';
import { type AppContext, createContext } from '../src/context.ts';
import { runSeeders } from '../src/db/seeds.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { SEEDERS } from '../src/seeders.ts';
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
export async function createTestApp(
  options: {
    now?: string;
    settings?: Partial<Settings>;
    /**
     * Run the seeders with the demo data: the demo accounts (admin, secadmin, auditor and one per role, all
     * with DEMO_PASSWORD) exist. Demo mode is on too unless `settings.demo` says otherwise.
     */
    demo?: boolean;
    /** PostgreSQL connections in the pool (tests of concurrency need real parallelism). */
    poolSize?: number;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-test-'));
  const settings = loadSettings(
    { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    {
      dataDir,
      operatorToken: OPERATOR_TOKEN,
      schedulerEnabled: false,
      demo: options.demo ?? false,
      demoPassword: DEMO_PASSWORD,
      // Demo grids for one town (东街街道) only: the whole city's would cost every demo test seconds.
      demoGeography: '140403001',
      ...options.settings,
    },
  );
  const clock = new ManualClock(options.now ?? '2026-03-02T02:00:00Z');
  const database = await openTestDatabase(undefined, { poolSize: options.poolSize });
  const ctx = await createContext(settings, {
    clock,
    database,
    migrate: false,
    log: pino({ level: settings.logLevel }),
  });
  // As at a server's start: the built-in roles exist, so tests can grant them.
  await ctx.access.ensureBuiltinRoles();
  if (options.demo) await runSeeders(ctx, SEEDERS, { demo: true });
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

/** The password of every demo account in tests. */
export const DEMO_PASSWORD = 'civicgrid';

/**
 * Signs in as a demo account (`createTestApp({ demo: true })`) and returns the headers that carry its
 * session cookie, to spread into `inject({ headers })`.
 */
export async function loginAs(
  t: Pick<TestApp, 'inject'>,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Record<string, string>> {
  const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login as ${username}: ${r.statusCode} ${r.body}`);
  return { cookie: sessionCookie(r) };
}

/** The `cg_session=…` pair a response set, for a Cookie header. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const set = response.cookies.find((c) => c.name === 'cg_session');
  if (!set) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return `cg_session=${set.value}`;
}

/**
 * A demo grid under a division (东街街道 by default) and a point inside it (its label point), as a reporter
 * on the spot would give it.
 */
export async function demoGridPoint(
  t: Pick<TestApp, 'inject' | 'ctx'>,
  under = '140403001',
): Promise<{ code: string; communityCode: string; lng: number; lat: number }> {
  const [row] = await t.ctx.database.query<{ code: string }>(
    `select code from grid where community_code like $1 and valid_to is null order by code limit 1`,
    [`${under}%`],
  );
  if (!row) throw new Error(`no demo grid under ${under}`);
  const r = await t.inject({ method: 'GET', url: `/api/grids/${row.code}`, headers: await loginAs(t, 'admin') });
  if (r.statusCode !== 200) throw new Error(`grid ${row.code}: ${r.statusCode} ${r.body}`);
  const g = r.json() as { code: string; communityCode: string; label: [number, number] };
  return { code: g.code, communityCode: g.communityCode, lng: g.label[0], lat: g.label[1] };
}

export { TEST_ENGINE };
