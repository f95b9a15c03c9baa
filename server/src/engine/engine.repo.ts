import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { caseActions, caseDeadlines, caseFiles, caseTasks } from './engine.tables.ts';
import { EVENTS_CHANNEL } from './events.ts';
import type { ActionEffects, DeadlineEffect, TaskEffect } from './workflow.ts';

export type CaseRow = typeof caseFiles.$inferSelect;
export type TaskRow = typeof caseTasks.$inferSelect;
export type DeadlineRow = typeof caseDeadlines.$inferSelect;
export type ActionRow = typeof caseActions.$inferSelect;
export type NewAction = Omit<typeof caseActions.$inferInsert, 'id'>;

/** Takes the case's row lock: every change to one case is serialised on it. */
export async function lockCase(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(caseFiles).where(eq(caseFiles.id, id)).for('update');
  return row;
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(caseFiles).where(eq(caseFiles.id, id));
  return row;
}

export async function tasksOf(db: Db, caseId: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(caseTasks)
    .where(eq(caseTasks.caseId, caseId))
    .orderBy(asc(caseTasks.openedAt), asc(caseTasks.id));
}

/** The case's clocks, locked: the sweep recolours them without the case lock. */
export async function deadlinesOf(db: Db, caseId: string, lock = false): Promise<DeadlineRow[]> {
  const q = db
    .select()
    .from(caseDeadlines)
    .where(eq(caseDeadlines.caseId, caseId))
    .orderBy(asc(caseDeadlines.holder), asc(caseDeadlines.clock));
  return lock ? q.for('update') : q;
}

export async function insertAction(db: Db, entry: NewAction): Promise<number> {
  const [row] = await db.insert(caseActions).values(entry).returning({ id: caseActions.id });
  if (!row) throw new Error('action log insert returned nothing');
  return row.id;
}

export async function findAction(db: Db, id: number): Promise<ActionRow | undefined> {
  const [row] = await db.select().from(caseActions).where(eq(caseActions.id, id));
  return row;
}

export async function history(db: Db, caseId: string): Promise<ActionRow[]> {
  return db.select().from(caseActions).where(eq(caseActions.caseId, caseId)).orderBy(asc(caseActions.id));
}

/** Writes what one log entry did into the projections (the same code serves live actions and rebuilds). */
export async function project(
  db: Db,
  entry: { id: number; caseId: string; workflow: string; at: Date; actorId: string },
  effects: ActionEffects,
): Promise<void> {
  const c = effects.case;
  if (c) {
    const values = {
      state: c.state,
      version: c.version,
      workflowVersion: c.workflowVersion,
      data: c.data,
      closedAt: c.closedAt ? new Date(c.closedAt) : null,
      ownerDivision: c.ownerDivision,
      gridCode: c.gridCode,
      number: c.number,
      updatedAt: entry.at,
      lastActionId: entry.id,
    };
    await db
      .insert(caseFiles)
      .values({ id: entry.caseId, workflow: entry.workflow, openedAt: entry.at, openedBy: entry.actorId, ...values })
      .onConflictDoUpdate({ target: caseFiles.id, set: values });
  }
  for (const t of effects.tasks) await upsertTask(db, entry.caseId, t);
  for (const d of effects.deadlines) await upsertDeadline(db, entry.caseId, d);
}

/** A task's row values from its effect (live projection and rebuild alike). */
export function taskValues(t: TaskEffect) {
  return {
    kind: t.kind,
    state: t.state,
    assigneeUnit: t.assigneeUnit,
    assigneeAccount: t.assigneeAccount,
    openedAt: new Date(t.openedAt),
    closedAt: t.closedAt ? new Date(t.closedAt) : null,
    ownerDivision: t.ownerDivision,
  };
}

async function upsertTask(db: Db, caseId: string, t: TaskEffect): Promise<void> {
  const values = taskValues(t);
  await db
    .insert(caseTasks)
    .values({ id: t.id, caseId, ...values })
    .onConflictDoUpdate({ target: caseTasks.id, set: values });
}

export function deadlineValues(d: DeadlineEffect) {
  return {
    taskId: d.taskId,
    unit: d.unit,
    amount: d.amount,
    periods: d.periods,
    segments: d.segments,
    state: d.state,
    startedAt: new Date(d.startedAt),
    dueAt: d.dueAt ? new Date(d.dueAt) : null,
    yellowAt: d.yellowAt ? new Date(d.yellowAt) : null,
    status: d.status,
    statusAt: new Date(d.statusAt),
    stoppedAt: d.stoppedAt ? new Date(d.stoppedAt) : null,
    yellowShare: d.yellowShare,
    yellowRemaining: d.yellowRemaining,
    ownerDivision: d.ownerDivision,
  };
}

async function upsertDeadline(db: Db, caseId: string, d: DeadlineEffect): Promise<void> {
  const values = deadlineValues(d);
  await db
    .insert(caseDeadlines)
    .values({ caseId, holder: d.holder, clock: d.clock, ...values })
    .onConflictDoUpdate({ target: [caseDeadlines.caseId, caseDeadlines.holder, caseDeadlines.clock], set: values });
}

/**
 * The sweep, in one statement: every running clock that crossed its yellow or due time since the last
 * sweep changes colour, gets a log entry (only the new colour: `clockTimes`) and an outbox event. Set-based
 * because a morning after a holiday can turn tens of thousands of clocks at once. The plan is spelled out
 * because the planner's estimates mislead it at a million clocks (bench/deadline-sweep, BENCHMARKS.md): each
 * threshold is one ordered range of its partial index (an OR of both became a scan of every clock), the rows
 * are updated by ctid (not a hash of the table), the case and task rows are read by key once per clock, and
 * JIT is off (compiling cost 25–550 ms a minute). The rows are not locked first (that wrote every page
 * twice): the update re-checks its conditions, so a clock a user changed meanwhile is left to that change,
 * and a concurrent sweep's rows are skipped. `part` restricts it to a share of the cases, by a hash of the
 * case id, so several can run side by side without meeting.
 */
export async function sweepDeadlines(
  db: Db,
  now: Date,
  limit: number,
  part: { index: number; of: number } = { index: 0, of: 1 },
): Promise<{ yellow: number; red: number }> {
  await db.execute(sql`set local jit = off`);
  const inPart = part.of > 1 ? sql`and abs(hashtext(d.case_id::text) % ${part.of}) = ${part.index}` : sql``;
  const result = await db.execute(sql`
    with to_yellow as (
      select d.ctid as tid from case_deadline d
      where d.state = 'running' and d.status = 'green' and d.yellow_at <= ${now} ${inPart}
      order by d.yellow_at
      limit ${limit}
    ), to_red as (
      select d.ctid as tid from case_deadline d
      where d.state = 'running' and d.status <> 'red' and d.due_at <= ${now} ${inPart}
      order by d.due_at
      limit ${limit}
    ), changed as (
      update case_deadline d
      set status = case when d.due_at <= ${now} then 'red' else 'yellow' end, status_at = ${now}
      where d.ctid = any (array(select tid from to_yellow union select tid from to_red))
        and d.state = 'running'
        and ((d.status = 'green' and d.yellow_at <= ${now}) or (d.status <> 'red' and d.due_at <= ${now}))
      returning d.*
    ), cased as (
      select c.*, f.workflow, f.state as case_state, f.number, f.title, t.assignee_unit, t.assignee_account
      from changed c
      cross join lateral (
        select f.workflow, f.state, f.number, f.data->>'title' as title from case_file f where f.id = c.case_id offset 0
      ) f
      left join lateral (
        select t.assignee_unit, t.assignee_account from case_task t where t.id = c.task_id offset 0
      ) t on true
    ), logged as (
      insert into case_action (case_id, task_id, workflow, action, from_state, to_state, actor_id, actor_name,
        actor_role, inputs, attachments, effects, at, owner_division)
      select c.case_id, c.task_id, c.workflow, '$deadline.' || c.status, c.case_state, c.case_state, 'system', 'system',
        'system', jsonb_build_object('clock', c.clock), '[]'::jsonb,
        jsonb_build_object('case', null, 'tasks', '[]'::jsonb, 'deadlines', '[]'::jsonb, 'clockTimes',
          jsonb_build_array(jsonb_build_object('holder', c.holder, 'clock', c.clock, 'status', c.status,
            'statusAt', c.status_at))),
        ${now}, c.owner_division
      from cased c
      returning 1
    ), evented as (
      insert into engine_event (type, case_id, payload, at, owner_division)
      select 'case.deadline.status', c.case_id, jsonb_build_object(
          'caseId', c.case_id, 'workflow', c.workflow, 'clock', c.clock, 'taskId', c.task_id, 'status', c.status,
          'dueAt', c.due_at, 'assigneeUnit', c.assignee_unit, 'assigneeAccount', c.assignee_account,
          'number', c.number, 'title', c.title),
        ${now}, c.owner_division
      from cased c
      returning 1
    )
    select
      (select count(*) from changed where status = 'yellow')::int as yellow,
      (select count(*) from changed where status = 'red')::int as red,
      (select count(*) from logged)::int as logged,
      (select count(*) from evented)::int as evented
  `);
  const row = (result as unknown as { rows: { yellow: number; red: number }[] }).rows[0];
  return { yellow: Number(row?.yellow ?? 0), red: Number(row?.red ?? 0) };
}

/** Wakes every process's event reader when the transaction commits (the sweep writes the outbox in SQL). */
export async function notifyEvents(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
}

/**
 * Open clocks in key order, a page at a time (recomputing after a calendar change). The position is one
 * row comparison, so each page is a range of the primary key (an OR of three conditions cost 250–390 ms a
 * page at a million clocks; bench/deadline-sweep).
 */
export async function openDeadlinesAfter(
  db: Db,
  after: { caseId: string; holder: string; clock: string } | null,
  limit: number,
): Promise<DeadlineRow[]> {
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

/**
 * Rewrites recomputed clocks and logs them, one entry per case, a batch in one statement, so recomputing a
 * million open clocks after a calendar change stays within a minute. A clock someone changed since it was
 * read (paused, stopped, recoloured) no longer matches `before` and is left alone: its own change already
 * computed it on the new calendar.
 */
export async function writeRecomputed(
  db: Db,
  changes: { effect: DeadlineEffect; caseId: string; before: { status: string } }[],
  at: Date,
): Promise<number> {
  if (changes.length === 0) return 0;
  const json = JSON.stringify(
    changes.map(({ effect: e, caseId, before }) => ({
      caseId,
      holder: e.holder,
      clock: e.clock,
      state: e.state,
      segments: e.segments,
      amount: e.amount,
      dueAt: e.dueAt,
      yellowAt: e.yellowAt,
      status: e.status,
      statusAt: e.statusAt,
      statusBefore: before.status,
    })),
  );
  const result = await db.execute(sql`
    with input as (
      select r from jsonb_array_elements(${json}::jsonb) r
    ), updated as (
      update case_deadline d set due_at = (r->>'dueAt')::timestamptz, yellow_at = (r->>'yellowAt')::timestamptz,
        status = r->>'status', status_at = (r->>'statusAt')::timestamptz
      from input
      where d.case_id = (r->>'caseId')::uuid and d.holder = r->>'holder' and d.clock = r->>'clock'
        and d.state = r->>'state' and d.segments = r->'segments' and d.amount = (r->>'amount')::float8
        and d.status = r->>'statusBefore'
      returning d.case_id, jsonb_build_object('holder', d.holder, 'clock', d.clock,
        'status', d.status, 'statusAt', r->'statusAt', 'dueAt', r->'dueAt', 'yellowAt', r->'yellowAt') as times
    ), by_case as (
      select case_id, jsonb_agg(times order by times->>'holder', times->>'clock') as times, count(*) as n
      from updated group by case_id
    ), logged as (
      insert into case_action (case_id, task_id, workflow, action, from_state, to_state, actor_id, actor_name,
        actor_role, inputs, attachments, effects, at, owner_division)
      select u.case_id, null, f.workflow, '$deadline.recomputed', f.state, f.state,
        'system', 'system', 'system', jsonb_build_object('reason', 'calendar'), '[]'::jsonb,
        jsonb_build_object('case', null, 'tasks', '[]'::jsonb, 'deadlines', '[]'::jsonb, 'clockTimes', u.times),
        ${at}, f.owner_division
      from by_case u join case_file f on f.id = u.case_id
      order by u.case_id
      returning 1
    )
    select coalesce(sum(n), 0)::int as n, (select count(*) from logged)::int as entries from by_case
  `);
  const row = (result as unknown as { rows: { n: number }[] }).rows[0];
  return Number(row?.n ?? 0);
}

/** Writes rebuilt projection rows whole (a rebuild found them different from the log). */
export async function writeProjection(
  db: Db,
  cases: CaseRow[],
  tasks: TaskRow[],
  deadlines: DeadlineRow[],
): Promise<void> {
  for (const c of cases) {
    const { id, ...rest } = c;
    await db.insert(caseFiles).values(c).onConflictDoUpdate({ target: caseFiles.id, set: rest });
  }
  for (const t of tasks) {
    const { id, ...rest } = t;
    await db.insert(caseTasks).values(t).onConflictDoUpdate({ target: caseTasks.id, set: rest });
  }
  for (const d of deadlines) {
    const { caseId, holder, clock, ...rest } = d;
    await db
      .insert(caseDeadlines)
      .values(d)
      .onConflictDoUpdate({ target: [caseDeadlines.caseId, caseDeadlines.holder, caseDeadlines.clock], set: rest });
  }
}

/** Every case id, in order, a page at a time (rebuilds walk the whole log case by case). */
export async function caseIdsAfter(db: Db, after: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: caseActions.caseId })
    .from(caseActions)
    .where(after ? gt(caseActions.caseId, after) : undefined)
    .orderBy(asc(caseActions.caseId))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function actionsOfCases(db: Db, ids: string[]): Promise<ActionRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(caseActions)
    .where(inArray(caseActions.caseId, ids))
    .orderBy(asc(caseActions.caseId), asc(caseActions.id));
}

export async function projectionsOfCases(
  db: Db,
  ids: string[],
): Promise<{ cases: CaseRow[]; tasks: TaskRow[]; deadlines: DeadlineRow[] }> {
  if (ids.length === 0) return { cases: [], tasks: [], deadlines: [] };
  const [cases, tasks, deadlines] = [
    await db.select().from(caseFiles).where(inArray(caseFiles.id, ids)),
    await db.select().from(caseTasks).where(inArray(caseTasks.caseId, ids)),
    await db.select().from(caseDeadlines).where(inArray(caseDeadlines.caseId, ids)),
  ];
  return { cases, tasks, deadlines };
}

/** Removes projection rows no log entry produces (a rebuild found them). */
export async function deleteTasks(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(caseTasks).where(inArray(caseTasks.id, ids));
}

export async function deleteDeadline(db: Db, key: { caseId: string; holder: string; clock: string }): Promise<void> {
  await db
    .delete(caseDeadlines)
    .where(
      and(
        eq(caseDeadlines.caseId, key.caseId),
        eq(caseDeadlines.holder, key.holder),
        eq(caseDeadlines.clock, key.clock),
      ),
    );
}
