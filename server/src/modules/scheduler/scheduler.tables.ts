import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';

export type JobStatus = 'active' | 'paused' | 'done' | 'failed';
export type RunStatus = 'running' | 'succeeded' | 'failed';

/** A durable job: one-off (run_at) or recurring (cron, in the business time zone). */
export const jobs = pgTable(
  'job',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    key: text('key').notNull().unique(),
    cron: text('cron'),
    runAt: instant('run_at'),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<JobStatus>().notNull(),
    nextRunAt: instant('next_run_at'),
    lockedBy: text('locked_by'),
    lockedUntil: instant('locked_until'),
    attempts: integer('attempts').notNull(),
    maxAttempts: integer('max_attempts').notNull(),
    lastRunAt: instant('last_run_at'),
    lastStatus: text('last_status').$type<'succeeded' | 'failed'>(),
    lastError: text('last_error'),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('job_due_idx').on(t.status, t.nextRunAt)],
);

/** Every attempt of every run: the admin's "last result" and the proof that a period ran once. */
export const jobRuns = pgTable(
  'job_run',
  {
    id: uuid('id').primaryKey(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    scheduledFor: instant('scheduled_for').notNull(),
    attempt: integer('attempt').notNull(),
    worker: text('worker').notNull(),
    status: text('status').$type<RunStatus>().notNull(),
    /** What the run reported: its summary, or the error that failed it. */
    message: text('message'),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('job_run_job_idx').on(t.jobId, t.startedAt)],
);

/** Written by the system.heartbeat job: shows admins (and tests) that the scheduler is alive. */
export const schedulerHeartbeats = pgTable('scheduler_heartbeat', {
  id: uuid('id').primaryKey(),
  jobId: uuid('job_id').notNull(),
  scheduledFor: instant('scheduled_for').notNull(),
  worker: text('worker').notNull(),
  recordedAt: instant('recorded_at').notNull(),
});
