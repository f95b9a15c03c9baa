import { type Static, Type } from 'typebox';
import { PageQuery } from '../../platform/paging.ts';
import { NullableTimestamp, OwnerDivision, Timestamp, Uuid } from '../../platform/schemas.ts';

export const JobStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('paused'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);

export const Job = Type.Object({
  id: Uuid,
  type: Type.String(),
  key: Type.String(),
  cron: Type.Union([Type.String(), Type.Null()]),
  runAt: NullableTimestamp,
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: JobStatus,
  nextRunAt: NullableTimestamp,
  lastRunAt: NullableTimestamp,
  lastStatus: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  ownerDivision: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type JobDto = Static<typeof Job>;

export const JobRun = Type.Object({
  id: Uuid,
  scheduledFor: Timestamp,
  attempt: Type.Integer(),
  worker: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  message: Type.Union([Type.String(), Type.Null()], { description: 'summary of a successful run, or the error' }),
  startedAt: Timestamp,
  finishedAt: NullableTimestamp,
});

export const JobType = Type.Object({
  type: Type.String(),
  description: Type.String(),
  schedulable: Type.Boolean({ description: 'whether admins may create jobs of this type' }),
});

export const JobListQuery = PageQuery(['nextRunAt', 'type', 'key', 'lastRunAt'] as const, {
  type: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(JobStatus),
});
export const JobRunsQuery = PageQuery(['startedAt'] as const);

export const CreateJob = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100 }),
    key: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:-]+$' }),
    cron: Type.Optional(
      Type.String({
        minLength: 9,
        maxLength: 100,
        description: 'cron in the business time zone; 6 fields allow seconds',
      }),
    ),
    runAt: Type.Optional(Timestamp),
    payload: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    ownerDivision: Type.Optional(OwnerDivision),
  },
  { additionalProperties: false },
);
