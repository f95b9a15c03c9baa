import { asc, desc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Database, type Db, rows, type Tx } from '../db/database.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { engineEvents, eventConsumers } from './engine.tables.ts';

/**
 * The one event bus of the case engine (ADR 0018). Events are written to the outbox (`engine_event`) in the
 * transaction that caused them, so an event exists exactly when its change does; readers take them in
 * commit-safe order — (tx_id, id), and only below the oldest transaction still running — so a position never
 * skips an event whose transaction committed late.
 *
 * - Live listeners (`subscribe`): in-process, at-most-once, from the process's start on (SSE streams).
 * - Durable consumers (`registerConsumer`): at-least-once; a batch is handled in the transaction that stores
 *   the consumer's position, so a handler's database effects happen once per committed batch.
 * - Wakeups: `committed()` in this process, LISTEN/NOTIFY between processes on PostgreSQL, and a fallback poll.
 */

export interface EngineEvent {
  id: number;
  txId: number;
  type: string;
  caseId: string | null;
  payload: Record<string, unknown>;
  at: Date;
  ownerDivision: string;
}

export interface NewEvent {
  type: string;
  caseId?: string | null;
  payload: Record<string, unknown>;
  at: Date;
  ownerDivision: string;
}

export type LiveListener = (event: EngineEvent) => void;

export interface DurableConsumer {
  name: string;
  /** Events per transaction (default 100). */
  batchSize?: number;
  handle(events: EngineEvent[], tx: Tx): Promise<void>;
}

/** A place in the outbox: everything at or before it (in (txId, id) order) has been seen. */
export interface EventPosition {
  txId: number;
  id: number;
}

/** Before every event. */
export const OUTBOX_START: EventPosition = { txId: 0, id: 0 };

/** The channel NOTIFY wakes other processes on (per database). */
export const EVENTS_CHANNEL = 'civicgrid_events';

/** Advisory-lock class of durable consumers (the other key is the hash of the consumer's name). */
const CONSUMER_LOCK = 7_340_301;
const DEFAULT_POLL_MS = 1000;
const DEFAULT_BATCH = 100;
const LIVE_BATCH = 500;
/** Batches one consumer handles in one pass before the others get their turn. */
const BATCHES_PER_PASS = 10;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;
const RECONNECT_MAX_MS = 30_000;
/** First re-check when committed events wait behind an older transaction (doubling up to the poll). */
const HELD_RECHECK_MS = 25;

/** The SSE id of an event: `<txId>.<id>`. */
export function formatPosition(p: EventPosition): string {
  return `${p.txId}.${p.id}`;
}

/** Parses `<txId>.<id>`; null when it is not one. */
export function parsePosition(text: string): EventPosition | null {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(text.trim());
  if (!m) return null;
  return { txId: Number(m[1]), id: Number(m[2]) };
}

/** Negative when a comes before b in the outbox's commit-safe order. */
export function comparePositions(a: EventPosition, b: EventPosition): number {
  return a.txId !== b.txId ? a.txId - b.txId : a.id - b.id;
}

interface ConsumerState {
  consumer: DurableConsumer;
  /** Serialises this process's batches of the consumer (background loop and drain). */
  queue: Promise<unknown>;
  failures: number;
  retryAt: number;
  /**
   * Caught up at its last batch, and the live reader has seen nothing new since: an idle pass costs one
   * query (the live reader's), not a transaction per consumer.
   */
  idle: boolean;
}

type Step = 'done' | 'more' | 'busy';

/**
 * The oldest transaction still running that could yet commit rows into this database's outbox: below it
 * every row is final. Transaction ids are the server's, so the plain `pg_snapshot_xmin` would also wait for
 * long transactions in other databases of the same server (a bulk load, a migration, another test run held
 * events back for a minute). Transactions that `pg_stat_activity` shows in another database are left out;
 * anything it cannot place (subtransactions, prepared transactions, a backend that just ended) still holds
 * the horizon back, so a mistake can only delay events, never skip one. `backend_xid` is 32 bits, the
 * snapshot's ids 64: running transactions are within 2^31 of each other, so the low 32 bits identify them.
 * One statement: the snapshot is the statement's, the same one its rows are read in.
 */
const HORIZON = sql`coalesce(
  (SELECT min(x::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) x
    WHERE (x::text::bigint & 4294967295) NOT IN (
      SELECT a.backend_xid::text::bigint FROM pg_stat_activity a
      WHERE a.backend_xid IS NOT NULL AND a.datname IS DISTINCT FROM current_database())),
  pg_snapshot_xmax(pg_current_snapshot())::text::bigint)`;

export class EventBus {
  readonly #database: Database;
  readonly #db: Db;
  readonly #databaseUrl: string | null;
  readonly #log: Logger;
  readonly #pollMs: number;
  readonly #clock: Clock;
  readonly #listeners = new Set<LiveListener>();
  readonly #consumers = new Map<string, ConsumerState>();
  #live: EventPosition | null = null;
  /** Events committed before the start that still lay beyond the horizon: the past, though read after it. */
  #committedBeforeStart = new Set<number>();
  #started = false;
  #stopping = false;
  #stopped: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<void> | null = null;
  #again = false;
  #readFailing = false;
  /** Committed events wait behind an older open transaction: look again soon rather than at the next poll. */
  #heldDelay = 0;
  #listen: { client: pg.Client | null; timer: NodeJS.Timeout | null; attempts: number; generation: number } = {
    client: null,
    timer: null,
    attempts: 0,
    generation: 0,
  };

  constructor(deps: {
    database: Database;
    databaseUrl: string | null;
    log: Logger;
    pollMs?: number;
    /** Writes the consumers' `updated_at` (default: the system clock). */
    clock?: Clock;
  }) {
    this.#database = deps.database;
    this.#db = deps.database.db;
    this.#databaseUrl = deps.databaseUrl;
    this.#log = deps.log;
    this.#pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
    this.#clock = deps.clock ?? systemClock;
  }

  /** Inside the caller's transaction: writes the events to the outbox (and, on PostgreSQL, pg_notify so other processes wake on commit). */
  async append(tx: Db, events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.insert(engineEvents).values(
      events.map((e) => ({
        type: e.type,
        caseId: e.caseId ?? null,
        payload: e.payload,
        at: e.at,
        ownerDivision: e.ownerDivision,
      })),
    );
    // Delivered when the transaction commits (never if it rolls back), once however many events it holds.
    if (this.#database.engine === 'postgres') await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, '')`);
  }

  /** After the caller's transaction committed: wakes this process's reader at once. */
  committed(): void {
    this.#wake();
  }

  /** Live, in-process, at-most-once: every event committed by any process from now on. Returns unsubscribe. */
  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** How many live listeners are subscribed (open SSE streams, mostly). */
  get liveListeners(): number {
    return this.#listeners.size;
  }

  /** Durable, at-least-once: the handler runs in a transaction that also stores the consumer's position; a failure retries the batch later (logged, with backoff). Register before start(). */
  registerConsumer(consumer: DurableConsumer): void {
    if (this.#started) throw new Error(`event consumer ${consumer.name} registered after the bus started`);
    if (this.#consumers.has(consumer.name)) throw new Error(`event consumer ${consumer.name} registered twice`);
    if (consumer.name.length === 0 || consumer.name.length > 60)
      throw new Error(`event consumer name must have 1–60 characters: ${consumer.name}`);
    this.#consumers.set(consumer.name, {
      consumer,
      queue: Promise.resolve(),
      failures: 0,
      retryAt: 0,
      idle: false,
    });
  }

  /** Events after a position, in commit-safe order (for SSE Last-Event-ID resumption and tests). */
  async readAfter(position: EventPosition, limit: number, db: Db = this.#db): Promise<EngineEvent[]> {
    return (await this.#read(position, limit, db)).events;
  }

  /**
   * The events after a position that are final — their transaction lies below the horizon (HORIZON) — and
   * whether committed events beyond them are held back by an older transaction still open.
   */
  async #read(position: EventPosition, limit: number, db: Db): Promise<{ events: EngineEvent[]; held: boolean }> {
    const n = Math.max(1, Math.min(Math.trunc(limit), 10_000));
    const found = await db
      .select({
        id: engineEvents.id,
        txId: engineEvents.txId,
        type: engineEvents.type,
        caseId: engineEvents.caseId,
        payload: engineEvents.payload,
        at: engineEvents.at,
        ownerDivision: engineEvents.ownerDivision,
        // Every transaction below the oldest one still running has finished: its rows are final. In
        // (tx_id, id) order the final rows come first.
        final: sql<boolean>`${engineEvents.txId} < ${HORIZON}`,
      })
      .from(engineEvents)
      .where(sql`(${engineEvents.txId}, ${engineEvents.id}) > (${position.txId}::bigint, ${position.id}::bigint)`)
      .orderBy(asc(engineEvents.txId), asc(engineEvents.id))
      .limit(n);
    const events: EngineEvent[] = [];
    for (const { final, ...event } of found) {
      if (!final) return { events, held: true };
      events.push(event);
    }
    return { events, held: false };
  }

  /** The consumer's stored position, or null before its first batch. */
  async positionOf(name: string, db: Db = this.#db): Promise<EventPosition | null> {
    const [row] = await db.select().from(eventConsumers).where(eq(eventConsumers.name, name));
    return row ? { txId: row.txId, id: row.eventId } : null;
  }

  /** LISTEN on PostgreSQL (dedicated pg.Client from databaseUrl, reconnecting), start the reader loop. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#rebaseForeign();
    // In one statement, so in one snapshot: the horizon, and what had committed beyond it already.
    const found = await rows<{ xmin: string; id: string | number | null }>(
      this.#db,
      sql`WITH h AS (SELECT ${HORIZON} AS xmin)
          SELECT h.xmin::text AS xmin, e.id FROM h LEFT JOIN ${engineEvents} e ON e.tx_id >= h.xmin`,
    );
    this.#live = { txId: Number(found[0]!.xmin) - 1, id: Number.MAX_SAFE_INTEGER };
    for (const r of found) if (r.id !== null) this.#committedBeforeStart.add(Number(r.id));
    if (this.#database.engine === 'postgres' && this.#databaseUrl) await this.#connectListener();
    this.#wake();
  }

  /** Idempotent; waits for an in-flight batch. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping = true;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      const listen = this.#listen;
      listen.generation++;
      if (listen.timer) clearTimeout(listen.timer);
      const client = listen.client;
      listen.client = null;
      await this.#pass;
      await Promise.all([...this.#consumers.values()].map((s) => s.queue));
      // A connection already lost may never answer the goodbye: do not let it hold the shutdown.
      if (client) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          client.end().catch(() => undefined),
          new Promise((r) => {
            timer = setTimeout(r, 2000);
            timer.unref();
          }),
        ]);
        clearTimeout(timer);
      }
      this.#listeners.clear();
    })();
    return this.#stopped;
  }

  /**
   * Resolves when every durable consumer has caught up with everything committed before the call (tests,
   * shutdown). Handles the batches itself, without waiting for a backoff; a handler's failure rejects it
   * (the batch stays in place and is retried).
   */
  async drain(): Promise<void> {
    const target = await this.#lastCommitted();
    if (!target) return;
    for (const state of this.#consumers.values()) {
      for (;;) {
        const position = await this.positionOf(state.consumer.name);
        if (position && comparePositions(position, target) >= 0) break;
        const step = await this.#step(state, true);
        // Held by another process, or waiting for an older transaction to finish: look again shortly.
        if (step !== 'more') await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  // ---- the reader loop

  #wake(): void {
    if (!this.#started || this.#stopping) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pass = (async () => {
      do {
        this.#again = false;
        await this.#runPass();
      } while (this.#again && !this.#stopping);
    })().finally(() => {
      this.#pass = null;
      if (!this.#stopping) this.#schedule();
    });
  }

  #schedule(): void {
    const now = Date.now();
    let delay = this.#heldDelay > 0 ? this.#heldDelay : this.#pollMs;
    for (const s of this.#consumers.values()) if (s.retryAt > now) delay = Math.min(delay, s.retryAt - now);
    this.#timer = setTimeout(() => this.#wake(), Math.max(delay, 10));
    this.#timer.unref();
  }

  async #runPass(): Promise<void> {
    try {
      // Whatever becomes readable reaches the live reader first (it reads from this process's start on; a
      // consumer is not idle before its first batch), so new events there are what wakes idle consumers.
      const fresh = await this.#deliverLive();
      for (const state of this.#consumers.values()) {
        if (this.#stopping) return;
        if (fresh > 0) state.idle = false;
        if (state.idle || state.retryAt > Date.now()) continue;
        for (let i = 0; i < BATCHES_PER_PASS; i++) {
          const step = await this.#step(state, false);
          if (step !== 'more') break;
          if (i === BATCHES_PER_PASS - 1) this.#again = true;
        }
      }
      if (this.#readFailing) this.#log.info('event outbox readable again');
      this.#readFailing = false;
    } catch (err) {
      if (!this.#readFailing) this.#log.error({ err }, 'reading the event outbox failed; retrying');
      this.#readFailing = true;
    }
  }

  /** Hands what became readable to the live listeners; returns how many events that was. */
  async #deliverLive(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const position = this.#live;
      if (!position) return delivered;
      const { events: batch, held } = await this.#read(position, LIVE_BATCH, this.#db);
      this.#heldDelay = held ? Math.min(Math.max(this.#heldDelay * 2, HELD_RECHECK_MS), this.#pollMs) : 0;
      delivered += batch.length;
      for (const event of batch) {
        this.#live = { txId: event.txId, id: event.id };
        if (this.#committedBeforeStart.delete(event.id)) continue;
        for (const listener of [...this.#listeners]) {
          try {
            listener(event);
          } catch (err) {
            this.#log.error({ err, eventId: event.id, type: event.type }, 'live event listener failed');
          }
        }
      }
      if (batch.length < LIVE_BATCH || this.#stopping) return delivered;
    }
  }

  /** One batch of one consumer, queued behind this process's other batches of it. */
  #step(state: ConsumerState, rethrow: boolean): Promise<Step> {
    const run = state.queue.then(() => this.#runBatch(state));
    state.queue = run.catch(() => undefined);
    return run.then(
      (step) => {
        if (state.failures > 0) this.#log.info({ consumer: state.consumer.name }, 'event consumer recovered');
        state.failures = 0;
        state.retryAt = 0;
        state.idle = step === 'done';
        return step;
      },
      (err: unknown) => {
        state.failures++;
        const backoff = Math.min(RETRY_BASE_MS * 2 ** (state.failures - 1), RETRY_MAX_MS);
        state.retryAt = Date.now() + backoff;
        this.#log.error(
          { err, consumer: state.consumer.name, failures: state.failures, retryInMs: backoff },
          'event consumer failed; the batch will be retried',
        );
        if (rethrow) throw err;
        return 'busy' as Step;
      },
    );
  }

  /**
   * In one transaction: take the consumer's lock (another process may hold it: then skip), read its
   * position and the next batch, run the handler and store the new position.
   */
  async #runBatch(state: ConsumerState): Promise<Step> {
    const { consumer } = state;
    const size = consumer.batchSize ?? DEFAULT_BATCH;
    return this.#db.transaction(async (tx) => {
      // An advisory lock rather than a row lock: it assigns no transaction id, so this transaction does not
      // hold back the horizon it is about to read below.
      const [locked] = await rows<{ ok: boolean }>(
        tx,
        sql`SELECT pg_try_advisory_xact_lock(${CONSUMER_LOCK}, hashtext(${consumer.name})) AS ok`,
      );
      if (!locked?.ok) return 'busy';
      const position = (await this.positionOf(consumer.name, tx)) ?? OUTBOX_START;
      const batch = await this.readAfter(position, size, tx);
      if (batch.length === 0) return 'done';
      await consumer.handle(batch, tx);
      const last = batch[batch.length - 1]!;
      const values = { txId: last.txId, eventId: last.id, updatedAt: this.#clock.now() };
      await tx
        .insert(eventConsumers)
        .values({ name: consumer.name, ...values })
        .onConflictDoUpdate({ target: eventConsumers.name, set: values });
      return batch.length < size ? 'done' : 'more';
    });
  }

  /**
   * Transaction ids belong to one database. Events restored or imported from another one may carry ids this
   * database has not reached yet: they would stay below no horizon, and new events would sort before them.
   * A committed row with an id at or past the horizon's end can only come from elsewhere: it moves to
   * transaction 0, before everything written here (consumer positions likewise; their event ids still order
   * the imported events among themselves).
   */
  async #rebaseForeign(): Promise<void> {
    const horizonEnd = sql`pg_snapshot_xmax(pg_current_snapshot())::text::bigint`;
    const [found] = await rows<{ foreign: boolean }>(
      this.#db,
      sql`SELECT EXISTS (SELECT 1 FROM ${engineEvents} WHERE ${engineEvents.txId} >= ${horizonEnd})
          OR EXISTS (SELECT 1 FROM ${eventConsumers} WHERE ${eventConsumers.txId} >= ${horizonEnd}) AS foreign`,
    );
    if (!found?.foreign) return;
    await this.#db.transaction(async (tx) => {
      await tx.update(engineEvents).set({ txId: 0 }).where(sql`${engineEvents.txId} >= ${horizonEnd}`);
      await tx.update(eventConsumers).set({ txId: 0 }).where(sql`${eventConsumers.txId} >= ${horizonEnd}`);
    });
    this.#log.warn('events from another database (restored or imported) moved before this database’s own');
  }

  /** The last event committed and visible now, or null when the outbox is empty. */
  async #lastCommitted(): Promise<EventPosition | null> {
    const [row] = await this.#db
      .select({ txId: engineEvents.txId, id: engineEvents.id })
      .from(engineEvents)
      .orderBy(desc(engineEvents.txId), desc(engineEvents.id))
      .limit(1);
    return row ?? null;
  }

  // ---- LISTEN (PostgreSQL)

  async #connectListener(): Promise<void> {
    const listen = this.#listen;
    const generation = ++listen.generation;
    const client = new pg.Client({ connectionString: this.#databaseUrl!, application_name: 'civicgrid-events' });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (generation !== listen.generation || this.#stopping) return;
      this.#log.warn({ err }, 'event notifications connection lost; reconnecting (polling meanwhile)');
      listen.client = null;
      void client.end().catch(() => undefined);
      this.#reconnectLater();
    };
    client.on('notification', () => this.#wake());
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (generation !== listen.generation || this.#stopping) {
      await client.end().catch(() => undefined);
      return;
    }
    listen.client = client;
    if (listen.attempts > 0) this.#log.info('event notifications connection restored');
    listen.attempts = 0;
    // Notifications sent while we were not listening are lost: catch up now.
    this.#wake();
  }

  #reconnectLater(): void {
    const listen = this.#listen;
    listen.attempts++;
    const delay = Math.min(1000 * 2 ** (listen.attempts - 1), RECONNECT_MAX_MS);
    listen.timer = setTimeout(() => {
      listen.timer = null;
      if (!this.#stopping) void this.#connectListener();
    }, delay);
    listen.timer.unref();
  }
}
