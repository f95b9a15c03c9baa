/**
 * `CaseEngine.recomputeOpenDeadlines` taken apart, to see where its time goes: the same loop over the same
 * repository functions (engine.repo.ts), timed per phase — reading a page of open clocks, computing their
 * times on the new calendar, writing the ones that moved. `withTimes` is private to case-engine.ts, so it is
 * copied here line for line. The `keyset` variant differs in one thing only: the page after a key is asked
 * for with a row comparison `(case_id, holder, clock) > (…)`, which the primary key answers as a range,
 * instead of the engine's OR of three conditions.
 */
import { and, asc, ne, type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from '../../server/src/db/database.ts';
import type { WorkingCalendar } from '../../server/src/engine/calendar.ts';
import { deadlineEffect } from '../../server/src/engine/case-engine.ts';
import { type ClockInput, type DeadlineStatus, dueAt, statusAt, yellowAt } from '../../server/src/engine/deadlines.ts';
import * as repo from '../../server/src/engine/engine.repo.ts';
import { caseDeadlines } from '../../server/src/engine/engine.tables.ts';
import type { DeadlineEffect } from '../../server/src/engine/workflow.ts';

/** Copied from case-engine.ts (not exported there). */
export function withTimes(d: DeadlineEffect, calendar: WorkingCalendar, now: Date): DeadlineEffect {
  const input: ClockInput = {
    calendar,
    periods: d.periods,
    limit: { amount: d.amount, unit: d.unit },
    segments: d.segments,
  };
  const rule = { share: d.yellowShare, remaining: d.yellowRemaining };
  if (d.state === 'stopped') return d;
  const due = d.state === 'running' ? dueAt(input) : null;
  const yellow = d.state === 'running' ? yellowAt(input, rule) : null;
  const status: DeadlineStatus = statusAt(input, rule, now);
  return {
    ...d,
    dueAt: due?.toISOString() ?? null,
    yellowAt: yellow?.toISOString() ?? null,
    status,
    statusAt: status === d.status ? d.statusAt : now.toISOString(),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Key = { caseId: string; holder: string; clock: string };

/** The page query with the key as a row comparison, as the engine's has been since a35d342. */
export async function openDeadlinesAfterKeyset(db: Db, after: Key | null, limit: number): Promise<repo.DeadlineRow[]> {
  const open = ne(caseDeadlines.state, 'stopped');
  const where = after
    ? and(
        open,
        sql`(${caseDeadlines.caseId}, ${caseDeadlines.holder}, ${caseDeadlines.clock}) > (${after.caseId}::uuid, ${after.holder}, ${after.clock})`,
      )
    : open;
  return db
    .select()
    .from(caseDeadlines)
    .where(where)
    .orderBy(asc(caseDeadlines.caseId), asc(caseDeadlines.holder), asc(caseDeadlines.clock))
    .limit(limit);
}

export interface Phases {
  variant: string;
  pages: number;
  examined: number;
  changed: number;
  readMs: number;
  computeMs: number;
  writeMs: number;
  totalMs: number;
  /** Slowest page read, and the read time of the first and last page. */
  slowestReadMs: number;
  firstReadMs: number;
  lastReadMs: number;
}

/** The engine's loop, timed per phase; `read` picks the page query. */
export async function recomputeTimed(
  db: Db,
  calendar: WorkingCalendar,
  now: Date,
  variant: 'engine' | 'keyset',
  batch = 20_000,
): Promise<Phases> {
  const read = variant === 'engine' ? repo.openDeadlinesAfter : openDeadlinesAfterKeyset;
  const p: Phases = {
    variant,
    pages: 0,
    examined: 0,
    changed: 0,
    readMs: 0,
    computeMs: 0,
    writeMs: 0,
    totalMs: 0,
    slowestReadMs: 0,
    firstReadMs: 0,
    lastReadMs: 0,
  };
  const started = performance.now();
  let after: Key | null = null;
  for (;;) {
    let t = performance.now();
    const rows = await read(db, after, batch);
    const readMs = performance.now() - t;
    p.readMs += readMs;
    p.slowestReadMs = Math.max(p.slowestReadMs, readMs);
    if (p.pages === 0) p.firstReadMs = readMs;
    p.lastReadMs = readMs;
    p.pages++;
    if (rows.length === 0) break;
    t = performance.now();
    const moved: { effect: DeadlineEffect; caseId: string; before: { status: string } }[] = [];
    for (const row of rows) {
      const before = deadlineEffect(row);
      const next = withTimes(before, calendar, now);
      if (next.dueAt !== iso(row.dueAt) || next.yellowAt !== iso(row.yellowAt) || next.status !== row.status) {
        moved.push({ caseId: row.caseId, effect: next, before: { status: row.status } });
      }
    }
    p.computeMs += performance.now() - t;
    t = performance.now();
    if (moved.length) p.changed += await db.transaction((tx) => repo.writeRecomputed(tx, moved, now));
    p.writeMs += performance.now() - t;
    p.examined += rows.length;
    const last = rows[rows.length - 1] as repo.DeadlineRow;
    after = { caseId: last.caseId, holder: last.holder, clock: last.clock };
    if (rows.length < batch) break;
  }
  p.totalMs = performance.now() - started;
  return p;
}

/**
 * The keyset loop with the next page read and computed while the last one is written (two connections):
 * the write of a page and the read of the next touch different clocks.
 */
export async function recomputePipelined(
  db: Db,
  calendar: WorkingCalendar,
  now: Date,
  batch = 20_000,
): Promise<Phases> {
  const p: Phases = {
    variant: 'pipelined',
    pages: 0,
    examined: 0,
    changed: 0,
    readMs: 0,
    computeMs: 0,
    writeMs: 0,
    totalMs: 0,
    slowestReadMs: 0,
    firstReadMs: 0,
    lastReadMs: 0,
  };
  const started = performance.now();
  let after: Key | null = null;
  let writing: Promise<number> | null = null;
  let waited = 0;
  for (;;) {
    let t = performance.now();
    const rows = await openDeadlinesAfterKeyset(db, after, batch);
    const readMs = performance.now() - t;
    p.readMs += readMs;
    p.slowestReadMs = Math.max(p.slowestReadMs, readMs);
    if (p.pages === 0) p.firstReadMs = readMs;
    p.lastReadMs = readMs;
    p.pages++;
    t = performance.now();
    const moved: { effect: DeadlineEffect; caseId: string; before: { status: string } }[] = [];
    for (const row of rows) {
      const before = deadlineEffect(row);
      const next = withTimes(before, calendar, now);
      if (next.dueAt !== iso(row.dueAt) || next.yellowAt !== iso(row.yellowAt) || next.status !== row.status) {
        moved.push({ caseId: row.caseId, effect: next, before: { status: row.status } });
      }
    }
    p.computeMs += performance.now() - t;
    t = performance.now();
    if (writing) p.changed += await writing;
    waited += performance.now() - t;
    writing = moved.length ? db.transaction((tx) => repo.writeRecomputed(tx, moved, now)) : null;
    p.examined += rows.length;
    if (rows.length < batch) break;
    const last = rows[rows.length - 1] as repo.DeadlineRow;
    after = { caseId: last.caseId, holder: last.holder, clock: last.clock };
  }
  const t = performance.now();
  if (writing) p.changed += await writing;
  waited += performance.now() - t;
  // Here "write" is the time spent waiting for a write after the read and compute it overlapped.
  p.writeMs = waited;
  p.totalMs = performance.now() - started;
  return p;
}

/**
 * The keyset loop on one connection (a scheduled job runs the recompute in its transaction): the read of the
 * next page is sent before the write of this one, so the database writes a page while this process parses
 * the next one and computes its times. Give it a transaction (one connection) to measure the job's case.
 */
export async function recomputeOverlapped(
  db: Db,
  calendar: WorkingCalendar,
  now: Date,
  batch = 20_000,
): Promise<Phases> {
  const p: Phases = {
    variant: 'overlapped',
    pages: 0,
    examined: 0,
    changed: 0,
    readMs: 0,
    computeMs: 0,
    writeMs: 0,
    totalMs: 0,
    slowestReadMs: 0,
    firstReadMs: 0,
    lastReadMs: 0,
  };
  const started = performance.now();
  let t = performance.now();
  let rows = await openDeadlinesAfterKeyset(db, null, batch);
  p.firstReadMs = performance.now() - t;
  p.readMs += p.firstReadMs;
  p.pages = 1;
  while (rows.length > 0) {
    const last = rows[rows.length - 1] as repo.DeadlineRow;
    const next =
      rows.length < batch
        ? Promise.resolve([] as repo.DeadlineRow[])
        : openDeadlinesAfterKeyset(db, { caseId: last.caseId, holder: last.holder, clock: last.clock }, batch);
    t = performance.now();
    const moved: { effect: DeadlineEffect; caseId: string; before: { status: string } }[] = [];
    for (const row of rows) {
      const before = deadlineEffect(row);
      const nextTimes = withTimes(before, calendar, now);
      if (
        nextTimes.dueAt !== iso(row.dueAt) ||
        nextTimes.yellowAt !== iso(row.yellowAt) ||
        nextTimes.status !== row.status
      ) {
        moved.push({ caseId: row.caseId, effect: nextTimes, before: { status: row.status } });
      }
    }
    p.computeMs += performance.now() - t;
    const written = moved.length ? repo.writeRecomputed(db, moved, now) : Promise.resolve(0);
    t = performance.now();
    const following = await next;
    p.changed += await written;
    p.writeMs += performance.now() - t;
    p.examined += rows.length;
    if (rows.length === batch) p.pages++;
    rows = following;
  }
  // Here "write" is the time spent waiting for the next page and the last write after computing.
  p.totalMs = performance.now() - started;
  return p;
}

/**
 * The SQL and parameters a repository function sends, without sending it: for functions that only call
 * `db.execute(sql…)` (sweepDeadlines, writeRecomputed). The last statement is the one that matters; any
 * before it (a `set local`) come in `before`.
 */
export async function executedSql(
  run: (db: Db) => Promise<unknown>,
): Promise<{ text: string; params: unknown[]; before: string[] }> {
  const captured: SQL[] = [];
  const fake = {
    execute: async (q: SQL) => {
      captured.push(q);
      return { rows: [{ yellow: 0, red: 0, n: 0 }] };
    },
  } as unknown as Db;
  await run(fake);
  const last = captured.pop();
  if (!last) throw new Error('nothing was executed');
  const dialect = new PgDialect();
  const q = dialect.sqlToQuery(last);
  return { text: q.sql, params: q.params, before: captured.map((b) => dialect.sqlToQuery(b).sql) };
}

/** A Drizzle database on its own one-connection pool that records every query it runs (query builders). */
export function recordingDb(url: string): {
  db: Db;
  queries: { text: string; params: unknown[] }[];
  close(): Promise<void>;
} {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const queries: { text: string; params: unknown[] }[] = [];
  const db = drizzle(pool, {
    logger: { logQuery: (text: string, params: unknown[]) => queries.push({ text, params }) },
  }) as unknown as Db;
  return { db, queries, close: () => pool.end() };
}
