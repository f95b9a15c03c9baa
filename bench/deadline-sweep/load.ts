/**
 * Writes the model (model.ts) into the engine's tables with set-based SQL, a batch of cases per transaction:
 * case_file, case_task, case_deadline, and the log (case_action) with its outbox events (engine_event) in
 * the shapes the engine writes them — `report` and `assign` as `CaseEngine.#run` builds them (instants as
 * JavaScript ISO strings), past recolourings as `sweepDeadlines` builds them (instants as PostgreSQL renders
 * a timestamptz in jsonb).
 */
import type pg from 'pg';
import type { WorkingPeriod, YellowRule } from '../../server/src/engine/deadlines.ts';
import { ACTORS, clockStatus, type Model, OVERALL_DAYS, stateAt } from './model.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const CASES_SQL = `
insert into case_file (id, workflow, workflow_version, number, state, version, grid_code, data, opened_at, opened_by,
  closed_at, updated_at, last_action_id, owner_division)
select id, 'toy', 1, number, state, version, null, jsonb_build_object('title', title), opened_at::timestamptz, opened_by,
  null, updated_at::timestamptz, last_action_id, division
from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
  $10::text[]) as t(id, number, state, version, title, opened_at, opened_by, updated_at, last_action_id, division)`;

const TASKS_SQL = `
insert into case_task (id, case_id, kind, state, assignee_unit, assignee_account, opened_at, closed_at, owner_division)
select id, case_id, 'work', 'todo', unit, null, opened_at::timestamptz, null, division
from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) as t(id, case_id, unit, opened_at, division)`;

const DEADLINES_SQL = `
insert into case_deadline (case_id, holder, clock, task_id, unit, amount, periods, segments, state, started_at, due_at,
  yellow_at, status, status_at, stopped_at, yellow_share, yellow_remaining, owner_division)
select case_id, holder, clock, task_id, unit, amount, $13::jsonb, jsonb_build_array(jsonb_build_object('from', started, 'to', null)),
  'running', started::timestamptz, due::timestamptz, yellow::timestamptz, status, status_at::timestamptz, null, share,
  remaining, division
from unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[],
  $10::text[], $11::text[], $12::text[], $14::float8[], $15::float8[])
  as t(case_id, holder, clock, task_id, unit, amount, started, due, yellow, status, status_at, division, share, remaining)`;

/** The engine's `report` entry and its `case.opened` event (case-engine.ts #run). */
const REPORTS_SQL = `
with t as (
  select * from unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::text[], $11::text[])
    as t(id, case_id, at, actor_id, actor_name, actor_role, title, division, number, due, yellow)
), logged as (
  insert into case_action (id, case_id, task_id, workflow, action, from_state, to_state, task_from_state, task_to_state,
    actor_id, actor_name, actor_role, inputs, attachments, effects, at, owner_division)
  select id, case_id, null, 'toy', 'report', null, 'new', null, null, actor_id, actor_name, actor_role,
    jsonb_build_object('title', title), '[]'::jsonb,
    jsonb_build_object(
      'case', jsonb_build_object('workflowVersion', 1, 'state', 'new', 'version', 1,
        'data', jsonb_build_object('title', title), 'closedAt', null, 'ownerDivision', division, 'gridCode', null,
        'number', number),
      'tasks', '[]'::jsonb,
      'deadlines', jsonb_build_array(jsonb_build_object('holder', 'case', 'clock', 'overall', 'taskId', null,
        'unit', 'working_days', 'amount', $12::float8, 'periods', $13::jsonb,
        'segments', jsonb_build_array(jsonb_build_object('from', at, 'to', null)), 'state', 'running',
        'startedAt', at, 'dueAt', due, 'yellowAt', yellow, 'status', 'green', 'statusAt', at, 'stoppedAt', null,
        'yellowShare', $14::float8, 'yellowRemaining', $15::float8, 'ownerDivision', division))),
    at::timestamptz, division
  from t
)
insert into engine_event (type, case_id, payload, at, owner_division)
select 'case.opened', case_id, jsonb_build_object('caseId', case_id, 'workflow', 'toy', 'action', 'report',
    'actionId', id, 'fromState', null, 'toState', 'new', 'taskId', null, 'taskFromState', null, 'taskToState', null,
    'actorName', actor_name, 'gridCode', null, 'number', number, 'title', title),
  at::timestamptz, division
from t`;

/** The engine's `assign` entry, its `case.action` and `case.task.assigned` events. */
const ASSIGNS_SQL = `
with t as (
  select * from unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::uuid[], $10::uuid[], $11::float8[], $12::text[], $13::text[])
    as t(id, case_id, at, actor_id, actor_name, title, division, number, task_id, unit, amount, due, yellow)
), logged as (
  insert into case_action (id, case_id, task_id, workflow, action, from_state, to_state, task_from_state, task_to_state,
    actor_id, actor_name, actor_role, inputs, attachments, effects, at, owner_division)
  select id, case_id, null, 'toy', 'assign', 'new', 'assigned', null, null, actor_id, actor_name, 'dispatcher',
    jsonb_build_object('unit', unit), '[]'::jsonb,
    jsonb_build_object(
      'case', jsonb_build_object('workflowVersion', 1, 'state', 'assigned', 'version', 2,
        'data', jsonb_build_object('title', title), 'closedAt', null, 'ownerDivision', division, 'gridCode', null,
        'number', number),
      'tasks', jsonb_build_array(jsonb_build_object('id', task_id, 'kind', 'work', 'state', 'todo',
        'assigneeUnit', unit, 'assigneeAccount', null, 'openedAt', at, 'closedAt', null, 'ownerDivision', division)),
      'deadlines', jsonb_build_array(jsonb_build_object('holder', task_id, 'clock', 'work', 'taskId', task_id,
        'unit', 'working_hours', 'amount', amount, 'periods', $14::jsonb,
        'segments', jsonb_build_array(jsonb_build_object('from', at, 'to', null)), 'state', 'running',
        'startedAt', at, 'dueAt', due, 'yellowAt', yellow, 'status', 'green', 'statusAt', at, 'stoppedAt', null,
        'yellowShare', $15::float8, 'yellowRemaining', $16::float8, 'ownerDivision', division))),
    at::timestamptz, division
  from t
)
insert into engine_event (type, case_id, payload, at, owner_division)
select e.type, t.case_id, e.payload, t.at::timestamptz, t.division
from t cross join lateral (values
  (1, 'case.action', jsonb_build_object('caseId', t.case_id, 'workflow', 'toy', 'action', 'assign', 'actionId', t.id,
    'fromState', 'new', 'toState', 'assigned', 'taskId', null, 'taskFromState', null, 'taskToState', null,
    'actorName', t.actor_name, 'gridCode', null, 'number', t.number, 'title', t.title)),
  (2, 'case.task.assigned', jsonb_build_object('caseId', t.case_id, 'taskId', t.task_id, 'kind', 'work',
    'workflow', 'toy', 'assigneeUnit', t.unit, 'assigneeAccount', null, 'number', t.number, 'title', t.title))
) as e(n, type, payload)
order by t.id, e.n`;

/** Past recolourings: the entry and event `sweepDeadlines` writes (engine.repo.ts), as of their sweep. */
const SWEPT_SQL = `
with t as (
  select * from unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::float8[],
    $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::timestamptz[], $13::text[], $14::text[],
    $15::text[], $16::text[], $17::uuid[], $18::float8[], $19::float8[])
    as t(id, case_id, task_id, holder, clock, unit, amount, started, due, yellow, status, at, state, division, number,
      title, assignee_unit, share, remaining)
), logged as (
  insert into case_action (id, case_id, task_id, workflow, action, from_state, to_state, actor_id, actor_name,
    actor_role, inputs, attachments, effects, at, owner_division)
  select id, case_id, task_id, 'toy', '$deadline.' || status, state, state, 'system', 'system', 'system',
    jsonb_build_object('clock', clock), '[]'::jsonb,
    jsonb_build_object('case', null, 'tasks', '[]'::jsonb, 'deadlines', '[]'::jsonb, 'clockTimes',
      jsonb_build_array(jsonb_build_object('holder', holder, 'clock', clock, 'status', status, 'statusAt', at))),
    at, division
  from t
)
insert into engine_event (type, case_id, payload, at, owner_division)
select 'case.deadline.status', case_id, jsonb_build_object('caseId', case_id, 'workflow', 'toy', 'clock', clock,
    'taskId', task_id, 'status', status, 'dueAt', due, 'assigneeUnit', assignee_unit, 'assigneeAccount', null,
    'number', number, 'title', title),
  at, division
from t`;

export interface LoadRules {
  periods: WorkingPeriod[];
  yellow: { working_days: YellowRule; working_hours: YellowRule };
}

/** Writes cases [0, n) in batches of `batch` cases, one transaction each. */
export async function loadModel(
  client: pg.Client,
  m: Model,
  rules: LoadRules,
  batch: number,
  progress: (done: number) => void,
): Promise<void> {
  const c = m.clocks;
  const periods = JSON.stringify(rules.periods);
  const wd = rules.yellow.working_days;
  const wh = rules.yellow.working_hours;
  for (let from = 0; from < m.n; from += batch) {
    const to = Math.min(m.n, from + batch);
    const cases = {
      id: [],
      number: [],
      state: [],
      version: [],
      title: [],
      opened: [],
      by: [],
      updated: [],
      last: [],
      div: [],
    } as Record<string, unknown[]>;
    const tasks = { id: [], caseId: [], unit: [], opened: [], div: [] } as Record<string, unknown[]>;
    const dl = {
      caseId: [],
      holder: [],
      clock: [],
      taskId: [],
      unit: [],
      amount: [],
      started: [],
      due: [],
      yellow: [],
      status: [],
      statusAt: [],
      div: [],
      share: [],
      remaining: [],
    } as Record<string, unknown[]>;
    const rep = {
      id: [],
      caseId: [],
      at: [],
      actor: [],
      name: [],
      role: [],
      title: [],
      div: [],
      number: [],
      due: [],
      yellow: [],
    } as Record<string, unknown[]>;
    const asg = {
      id: [],
      caseId: [],
      at: [],
      actor: [],
      name: [],
      title: [],
      div: [],
      number: [],
      taskId: [],
      unit: [],
      amount: [],
      due: [],
      yellow: [],
    } as Record<string, unknown[]>;
    const sw = {
      id: [],
      caseId: [],
      taskId: [],
      holder: [],
      clock: [],
      unit: [],
      amount: [],
      started: [],
      due: [],
      yellow: [],
      status: [],
      at: [],
      state: [],
      div: [],
      number: [],
      title: [],
      assignee: [],
      share: [],
      remaining: [],
    } as Record<string, unknown[]>;
    const push = (o: Record<string, unknown[]>, values: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(values)) o[k]!.push(v);
    };

    for (let i = from; i < to; i++) {
      const assigned = !Number.isNaN(m.assignedAt[i]!);
      const acceptor = ACTORS.acceptors[m.acceptor[i]!]!;
      const dispatcher = ACTORS.dispatchers[m.dispatcher[i]!]!;
      push(cases, {
        id: m.id[i],
        number: m.number[i],
        state: assigned ? 'assigned' : 'new',
        version: assigned ? 2 : 1,
        title: m.title[i],
        opened: iso(m.openedAt[i]!),
        by: acceptor.id,
        updated: iso(assigned ? m.assignedAt[i]! : m.openedAt[i]!),
        last: assigned ? m.assignId[i] : m.reportId[i],
        div: m.division[i],
      });
      if (assigned)
        push(tasks, {
          id: m.taskId[i],
          caseId: m.id[i],
          unit: m.unit[i],
          opened: iso(m.assignedAt[i]!),
          div: m.division[i],
        });
      for (let j = m.firstClock[i]!; j < m.firstClock[i + 1]!; j++) {
        const work = c.kind[j] === 1;
        const { status, statusAt } = clockStatus(c, j);
        const rule = work ? wh : wd;
        push(dl, {
          caseId: m.id[i],
          holder: work ? m.taskId[i] : 'case',
          clock: work ? 'work' : 'overall',
          taskId: work ? m.taskId[i] : null,
          unit: work ? 'working_hours' : 'working_days',
          amount: c.amount[j],
          started: iso(c.start[j]!),
          due: iso(c.due[j]!),
          yellow: iso(c.yellow[j]!),
          status,
          statusAt: iso(statusAt),
          div: m.division[i],
          share: rule.share,
          remaining: rule.remaining,
        });
        if (work) {
          push(asg, {
            id: m.assignId[i],
            caseId: m.id[i],
            at: iso(m.assignedAt[i]!),
            actor: dispatcher.id,
            name: dispatcher.name,
            title: m.title[i],
            div: m.division[i],
            number: m.number[i],
            taskId: m.taskId[i],
            unit: m.unit[i],
            amount: c.amount[j],
            due: iso(c.due[j]!),
            yellow: iso(c.yellow[j]!),
          });
        } else {
          push(rep, {
            id: m.reportId[i],
            caseId: m.id[i],
            at: iso(m.openedAt[i]!),
            actor: acceptor.id,
            name: acceptor.name,
            role: acceptor.role,
            title: m.title[i],
            div: m.division[i],
            number: m.number[i],
            due: iso(c.due[j]!),
            yellow: iso(c.yellow[j]!),
          });
        }
        for (const [when, entry, status] of [
          [c.yellowSwept[j]!, c.yellowEntry[j]!, 'yellow'],
          [c.redSwept[j]!, c.redEntry[j]!, 'red'],
        ] as const) {
          if (Number.isNaN(when)) continue;
          push(sw, {
            id: entry,
            caseId: m.id[i],
            taskId: work ? m.taskId[i] : null,
            holder: work ? m.taskId[i] : 'case',
            clock: work ? 'work' : 'overall',
            unit: work ? 'working_hours' : 'working_days',
            amount: c.amount[j],
            started: iso(c.start[j]!),
            due: iso(c.due[j]!),
            yellow: iso(c.yellow[j]!),
            status,
            at: iso(when),
            state: stateAt(m, i, when),
            div: m.division[i],
            number: m.number[i],
            title: m.title[i],
            assignee: work ? m.unit[i] : null,
            share: rule.share,
            remaining: rule.remaining,
          });
        }
      }
    }

    await client.query('BEGIN');
    await client.query(CASES_SQL, Object.values(cases));
    if (tasks.id!.length) await client.query(TASKS_SQL, Object.values(tasks));
    const d = Object.values(dl);
    await client.query(DEADLINES_SQL, [...d.slice(0, 12), periods, ...d.slice(12)]);
    await client.query(REPORTS_SQL, [...Object.values(rep), OVERALL_DAYS, periods, wd.share, wd.remaining]);
    if (asg.id!.length) await client.query(ASSIGNS_SQL, [...Object.values(asg), periods, wh.share, wh.remaining]);
    if (sw.id!.length) await client.query(SWEPT_SQL, Object.values(sw));
    await client.query('COMMIT');
    progress(to);
  }
}
