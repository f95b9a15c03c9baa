import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../db/columns.ts';
import type { DeadlineState, DeadlineStatus, DeadlineUnit, Segment, WorkingPeriod } from './deadlines.ts';
import type { ActionEffects } from './workflow.ts';

/**
 * A case (案卷) of any workflow: a projection of its action log. `version` is the optimistic-concurrency
 * token users name when they act; it changes whenever the case or one of its tasks changes, but not when
 * the sweep only recolours a deadline (a clerk's open screen stays valid).
 */
export const caseFiles = pgTable(
  'case_file',
  {
    id: uuid('id').primaryKey(),
    workflow: varchar('workflow', { length: 40 }).notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    /** The number people read (county code + date + sequence); set by the domain, unique when set. */
    number: varchar('number', { length: 40 }),
    state: varchar('state', { length: 40 }).notNull(),
    version: integer('version').notNull(),
    gridCode: varchar('grid_code', { length: 15 }),
    /** Domain data (category, location, description…): the workflow's business, not the engine's. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    openedAt: instant('opened_at').notNull(),
    openedBy: varchar('opened_by', { length: 64 }).notNull(),
    closedAt: instant('closed_at'),
    updatedAt: instant('updated_at').notNull(),
    /** The log entry this row reflects: rebuilds and consumers compare against it. */
    lastActionId: bigint('last_action_id', { mode: 'number' }).notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    uniqueIndex('case_file_number_uq').on(t.number),
    index('case_file_owner_idx').on(t.ownerDivision),
    index('case_file_workflow_state_idx').on(t.workflow, t.state),
    index('case_file_grid_idx').on(t.gridCode),
  ],
);

/**
 * A task of a case: the lead unit's (主办), an assisting unit's (协办), a checker's… Each has its own
 * state, assignee and deadlines; the case's state follows the workflow's rules over its tasks.
 */
export const caseTasks = pgTable(
  'case_task',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseFiles.id),
    kind: varchar('kind', { length: 40 }).notNull(),
    state: varchar('state', { length: 40 }).notNull(),
    /** An org unit (department, community…) or one account; at least one is set. */
    assigneeUnit: uuid('assignee_unit'),
    assigneeAccount: uuid('assignee_account'),
    openedAt: instant('opened_at').notNull(),
    closedAt: instant('closed_at'),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    index('case_task_case_idx').on(t.caseId),
    index('case_task_unit_idx').on(t.assigneeUnit, t.state),
    index('case_task_account_idx').on(t.assigneeAccount, t.state),
  ],
);

/**
 * The action log (操作日志): immutable, one row per applied action (and per system change such as a
 * deadline turning yellow). Everything else about a case is rebuilt from it. `effects` holds the
 * outcome in full (new state, tasks, deadlines with their computed times) so a replay never recomputes.
 *
 * Partitioned by actor (migration 0008): the engine's own entries (`system`: recolourings, recomputes) in
 * `case_action_system`, everyone else's in `case_action_people`. The system's entries are small and alike, the
 * people's larger and varied; in one heap the small ones filled the gaps vacuum had recorded all over the
 * table, so a 75,000-clock sweep wrote ~46,000 scattered pages, each a full-page image (bench/deadline-sweep).
 * Ids come from one sequence, so the log still reads in one order.
 */
export const caseActions = pgTable(
  'case_action',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    /**
     * No foreign key: only the engine writes the log, in the transaction that creates or locks the case, and
     * cases are never deleted. The check's KEY SHARE lock dirtied the case's page for every recolouring:
     * 0.4 s of a 75,000-clock sweep (bench/deadline-sweep).
     */
    caseId: uuid('case_id').notNull(),
    taskId: uuid('task_id'),
    workflow: varchar('workflow', { length: 40 }).notNull(),
    action: varchar('action', { length: 60 }).notNull(),
    fromState: varchar('from_state', { length: 40 }),
    toState: varchar('to_state', { length: 40 }).notNull(),
    taskFromState: varchar('task_from_state', { length: 40 }),
    taskToState: varchar('task_to_state', { length: 40 }),
    /** Account id, 'operator' or 'system'. */
    actorId: varchar('actor_id', { length: 64 }).notNull(),
    actorName: text('actor_name').notNull(),
    /** The role the actor acted in (the first of theirs the action allows); 'system' for the engine. */
    actorRole: varchar('actor_role', { length: 40 }).notNull(),
    inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull(),
    /** File ids (files module) attached to this step: photos, documents. */
    attachments: jsonb('attachments').$type<string[]>().notNull(),
    effects: jsonb('effects').$type<ActionEffects>().notNull(),
    /** Business time of the action. */
    at: instant('at').notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    // A partitioned table's key must contain the partition key.
    primaryKey({ columns: [t.id, t.actorId] }),
    index('case_action_case_idx').on(t.caseId, t.id),
    index('case_action_at_idx').on(t.at),
  ],
);

/**
 * A running clock (时限) of a case or of one of its tasks. `segments` are the periods it ran; the due time
 * is where the limit is used up counting only those, on the working calendar with `periods` as the
 * working hours in force when it started. `yellowAt` and `dueAt` are computed ahead, so the sweep that
 * recolours deadlines is a plain indexed comparison with now.
 */
export const caseDeadlines = pgTable(
  'case_deadline',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseFiles.id),
    /** `case` or the task id. */
    holder: varchar('holder', { length: 36 }).notNull(),
    clock: varchar('clock', { length: 40 }).notNull(),
    taskId: uuid('task_id'),
    unit: varchar('unit', { length: 16 }).$type<DeadlineUnit>().notNull(),
    amount: doublePrecision('amount').notNull(),
    periods: jsonb('periods').$type<WorkingPeriod[]>().notNull(),
    segments: jsonb('segments').$type<Segment[]>().notNull(),
    state: varchar('state', { length: 12 }).$type<DeadlineState>().notNull(),
    startedAt: instant('started_at').notNull(),
    /** Null while paused: nobody can say when it will run out. */
    dueAt: instant('due_at'),
    yellowAt: instant('yellow_at'),
    status: varchar('status', { length: 8 }).$type<DeadlineStatus>().notNull(),
    statusAt: instant('status_at').notNull(),
    stoppedAt: instant('stopped_at'),
    /** Yellow threshold in force when it started (share of the limit used, amount left in its unit). */
    yellowShare: doublePrecision('yellow_share').notNull(),
    yellowRemaining: doublePrecision('yellow_remaining').notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.holder, t.clock] }),
    index('case_deadline_yellow_idx').on(t.yellowAt).where(sql`state = 'running' and status = 'green'`),
    index('case_deadline_due_idx').on(t.dueAt).where(sql`state = 'running' and status <> 'red'`),
  ],
);

/**
 * The working calendar's exceptions to "Monday to Friday": the State Council's holidays and make-up
 * workdays loaded for a year (`official`, overriding what chinese-days ships) and local decisions
 * (`local`, overriding both).
 */
export const calendarDays = pgTable(
  'calendar_day',
  {
    date: date('date', { mode: 'string' }).notNull(),
    source: varchar('source', { length: 12 }).$type<'official' | 'local'>().notNull(),
    kind: varchar('kind', { length: 12 }).$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull(),
    updatedAt: instant('updated_at').notNull(),
    updatedBy: varchar('updated_by', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.source] })],
);

/**
 * The event outbox: written in the transaction that caused the event, so an event exists exactly when
 * its change does. `txId` (the writing transaction's id) lets consumers read in commit-safe order:
 * everything below the oldest running transaction is final (ADR 0018).
 */
export const engineEvents = pgTable(
  'engine_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    txId: bigint('tx_id', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
    type: varchar('type', { length: 60 }).notNull(),
    caseId: uuid('case_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    at: instant('at').notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [index('engine_event_order_idx').on(t.txId, t.id)],
);

/** A durable consumer's position in the outbox: the last (txId, id) it finished. */
export const eventConsumers = pgTable('event_consumer', {
  name: varchar('name', { length: 60 }).primaryKey(),
  txId: bigint('tx_id', { mode: 'number' }).notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  updatedAt: instant('updated_at').notNull(),
});
