import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import type { JobRow, JobRunRow, JobSortField } from './scheduler.repo.ts';
import { CreateJob, Job, type JobDto, JobListQuery, JobRun, JobRunsQuery, JobType } from './scheduler.schemas.ts';

export async function schedulerRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { scheduler, time } = ctx;
  const iso = (d: Date | null) => (d ? time.format(d) : null);
  const toJob = (j: JobRow): JobDto => ({
    ...j,
    payload: j.payload as Record<string, unknown>,
    runAt: iso(j.runAt),
    nextRunAt: iso(j.nextRunAt),
    lastRunAt: iso(j.lastRunAt),
    createdAt: time.format(j.createdAt),
    updatedAt: time.format(j.updatedAt),
  });
  const toRun = (r: JobRunRow) => ({
    id: r.id,
    scheduledFor: time.format(r.scheduledFor),
    attempt: r.attempt,
    worker: r.worker,
    status: r.status,
    message: r.message,
    startedAt: time.format(r.startedAt),
    finishedAt: iso(r.finishedAt),
  });
  const tags = ['scheduler'];

  app.get('/api/admin/job-types', {
    config: { access: { permission: 'system.jobs.read' } },
    schema: {
      tags,
      summary: 'Job types this server runs',
      response: { 200: Type.Object({ items: Type.Array(JobType) }) },
    },
    handler: async () => ({
      items: scheduler
        .types()
        .map((t) => ({ type: t.type, description: t.description, schedulable: Boolean(t.payload) })),
    }),
  });

  app.get('/api/admin/jobs', {
    config: { access: { permission: 'system.jobs.read' } },
    schema: {
      tags,
      summary: 'Scheduled jobs with next run and last result',
      querystring: JobListQuery,
      response: { 200: Page(Job) },
    },
    handler: async (request) => {
      const { type, status } = request.query;
      const page = await scheduler.list(request.actor, pageRequest<JobSortField>(request.query, 'nextRunAt'), {
        type,
        status,
      });
      return { ...page, items: page.items.map(toJob) };
    },
  });

  app.get('/api/admin/jobs/:id', {
    config: { access: { permission: 'system.jobs.read' } },
    schema: { tags, summary: 'One scheduled job', params: IdParams, response: { 200: Job } },
    handler: async (request) => toJob(await scheduler.get(request.actor, request.params.id)),
  });

  app.get('/api/admin/jobs/:id/runs', {
    config: { access: { permission: 'system.jobs.read' } },
    schema: {
      tags,
      summary: 'Runs of a job, newest first by default',
      params: IdParams,
      querystring: JobRunsQuery,
      response: { 200: Page(JobRun) },
    },
    handler: async (request) => {
      const page = await scheduler.runs(request.actor, request.params.id, pageRequest(request.query, '-startedAt'));
      return { ...page, items: page.items.map(toRun) };
    },
  });

  app.post('/api/admin/jobs', {
    config: { access: { permission: 'system.jobs.manage' }, idempotent: true },
    schema: {
      tags,
      summary: 'Create a job of a schedulable type',
      headers: IdempotencyHeaders,
      body: CreateJob,
      response: { 201: Job },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: toJob(await scheduler.create(request.actor, request.body, tx)),
      })),
  });

  for (const [action, summary] of [
    ['run-now', 'Run at the next poll'],
    ['pause', 'Pause'],
    ['resume', 'Resume at the next period'],
  ] as const) {
    app.post(`/api/admin/jobs/:id/${action}`, {
      config: { access: { permission: 'system.jobs.manage' } },
      schema: { tags, summary, params: IdParams, response: { 200: Job } },
      handler: async (request) => {
        const { actor } = request;
        const { id } = request.params;
        const job =
          action === 'run-now'
            ? await scheduler.runNow(actor, id)
            : await scheduler.setPaused(actor, id, action === 'pause');
        return toJob(job);
      },
    });
  }
}
