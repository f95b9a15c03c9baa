/**
 * Variants of the engine's sweep and recompute on identical data: every variant runs on its own copy of a
 * database as `bench/deadline-sweep.ts --snapshot` left it (loaded, vacuumed, nothing measured yet), after a
 * CHECKPOINT (and after `--before` statements, for schema or storage experiments).
 *
 * - sweep: the sweep at "now" as `CaseEngine.sweep` runs it outside a transaction, with 1, 2… statements side
 *   by side (`--partitions`; the engine runs 2 on a server), in batches of 100,000, checked with SQL and
 *   against the other variants (checksums of the recoloured clocks, the log entries and the events); the
 *   same sweep again five times; one sweep a minute for five minutes. With --explain, another copy runs the
 *   single statement at "now" under EXPLAIN (ANALYZE, BUFFERS, WAL).
 * - recompute: the sweep at "now" and the five one-minute sweeps first (untimed), then a local holiday and
 *   the recompute loop with the page query of each variant (engine: as it is; keyset: row-comparison pages;
 *   pipelined: keyset, the next page read and computed on a second connection while the last is written;
 *   overlapped: keyset in one transaction, the next page's read sent before this page's write); the results
 *   are compared with checksums.
 *
 * Usage: node --import tsx bench/deadline-sweep/compare.ts --from=<database> [--only=sweep,recompute]
 *        [--partitions=1,2] [--before='<sql>;<sql>'] [--batch=100000] [--repeat=1] [--recompute=keyset,pipelined,overlapped] [--explain]
 * With --explain, a page from the middle of the recompute is also written under EXPLAIN on a copy of its own.
 * Output is appended to bench/results/deadline-sweep.raw.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/src/db/database.ts';
import { loadCalendar, upsertDay } from '../../server/src/engine/calendar.repo.ts';
import type { WorkingCalendar } from '../../server/src/engine/calendar.ts';
import { deadlineEffect } from '../../server/src/engine/case-engine.ts';
import * as repo from '../../server/src/engine/engine.repo.ts';
import type { DeadlineEffect } from '../../server/src/engine/workflow.ts';
import { benchArgs } from '../report.ts';
import {
  executedSql,
  openDeadlinesAfterKeyset,
  type Phases,
  recomputeOverlapped,
  recomputePipelined,
  recomputeTimed,
  withTimes,
} from './recompute.ts';

const args = benchArgs();
const FROM = args.get('from');
if (!FROM) throw new Error('--from=<database> is required (the name `deadline-sweep.ts --snapshot` printed)');
const ONLY = new Set((args.get('only') || 'sweep,recompute').split(','));
/** How many sweep statements run side by side, each over its share of the cases (the engine: 2 on a server). */
const PARTITIONS = (args.get('partitions') || '1,2').split(',').map(Number);
/** SQL run on every copy before its CHECKPOINT, `;`-separated: a schema or storage experiment. */
const BEFORE = (args.get('before') || '').split(';').filter((s) => s.trim());
const RECOMPUTES = (args.get('recompute') || 'keyset,pipelined,overlapped').split(',').filter((v) => v !== 'none') as (
  | 'engine'
  | 'keyset'
  | 'pipelined'
  | 'overlapped'
)[];
const EXPLAIN = args.has('explain');
/** Clocks per sweep statement (the engine's default is 100,000). */
const BATCH = Number(args.get('batch') || 100_000);
/** Sweep copies per variant (the machine may be shared: the spread says how much). */
const REPEAT = Number(args.get('repeat') || 1);
const NOW = new Date(args.get('now') || '2026-11-30T02:17:00.000Z');
const HOLIDAY = args.get('holiday') || '2026-12-03';
const ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
const ADMIN_URL = process.env.CIVICGRID_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const RAW = path.resolve(import.meta.dirname, '../results/deadline-sweep.raw');
mkdirSync(path.dirname(RAW), { recursive: true });
const lines: string[] = [];
function out(line: string): void {
  console.log(line);
  lines.push(line);
}
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const ms = (x: number) => `${fmt(x, x < 100 ? 1 : 0)} ms`;
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

function urlOf(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A copy of the loaded database, a Drizzle database and a plain client on it; dropped afterwards. */
async function withCopy(label: string, fn: (db: Database, c: pg.Client) => Promise<void>): Promise<void> {
  const name = `${FROM}_${label}`.slice(0, 63);
  const t = performance.now();
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${FROM} STRATEGY FILE_COPY`);
  });
  const copyMs = performance.now() - t;
  const database = await openDatabase({
    databaseUrl: urlOf(name),
    dataDir: '',
    poolSize: Math.max(3, ...PARTITIONS) + 1,
  });
  const c = new pg.Client({ connectionString: urlOf(name) });
  await c.connect();
  try {
    out(`\n### ${label} (copy ${name} made in ${ms(copyMs)})`);
    for (const statement of BEFORE) await c.query(statement);
    if (BEFORE.length) out(`before: ${BEFORE.join('; ')}`);
    await c.query('CHECKPOINT');
    await fn(database, c);
  } finally {
    await c.end();
    await database.close();
    await admin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

/**
 * WAL position and the server's WAL counters. A backend reports its counters up to ten seconds after its
 * transaction, so the counters are read again only after that; other databases on the server add to them.
 */
async function walStats(c: pg.Client, settle = false) {
  if (settle) await new Promise((r) => setTimeout(r, 11_000));
  const r = (
    await c.query<{ lsn: string; records: string; fpi: string }>(
      'select pg_current_wal_lsn()::text as lsn, wal_records as records, wal_fpi as fpi from pg_stat_wal',
    )
  ).rows[0]!;
  return { lsn: r.lsn, records: Number(r.records), fpi: Number(r.fpi) };
}
async function walSince(c: pg.Client, before: Awaited<ReturnType<typeof walStats>>, bytesAt: string): Promise<string> {
  const after = await walStats(c, true);
  const bytes = Number(
    (await c.query<{ b: string }>('select pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn) as b', [bytesAt, before.lsn]))
      .rows[0]!.b,
  );
  return `WAL ${fmt(bytes / 2 ** 20)} MiB; server-wide counters ${fmt(after.records - before.records)} records, ${fmt(after.fpi - before.fpi)} full-page images`;
}
const lsnNow = async (c: pg.Client) =>
  (await c.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0]!.l;

/** What `CaseEngine.sweep` does outside a transaction: `parts` loops side by side, a batch per transaction. */
async function sweepLoop(db: Database, parts: number, now: Date, batch = BATCH) {
  const one = async (index: number) => {
    let yellow = 0;
    let red = 0;
    for (;;) {
      const r = await db.db.transaction((tx) => repo.sweepDeadlines(tx, now, batch, { index, of: parts }));
      yellow += r.yellow;
      red += r.red;
      if (r.yellow + r.red < batch) return { yellow, red };
    }
  };
  const all = await Promise.all(Array.from({ length: parts }, (_, i) => one(i)));
  return all.reduce((a, b) => ({ yellow: a.yellow + b.yellow, red: a.red + b.red }));
}

async function sweepChecksums(c: pg.Client, now: Date) {
  const q = async (text: string) => (await c.query<{ n: string; h: string }>(text, [now])).rows[0]!;
  const clocks = await q(
    `select count(*) as n, md5(string_agg(case_id::text || holder || clock || status, ',' order by case_id, holder, clock)) as h
     from case_deadline where status_at = $1`,
  );
  const entries = await q(
    `select count(*) as n, md5(string_agg(case_id::text || action || from_state || effects::text, ',' order by case_id, inputs->>'clock')) as h
     from case_action where at = $1 and action like '$deadline.%'`,
  );
  const events = await q(
    `select count(*) as n, md5(string_agg(payload::text, ',' order by case_id, payload->>'clock')) as h
     from engine_event where at = $1 and type = 'case.deadline.status'`,
  );
  const left = await q(
    `select count(*) as n, '' as h from case_deadline where state = 'running'
       and ((status = 'green' and yellow_at <= $1) or (status <> 'red' and due_at <= $1))`,
  );
  return { clocks, entries, events, left: Number(left.n) };
}

const results: string[] = [];

async function compareSweeps(): Promise<void> {
  out(
    `\n## sweep: the engine statement, ${PARTITIONS.join(' / ')} side by side, each on a fresh copy (${fmt(BATCH)} clocks a statement)`,
  );
  const sums = new Map<string, string>();
  for (let round = 1; round <= REPEAT; round++)
    for (const parts of PARTITIONS) {
      const variant = `${parts} side by side`;
      await withCopy(`sweep_${parts}${REPEAT > 1 ? `_${round}` : ''}`, async (db, c) => {
        const before = await walStats(c);
        let t = performance.now();
        const r = await sweepLoop(db, parts, NOW);
        const burstMs = performance.now() - t;
        const wal = await walSince(c, before, await lsnNow(c));
        const s = await sweepChecksums(c, NOW);
        const ok =
          Number(s.clocks.n) === r.yellow + r.red &&
          Number(s.entries.n) === r.yellow + r.red &&
          Number(s.events.n) === r.yellow + r.red &&
          s.left === 0;
        sums.set(variant, `${s.clocks.h}/${s.entries.h}/${s.events.h}`);
        out(
          `${variant}: sweep at now ${ms(burstMs)}, yellow ${fmt(r.yellow)}, red ${fmt(r.red)}; ${wal}; check ${ok ? 'OK' : 'WRONG'} (${s.left} left); ${load()}`,
        );
        const again: number[] = [];
        for (let i = 0; i < 5; i++) {
          t = performance.now();
          await sweepLoop(db, parts, NOW);
          again.push(performance.now() - t);
        }
        const minutes: string[] = [];
        for (let k = 1; k <= 5; k++) {
          t = performance.now();
          const m = await sweepLoop(db, parts, new Date(NOW.getTime() + k * MINUTE));
          minutes.push(`${fmt(m.yellow + m.red)} in ${ms(performance.now() - t)}`);
        }
        out(`${variant}: again with nothing to do ${again.map(ms).join(', ')}; one a minute: ${minutes.join('; ')}`);
        results.push(
          `| sweep, ${variant} | ${ms(burstMs)} | ${again.map(ms).join(', ')} | ${minutes.join('; ')} | ${ok ? 'OK' : 'WRONG'} |`,
        );
      });
      if (EXPLAIN && round === 1 && parts === 1) {
        await withCopy('explain_sweep', async (_db, c) => {
          const q = await executedSql((fake) => repo.sweepDeadlines(fake, NOW, BATCH));
          out(`${variant}: EXPLAIN (ANALYZE, BUFFERS, WAL) of the sweep at now`);
          await c.query('BEGIN');
          for (const b of q.before) await c.query(b);
          for (const row of (await c.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${q.text}`, q.params)).rows)
            out(`  ${row['QUERY PLAN']}`);
          await c.query('COMMIT');
        });
      }
    }
  const distinct = new Set(sums.values());
  out(
    `same clocks recoloured, same log entries and events however many side by side: ${distinct.size === 1 ? 'yes' : `NO (${[...sums].map(([k, v]) => `${k} ${v}`).join('; ')})`}`,
  );
}

/** The state the main benchmark recomputes in: swept at now and for five minutes after, then the holiday. */
async function prepareRecompute(db: Database): Promise<Date> {
  await sweepLoop(db, 2, NOW);
  for (let k = 1; k <= 5; k++) await sweepLoop(db, 2, new Date(NOW.getTime() + k * MINUTE));
  const at = new Date(NOW.getTime() + 5 * MINUTE);
  await upsertDay(db.db, {
    date: HOLIDAY,
    source: 'local',
    kind: 'holiday',
    name: '临时休息日(压测)',
    updatedAt: at,
    updatedBy: 'bench',
  });
  return at;
}

/** What the engine's loop hands to writeRecomputed for one page. */
function movedOf(rows: repo.DeadlineRow[], calendar: WorkingCalendar, now: Date) {
  const moved: { effect: DeadlineEffect; caseId: string; before: { status: string } }[] = [];
  for (const row of rows) {
    const next = withTimes(deadlineEffect(row), calendar, now);
    if (
      next.dueAt !== (row.dueAt?.toISOString() ?? null) ||
      next.yellowAt !== (row.yellowAt?.toISOString() ?? null) ||
      next.status !== row.status
    )
      moved.push({ caseId: row.caseId, effect: next, before: { status: row.status } });
  }
  return moved;
}

async function compareRecomputes(): Promise<void> {
  out('\n## recompute after the holiday: the engine loop with each page query, each on a fresh copy');
  const sums = new Map<string, string>();
  for (const variant of RECOMPUTES) {
    await withCopy(`recompute_${variant}`, async (db, c) => {
      const at = await prepareRecompute(db);
      const calendar = await loadCalendar(db.db, ZONE);
      await c.query('CHECKPOINT');
      const before = await walStats(c);
      const p: Phases =
        variant === 'pipelined'
          ? await recomputePipelined(db.db, calendar, at)
          : variant === 'overlapped'
            ? await db.db.transaction((tx) => recomputeOverlapped(tx, calendar, at))
            : await recomputeTimed(db.db, calendar, at, variant);
      const wal = await walSince(c, before, await lsnNow(c));
      const sum = (
        await c.query<{ h: string; n: string }>(
          `select md5(string_agg(case_id::text || holder || clock || due_at::text || yellow_at::text || status, ',' order by case_id, holder, clock)) as h,
             (select count(*) from case_action where action = '$deadline.recomputed') as n
           from case_deadline`,
        )
      ).rows[0]!;
      sums.set(variant, `${sum.h}/${sum.n}`);
      const parts =
        variant === 'overlapped'
          ? `one transaction on one connection: compute ${ms(p.computeMs)} overlapping the database, waiting for it ${ms(p.writeMs)}`
          : variant === 'pipelined'
            ? `read ${ms(p.readMs)}, compute ${ms(p.computeMs)} (both overlapping the writes), waiting for writes ${ms(p.writeMs)}`
            : `read ${ms(p.readMs)}, compute ${ms(p.computeMs)}, write ${ms(p.writeMs)}`;
      out(
        `${variant}: ${ms(p.totalMs)} — ${parts}; ${p.pages} pages (slowest read ${ms(p.slowestReadMs)}); examined ${fmt(p.examined)}, changed ${fmt(p.changed)}, $deadline.recomputed entries ${fmt(Number(sum.n))}; ${wal}; ${load()}`,
      );
      results.push(`| recompute, ${variant} pages | ${ms(p.totalMs)} | ${parts} | changed ${fmt(p.changed)} | |`);
    });
  }
  if (EXPLAIN) {
    await withCopy('explain_recompute', async (db, c) => {
      const at = await prepareRecompute(db);
      const calendar = await loadCalendar(db.db, ZONE);
      // A page from the middle of the key order: the oldest cases' clocks ran out before the holiday.
      const open = Number(
        (await c.query<{ n: string }>(`select count(*) as n from case_deadline where state <> 'stopped'`)).rows[0]!.n,
      );
      const mid = (
        await c.query<{ case_id: string; holder: string; clock: string }>(
          `select case_id, holder, clock from case_deadline where state <> 'stopped'
           order by case_id, holder, clock offset $1 limit 1`,
          [Math.floor(open / 2)],
        )
      ).rows[0]!;
      const rows = await openDeadlinesAfterKeyset(
        db.db,
        { caseId: mid.case_id, holder: mid.holder, clock: mid.clock },
        20_000,
      );
      const moved = movedOf(rows, calendar, at);
      const q = await executedSql((fake) => repo.writeRecomputed(fake, moved, at));
      await c.query('CHECKPOINT');
      out(
        `writeRecomputed of the page after the middle key (${fmt(moved.length)} of ${fmt(rows.length)} clocks moved), EXPLAIN (ANALYZE, BUFFERS, WAL):`,
      );
      await c.query('BEGIN');
      for (const row of (await c.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${q.text}`, q.params)).rows)
        out(`  ${row['QUERY PLAN']}`);
      await c.query('COMMIT');
    });
  }
  const distinct = new Set(sums.values());
  if (sums.size > 1)
    out(
      `same due/yellow times, colours and log entries in every variant: ${distinct.size === 1 ? 'yes' : `NO (${[...sums].map(([k, v]) => `${k} ${v}`).join('; ')})`}`,
    );
}

try {
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {}
  out(`\n# deadline-sweep compare ${new Date().toISOString()}`);
  out(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, commit ${commit}, from ${FROM}, ${load()}`);
  if (ONLY.has('sweep')) await compareSweeps();
  if (ONLY.has('recompute')) await compareRecomputes();
  out('\n| variant | at now / total | details | | |');
  out('| --- | --- | --- | --- | --- |');
  for (const r of results) out(r);
} finally {
  appendFileSync(RAW, `${lines.join('\n')}\n`);
}
