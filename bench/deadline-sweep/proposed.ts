/**
 * Proposed replacements for engine.repo.ts statements, here only to measure them against the engine's on the
 * same data (compare.ts). Nothing in the server uses this file.
 *
 * The sweep: the same effects as `sweepDeadlines` (the same rows recoloured, the same log entry and event for
 * each), with a plan that no longer depends on the planner's row estimates:
 * - the clocks to recolour are found through the two partial indexes, one ordered index range each
 *   (`order by yellow_at` / `order by due_at` with the limit), instead of one OR over both thresholds, which
 *   the planner answers with a sequential scan of every clock once its estimate is high (it multiplies the
 *   selectivities of status and yellow_at/due_at as if they were independent: at a million cases the OR is
 *   estimated at ~390,000 rows when 75,000 match, and a sweep with nothing to do still reads the table);
 * - the update takes the locked rows by their ctid (`ctid = any(array(…))`, one TID scan) instead of joining
 *   on the key, which the planner answers with a hash of the whole table;
 * - the case row and the task are read once per clock by their primary keys (`lateral … offset 0`), for
 *   the log entry and the event together, instead of joins the planner may answer by hashing both tables;
 * - JIT is off for the statement: its plan cost is large only because of the estimates, and compiling it
 *   takes 25–550 ms, every minute.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/database.ts';

export async function sweepDeadlinesProposed(
  db: Db,
  now: Date,
  limit: number,
): Promise<{ yellow: number; red: number }> {
  await db.execute(sql`set local jit = off`);
  const result = await db.execute(sql`
    with to_yellow as (
      select d.ctid as tid from case_deadline d
      where d.state = 'running' and d.status = 'green' and d.yellow_at <= ${now}
      order by d.yellow_at
      limit ${limit}
      for update skip locked
    ), to_red as (
      select d.ctid as tid from case_deadline d
      where d.state = 'running' and d.status <> 'red' and d.due_at <= ${now}
      order by d.due_at
      limit ${limit}
      for update skip locked
    ), changed as (
      update case_deadline d
      set status = case when d.due_at <= ${now} then 'red' else 'yellow' end, status_at = ${now}
      where d.ctid = any (array(select tid from to_yellow union select tid from to_red))
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
        jsonb_build_object('case', null, 'tasks', '[]'::jsonb, 'deadlines', jsonb_build_array(jsonb_build_object(
          'holder', c.holder, 'clock', c.clock, 'taskId', c.task_id, 'unit', c.unit, 'amount', c.amount,
          'periods', c.periods, 'segments', c.segments, 'state', c.state, 'startedAt', c.started_at,
          'dueAt', c.due_at, 'yellowAt', c.yellow_at, 'status', c.status, 'statusAt', c.status_at,
          'stoppedAt', c.stopped_at, 'yellowShare', c.yellow_share, 'yellowRemaining', c.yellow_remaining,
          'ownerDivision', c.owner_division))),
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
