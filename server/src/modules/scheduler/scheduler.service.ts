import { hostname } from 'node:os';
import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { SchedulerErrors, schedulerPolicy } from './scheduler.policy.ts';
import { type JobRow, type JobSortField, schedulerRepo } from './scheduler.repo.ts';

export interface JobContext {
  job: JobRow;
  /** The instant this run was due: the period it stands for. */
  scheduledFor: Date;
  attempt: number;
  worker: string;
  /**
   * The transaction the job's completion is committed in. Database effects written through it
   * happen exactly once: if the lease was lost to another worker, they are rolled back.
   */
  tx: Db;
  /**
   * The database outside that transaction, for a long run that commits as it goes (and must then be safe
   * to repeat); null on the embedded engine, whose one connection the job's transaction holds.
   */
  db: Db | null;
  /** Business time when the run started (from the injectable clock). */
  now: Date;
  log: Logger;
}

export interface JobType {
  type: string;
  description: string;
  run(ctx: JobContext): Promise<string | undefined>;
  /** How long a run may hold its job before another worker may take it over. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Whether admins may create jobs of this type through the API, and the payload it takes. */
  payload?: TSchema;
}

export interface ScheduleRecurring {
  type: string;
  key: string;
  cron: string;
  payload?: Record<string, unknown>;
  ownerDivision?: string;
}

export interface ScheduleOnce {
  type: string;
  key: string;
  runAt: Date;
  payload?: Record<string, unknown>;
  ownerDivision?: string;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/**
 * Durable jobs in the database: one-off and recurring (cron in the business time zone), run once per
 * period across any number of processes, retried with exponential backoff, visible to admins.
 */
export class SchedulerService {
  readonly worker = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  readonly #types = new Map<string, JobType>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = true;

  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      log: Logger;
      pollMs: number;
      /** Whether a job may open transactions besides its own (a server, not the embedded engine). */
      concurrentTransactions?: boolean;
    },
  ) {}

  register(type: JobType): void {
    if (this.#types.has(type.type)) throw new Error(`job type ${type.type} registered twice`);
    this.#types.set(type.type, type);
  }

  types(): JobType[] {
    return [...this.#types.values()];
  }

  /** The next instant a cron expression fires after `after`, in the business zone. */
  nextFire(cron: string, after: Date): Date {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: this.deps.time.zone }).next().toDate();
  }

  validateCron(cron: string): void {
    try {
      this.nextFire(cron, this.deps.time.now());
    } catch (err) {
      throw SchedulerErrors.BAD_CRON({ cron, reason: (err as Error).message });
    }
  }

  /** Creates or updates a recurring job by its key; its state (paused, last run) is kept. */
  async ensureRecurring(spec: ScheduleRecurring, db: Db = this.deps.db): Promise<JobRow> {
    this.requireType(spec.type);
    this.validateCron(spec.cron);
    const now = this.deps.time.now();
    const existing = await schedulerRepo.findByKey(db, spec.key);
    if (existing) {
      if (existing.cron === spec.cron && existing.type === spec.type) return existing;
      return (await schedulerRepo.update(db, existing.id, {
        type: spec.type,
        cron: spec.cron,
        runAt: null,
        payload: spec.payload ?? existing.payload,
        nextRunAt: this.nextFire(spec.cron, now),
        updatedAt: now,
      }))!;
    }
    return schedulerRepo.insertIfAbsent(db, {
      id: newId(),
      type: spec.type,
      key: spec.key,
      cron: spec.cron,
      runAt: null,
      payload: spec.payload ?? {},
      status: 'active',
      nextRunAt: this.nextFire(spec.cron, now),
      attempts: 0,
      maxAttempts: this.#types.get(spec.type)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      ownerDivision: spec.ownerDivision ?? '',
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Schedules a one-off job; scheduling the same key again before it ran moves it. */
  async scheduleOnce(spec: ScheduleOnce, db: Db = this.deps.db): Promise<JobRow> {
    this.requireType(spec.type);
    const now = this.deps.time.now();
    const existing = await schedulerRepo.findByKey(db, spec.key);
    if (existing) {
      if (existing.cron) throw SchedulerErrors.JOB_KEY_TAKEN({ key: spec.key });
      return (await schedulerRepo.update(db, existing.id, {
        runAt: spec.runAt,
        nextRunAt: spec.runAt,
        payload: spec.payload ?? existing.payload,
        status: 'active',
        attempts: 0,
        updatedAt: now,
      }))!;
    }
    return schedulerRepo.insert(db, {
      id: newId(),
      type: spec.type,
      key: spec.key,
      cron: null,
      runAt: spec.runAt,
      payload: spec.payload ?? {},
      status: 'active',
      nextRunAt: spec.runAt,
      attempts: 0,
      maxAttempts: this.#types.get(spec.type)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      ownerDivision: spec.ownerDivision ?? '',
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Claims and runs what is due now; returns how many runs were attempted. */
  async tick(limit = 10): Promise<number> {
    const now = this.deps.time.now();
    const claimed = await schedulerRepo.claimDue(
      this.deps.db,
      this.worker,
      now,
      (job) => new Date(now.getTime() + (this.#types.get(job.type)?.leaseMs ?? DEFAULT_LEASE_MS)),
      limit,
    );
    for (const job of claimed) await this.#runClaimed(job);
    return claimed.length;
  }

  async #runClaimed(job: JobRow): Promise<void> {
    const { db, time, log } = this.deps;
    const scheduledFor = job.nextRunAt ?? time.now();
    const startedAt = time.now();
    const type = this.#types.get(job.type);
    const runLog = log.child({ job: job.key, type: job.type, attempt: job.attempts });
    try {
      if (!type) throw new Error(`no handler registered for job type ${job.type}`);
      await db.transaction(async (tx) => {
        const summary = await type.run({
          job,
          scheduledFor,
          attempt: job.attempts,
          worker: this.worker,
          tx,
          db: this.deps.concurrentTransactions ? db : null,
          now: startedAt,
          log: runLog,
        });
        const finishedAt = time.now();
        const next = job.cron
          ? this.nextFire(job.cron, new Date(Math.max(finishedAt.getTime(), scheduledFor.getTime())))
          : null;
        const done = await schedulerRepo.update(
          tx,
          job.id,
          {
            status: next ? 'active' : 'done',
            nextRunAt: next,
            lockedBy: null,
            lockedUntil: null,
            attempts: 0,
            lastRunAt: startedAt,
            lastStatus: 'succeeded',
            lastError: null,
            updatedAt: finishedAt,
          },
          this.worker,
        );
        // Another worker took the job over after our lease ran out: undo this run's effects.
        if (!done) throw new LeaseLostError(job.key);
        await schedulerRepo.insertRun(tx, {
          id: newId(),
          jobId: job.id,
          scheduledFor,
          attempt: job.attempts,
          worker: this.worker,
          status: 'succeeded',
          message: summary ?? null,
          startedAt,
          finishedAt,
        });
      });
      runLog.info({ scheduledFor }, 'job succeeded');
    } catch (err) {
      if (err instanceof LeaseLostError) {
        runLog.warn('job lease lost; the run was rolled back');
        return;
      }
      await this.#recordFailure(job, scheduledFor, startedAt, err as Error);
      runLog.error({ err }, 'job failed');
    }
  }

  async #recordFailure(job: JobRow, scheduledFor: Date, startedAt: Date, err: Error): Promise<void> {
    const { db, time } = this.deps;
    const now = time.now();
    const exhausted = job.attempts >= job.maxAttempts;
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (job.attempts - 1), BACKOFF_MAX_MS);
    let patch: Parameters<typeof schedulerRepo.update>[2];
    if (!exhausted) patch = { nextRunAt: new Date(now.getTime() + backoff) };
    else if (job.cron) patch = { nextRunAt: this.nextFire(job.cron, now), attempts: 0 };
    else patch = { status: 'failed', nextRunAt: null };
    await db.transaction(async (tx) => {
      const updated = await schedulerRepo.update(
        tx,
        job.id,
        {
          ...patch,
          lockedBy: null,
          lockedUntil: null,
          lastRunAt: startedAt,
          lastStatus: 'failed',
          lastError: err.message.slice(0, 2000),
          updatedAt: now,
        },
        this.worker,
      );
      if (!updated) return;
      await schedulerRepo.insertRun(tx, {
        id: newId(),
        jobId: job.id,
        scheduledFor,
        attempt: job.attempts,
        worker: this.worker,
        status: 'failed',
        message: err.message.slice(0, 2000),
        startedAt,
        finishedAt: now,
      });
    });
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = async () => {
      if (this.#stopped) return;
      this.#running = this.tick().catch((err) => this.deps.log.error({ err }, 'scheduler tick failed'));
      await this.#running;
      this.#running = null;
      if (!this.#stopped) this.#timer = setTimeout(loop, this.deps.pollMs);
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Stops polling and waits for the run in progress, so shutdown never cuts a job in half. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  // ---- admin operations ----

  async list(
    actor: Actor,
    req: PageRequest<JobSortField>,
    filter: { type?: string; status?: string },
  ): Promise<PageOf<JobRow>> {
    schedulerPolicy.read(actor);
    const { items, total } = await schedulerRepo.page(this.deps.db, req, {
      ...filter,
      divisions: actor.scope.divisions,
    });
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  async get(actor: Actor, id: string): Promise<JobRow> {
    const job = await schedulerRepo.findById(this.deps.db, id);
    if (!job) throw SchedulerErrors.JOB_NOT_FOUND({ id });
    schedulerPolicy.readJob(actor, job);
    return job;
  }

  async runs(actor: Actor, id: string, req: PageRequest) {
    await this.get(actor, id);
    const { items, total } = await schedulerRepo.runs(this.deps.db, id, req);
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  async create(
    actor: Actor,
    input: {
      type: string;
      key: string;
      cron?: string;
      runAt?: string;
      payload?: Record<string, unknown>;
      ownerDivision?: string;
    },
    db: Db = this.deps.db,
  ): Promise<JobRow> {
    const ownerDivision = input.ownerDivision ?? '';
    schedulerPolicy.manage(actor, ownerDivision);
    const type = this.#types.get(input.type);
    if (!type?.payload) throw SchedulerErrors.JOB_TYPE_NOT_SCHEDULABLE({ type: input.type });
    const payload = input.payload ?? {};
    if (!Value.Check(type.payload, payload)) {
      throw SchedulerErrors.BAD_PAYLOAD({ type: input.type }, [...Value.Errors(type.payload, payload)].slice(0, 10));
    }
    if ((input.cron === undefined) === (input.runAt === undefined)) throw SchedulerErrors.CRON_OR_RUN_AT();
    if (await schedulerRepo.findByKey(db, input.key)) throw SchedulerErrors.JOB_KEY_TAKEN({ key: input.key });
    return input.cron !== undefined
      ? this.ensureRecurring({ type: input.type, key: input.key, cron: input.cron, payload, ownerDivision }, db)
      : this.scheduleOnce(
          { type: input.type, key: input.key, runAt: new Date(input.runAt!), payload, ownerDivision },
          db,
        );
  }

  async runNow(actor: Actor, id: string): Promise<JobRow> {
    const job = await this.get(actor, id);
    schedulerPolicy.manage(actor, job.ownerDivision);
    if (job.status === 'paused') throw SchedulerErrors.JOB_PAUSED({ key: job.key });
    const now = this.deps.time.now();
    return (await schedulerRepo.update(this.deps.db, id, {
      status: 'active',
      nextRunAt: now,
      attempts: 0,
      updatedAt: now,
    }))!;
  }

  async setPaused(actor: Actor, id: string, paused: boolean): Promise<JobRow> {
    const job = await this.get(actor, id);
    schedulerPolicy.manage(actor, job.ownerDivision);
    const now = this.deps.time.now();
    if (paused) return (await schedulerRepo.update(this.deps.db, id, { status: 'paused', updatedAt: now }))!;
    if (job.status !== 'paused') return job;
    // A recurring job resumes at its next period rather than replaying what it missed while paused.
    const nextRunAt = job.cron ? this.nextFire(job.cron, now) : job.nextRunAt;
    return (await schedulerRepo.update(this.deps.db, id, { status: 'active', nextRunAt, updatedAt: now }))!;
  }

  private requireType(type: string): void {
    if (!this.#types.has(type)) throw SchedulerErrors.JOB_TYPE_UNKNOWN({ type });
  }
}

class LeaseLostError extends Error {
  constructor(key: string) {
    super(`lease on job ${key} lost`);
  }
}
