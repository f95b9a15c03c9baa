import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { BusinessTime } from '../../platform/clock.ts';
import { schedulerJobTypes } from './scheduler.jobs.ts';
import { schedulerRepo } from './scheduler.repo.ts';
import { SchedulerService } from './scheduler.service.ts';

/** A second process's scheduler: same database and clock, its own worker id. */
function anotherWorker(t: TestApp): SchedulerService {
  const s = new SchedulerService({
    db: t.ctx.database.db,
    time: new BusinessTime(t.clock, 'Asia/Shanghai'),
    log: pino({ level: 'silent' }),
    pollMs: 1000,
  });
  for (const type of schedulerJobTypes()) s.register(type);
  return s;
}

describe('scheduler', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-03-02T01:59:30Z' });
  });
  afterEach(() => t.close());

  test('a recurring job runs once per period, however often the scheduler looks', async () => {
    const job = await t.ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'hb', cron: '*/5 * * * *' });
    assert.equal(job.nextRunAt?.toISOString(), '2026-03-02T02:00:00.000Z');
    assert.equal(await t.ctx.scheduler.tick(), 0, 'not due yet');
    t.clock.set('2026-03-02T02:00:10Z');
    assert.equal(await t.ctx.scheduler.tick(), 1);
    assert.equal(await t.ctx.scheduler.tick(), 0, 'the period already ran');
    t.clock.set('2026-03-02T02:04:59Z');
    assert.equal(await t.ctx.scheduler.tick(), 0);
    t.clock.set('2026-03-02T02:05:01Z');
    assert.equal(await t.ctx.scheduler.tick(), 1);
    const beats = await schedulerRepo.heartbeats(t.ctx.database.db, job.id);
    assert.deepEqual(
      beats.map((b) => b.scheduledFor.toISOString()),
      ['2026-03-02T02:00:00.000Z', '2026-03-02T02:05:00.000Z'],
    );
  });

  test('cron is read in the business time zone, not the machine’s UTC', async () => {
    // 02:00 every day in Shanghai is 18:00 UTC the day before.
    const job = await t.ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'nightly', cron: '0 2 * * *' });
    assert.equal(job.nextRunAt?.toISOString(), '2026-03-02T18:00:00.000Z');
  });

  test('two workers polling together run each period exactly once', async () => {
    const job = await t.ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'hb2', cron: '* * * * *' });
    const other = anotherWorker(t);
    for (let minute = 0; minute < 5; minute++) {
      t.clock.set(new Date(Date.UTC(2026, 2, 2, 2, minute, 1)));
      await Promise.all([t.ctx.scheduler.tick(), other.tick(), t.ctx.scheduler.tick(), other.tick()]);
    }
    const beats = await schedulerRepo.heartbeats(t.ctx.database.db, job.id);
    assert.equal(beats.length, 5);
    assert.equal(new Set(beats.map((b) => b.scheduledFor.getTime())).size, 5);
  });

  test('after a restart the job resumes at its next period without running the last one again', async () => {
    const job = await t.ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'hb3', cron: '*/10 * * * *' });
    t.clock.set('2026-03-02T02:00:05Z');
    await t.ctx.scheduler.tick();
    // "Restart": a new scheduler instance ensures the same job again, as start-up does.
    const restarted = anotherWorker(t);
    await restarted.ensureRecurring({ type: 'system.heartbeat', key: 'hb3', cron: '*/10 * * * *' });
    assert.equal(await restarted.tick(), 0);
    t.clock.set('2026-03-02T02:10:02Z');
    assert.equal(await restarted.tick(), 1);
    const beats = await schedulerRepo.heartbeats(t.ctx.database.db, job.id);
    assert.equal(beats.length, 2);
  });

  test('a failing job is retried with growing delays, then marked failed with its error', async () => {
    let calls = 0;
    t.ctx.scheduler.register({
      type: 'test.flaky',
      description: 'fails every time',
      maxAttempts: 3,
      async run() {
        calls++;
        throw new Error('upstream unavailable');
      },
    });
    const job = await t.ctx.scheduler.scheduleOnce({
      type: 'test.flaky',
      key: 'flaky',
      runAt: new Date('2026-03-02T02:00:00Z'),
    });
    t.clock.set('2026-03-02T02:00:00Z');
    await t.ctx.scheduler.tick();
    let row = await schedulerRepo.findById(t.ctx.database.db, job.id);
    assert.equal(row?.nextRunAt?.toISOString(), '2026-03-02T02:00:30.000Z', 'first retry after 30 s');
    t.clock.set('2026-03-02T02:00:30Z');
    await t.ctx.scheduler.tick();
    row = await schedulerRepo.findById(t.ctx.database.db, job.id);
    assert.equal(row?.nextRunAt?.toISOString(), '2026-03-02T02:01:30.000Z', 'second retry after 60 s');
    t.clock.set('2026-03-02T02:01:30Z');
    await t.ctx.scheduler.tick();
    row = await schedulerRepo.findById(t.ctx.database.db, job.id);
    assert.equal(calls, 3);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.lastError, 'upstream unavailable');
    const runs = await t.inject({ method: 'GET', url: `/api/admin/jobs/${job.id}/runs`, headers: t.operator });
    assert.equal((runs.json() as { total: number }).total, 3);
  });

  test('a run whose lease was taken over is rolled back: its database effects happen once', async () => {
    t.ctx.scheduler.register({
      type: 'test.slow',
      description: 'outlives its lease',
      leaseMs: 1000,
      async run({ tx, job, scheduledFor, worker, now }) {
        await schedulerRepo.insertHeartbeat(tx, {
          id: crypto.randomUUID(),
          jobId: job.id,
          scheduledFor,
          worker,
          recordedAt: now,
        });
        // While this run works, its lease expires and another worker claims the job (simulated in
        // this transaction: on the embedded engine a second connection would wait for this one).
        t.clock.advance(5000);
        await schedulerRepo.update(tx, job.id, { lockedBy: 'someone-else' });
        return 'done';
      },
    });
    const job = await t.ctx.scheduler.scheduleOnce({
      type: 'test.slow',
      key: 'slow',
      runAt: new Date('2026-03-02T01:59:00Z'),
    });
    await t.ctx.scheduler.tick();
    const beats = await schedulerRepo.heartbeats(t.ctx.database.db, job.id);
    assert.equal(beats.length, 0);
  });
});

describe('scheduler admin API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: '2026-03-02T01:59:30Z' });
  });
  after(() => t.close());

  test('admins see each job’s next run and last result', async () => {
    await t.ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'system.heartbeat', cron: '*/5 * * * *' });
    t.clock.set('2026-03-02T02:00:01Z');
    await t.ctx.scheduler.tick();
    const r = await t.inject({ method: 'GET', url: '/api/admin/jobs?type=system.heartbeat', headers: t.operator });
    assert.equal(r.statusCode, 200, r.body);
    const [job] = (r.json() as { items: { nextRunAt: string; lastStatus: string; lastRunAt: string }[] }).items;
    assert.equal(job?.nextRunAt, '2026-03-02T10:05:00+08:00');
    assert.equal(job?.lastRunAt, '2026-03-02T10:00:01+08:00');
    assert.equal(job?.lastStatus, 'succeeded');
  });

  test('an admin creates, pauses, resumes and triggers a job', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/admin/jobs',
      headers: { ...t.operator, 'idempotency-key': 'create-hb-1' },
      payload: { type: 'system.heartbeat', key: 'extra-heartbeat', cron: '0 * * * *' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json() as { id: string };
    const paused = await t.inject({ method: 'POST', url: `/api/admin/jobs/${id}/pause`, headers: t.operator });
    assert.equal((paused.json() as { status: string }).status, 'paused');
    const refused = await t.inject({ method: 'POST', url: `/api/admin/jobs/${id}/run-now`, headers: t.operator });
    assert.equal(refused.statusCode, 409);
    await t.inject({ method: 'POST', url: `/api/admin/jobs/${id}/resume`, headers: t.operator });
    const now = await t.inject({ method: 'POST', url: `/api/admin/jobs/${id}/run-now`, headers: t.operator });
    assert.equal((now.json() as { nextRunAt: string }).nextRunAt, '2026-03-02T10:00:01+08:00');
  });

  test('a bad cron expression is refused with a clear message', async () => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/admin/jobs',
      headers: { ...t.operator, 'accept-language': 'en-US' },
      payload: { type: 'system.heartbeat', key: 'bad-cron', cron: 'every tuesday' },
    });
    assert.equal(r.statusCode, 400);
    assert.match(
      (r.json() as { error: { message: string } }).error.message,
      /cron expression every tuesday is invalid/,
    );
  });

  test('internal job types cannot be created through the API', async () => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/admin/jobs',
      headers: t.operator,
      payload: { type: 'system.purge-job-runs', key: 'purge-2', cron: '0 * * * *' },
    });
    assert.equal(r.statusCode, 400);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'JOB_TYPE_NOT_SCHEDULABLE');
  });
});
