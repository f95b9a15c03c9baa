import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { openTestDatabase, TEST_DATABASE_URL, TEST_ENGINE } from '../../test/engines.ts';
import { type Database, rows } from '../db/database.ts';
import { ManualClock } from '../platform/clock.ts';
import { engineEvents, eventConsumers } from './engine.tables.ts';
import { type EngineEvent, EventBus, formatPosition, type NewEvent, OUTBOX_START, parsePosition } from './events.ts';

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const AT = new Date('2026-03-02T02:00:00Z');
const ev = (type: string, payload: Record<string, unknown> = {}, ownerDivision = '140403001'): NewEvent => ({
  type,
  payload,
  at: AT,
  ownerDivision,
});

/**
 * Waits for a condition that another part of the process makes true: at once as a rule, within a poll
 * (1 s) when the machine is busy.
 */
async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Concurrent transactions and other processes exist only on a PostgreSQL server: on the embedded engine these
 * cases do not arise, so they are registered only when the suite runs on PostgreSQL (each engine runs the suite).
 */
function onPostgres(name: string, fn: () => Promise<void>): void {
  if (TEST_ENGINE === 'postgres') test(name, fn);
}

describe(`event bus (${TEST_ENGINE})`, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  after(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function database(): Promise<Database> {
    const d = await openTestDatabase();
    cleanups.push(() => d.close());
    return d;
  }

  /** The URL of a test database on the PostgreSQL server (for the LISTEN connection). */
  async function urlOf(d: Database): Promise<string> {
    const [row] = await rows<{ name: string }>(d.db, sql`SELECT current_database() AS name`);
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${row!.name}`;
    return u.toString();
  }

  function bus(d: Database, options: { databaseUrl?: string | null; pollMs?: number } = {}): EventBus {
    const b = new EventBus({
      database: d,
      databaseUrl: options.databaseUrl ?? null,
      log,
      pollMs: options.pollMs ?? 50,
      clock: new ManualClock('2026-03-02T02:00:00Z'),
    });
    cleanups.push(() => b.stop());
    return b;
  }

  async function append(b: EventBus, d: Database, events: NewEvent[]): Promise<void> {
    await d.db.transaction((tx) => b.append(tx, events));
    b.committed();
  }

  test('a committed event reaches every live listener with its position, type, payload, time and owner', async () => {
    const d = await database();
    const b = bus(d);
    await b.start();
    const first: EngineEvent[] = [];
    const second: EngineEvent[] = [];
    b.subscribe((e) => first.push(e));
    const unsubscribe = b.subscribe((e) => second.push(e));

    await append(b, d, [
      { ...ev('case.opened', { number: '1404030001' }), caseId: '0195a1b2-0000-7000-8000-000000000001' },
      ev('calendar.changed', { date: '2026-05-01' }, ''),
    ]);
    await until(() => first.length === 2 && second.length === 2, 'both events at both listeners');
    const [opened, changed] = first;
    assert.equal(opened!.type, 'case.opened');
    assert.equal(opened!.caseId, '0195a1b2-0000-7000-8000-000000000001');
    assert.deepEqual(opened!.payload, { number: '1404030001' });
    assert.equal(opened!.at.toISOString(), AT.toISOString());
    assert.equal(opened!.ownerDivision, '140403001');
    assert.equal(changed!.caseId, null);
    assert.equal(changed!.ownerDivision, '');
    assert.equal(opened!.txId, changed!.txId, 'one transaction, one txId');
    assert.ok(changed!.id > opened!.id, 'ids grow within a transaction');
    assert.deepEqual(parsePosition(formatPosition(opened!)), { txId: opened!.txId, id: opened!.id });

    unsubscribe();
    await append(b, d, [ev('case.action')]);
    await until(() => first.length === 3, 'the third event at the remaining listener');
    assert.equal(second.length, 2, 'an unsubscribed listener hears nothing more');
  });

  test('a live listener hears only what commits after the bus started', async () => {
    const d = await database();
    const writer = bus(d);
    await append(writer, d, [ev('before.start')]);
    const b = bus(d);
    await b.start();
    const heard: string[] = [];
    b.subscribe((e) => heard.push(e.type));
    await append(b, d, [ev('after.start')]);
    await until(() => heard.length > 0, 'the new event');
    assert.deepEqual(heard, ['after.start']);
  });

  test('a rolled-back transaction’s events are never delivered, live or to a durable consumer', async () => {
    const d = await database();
    const b = bus(d);
    const consumed: string[] = [];
    b.registerConsumer({
      name: 'test.rollback',
      handle: async (events) => {
        consumed.push(...events.map((e) => e.type));
      },
    });
    await b.start();
    const heard: string[] = [];
    b.subscribe((e) => heard.push(e.type));

    await assert.rejects(
      d.db.transaction(async (tx) => {
        await b.append(tx, [ev('rolled.back'), ev('rolled.back.too')]);
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    b.committed();
    await append(b, d, [ev('kept')]);
    await until(() => heard.length > 0, 'the committed event');
    await b.drain();
    assert.deepEqual(heard, ['kept']);
    assert.deepEqual(consumed, ['kept']);
    assert.deepEqual(
      (await b.readAfter(OUTBOX_START, 100)).map((e) => e.type),
      ['kept'],
      'the outbox holds only what committed',
    );
  });

  test('a durable consumer resumes from its stored position after a restart, and a batch whose handler threw is delivered again', async () => {
    const d = await database();
    const seen: string[] = [];
    const first = bus(d);
    first.registerConsumer({
      name: 'test.resume',
      batchSize: 10,
      handle: async (events) => {
        seen.push(...events.map((e) => e.type));
      },
    });
    await first.start();
    await append(first, d, [ev('e1'), ev('e2')]);
    await first.drain();
    assert.deepEqual(seen, ['e1', 'e2']);
    const stored = await first.positionOf('test.resume');
    const [last] = (await first.readAfter(OUTBOX_START, 100)).slice(-1);
    assert.deepEqual(stored, { txId: last!.txId, id: last!.id }, 'the position is the last event handled');
    await first.stop();
    await first.stop(); // idempotent

    // Written while no consumer runs.
    await append(first, d, [ev('e3')]);
    await append(first, d, [ev('e4')]);

    const second = bus(d);
    let calls = 0;
    const batches: string[][] = [];
    second.registerConsumer({
      name: 'test.resume',
      batchSize: 10,
      handle: async (events, tx) => {
        calls++;
        batches.push(events.map((e) => e.type));
        // A handler's writes share the batch's fate: this event must vanish with the failed attempt.
        if (events.some((e) => e.type === 'e3')) await second.append(tx, [ev(`written.by.handler.${calls}`)]);
        if (calls === 1) throw new Error('handler failed once');
      },
    });
    await assert.rejects(second.drain(), /handler failed once/);
    assert.deepEqual(await second.positionOf('test.resume'), stored, 'a failed batch leaves the position');
    await second.drain();
    await second.drain(); // what the handler wrote, committed after the previous drain began
    assert.deepEqual(batches.slice(0, 2), [
      ['e3', 'e4'],
      ['e3', 'e4'],
    ]);
    assert.deepEqual(batches.slice(2).flat(), ['written.by.handler.2'], 'then what the successful attempt wrote');
    const types = (await second.readAfter(OUTBOX_START, 100)).map((e) => e.type);
    assert.ok(!types.includes('written.by.handler.1'), 'the failed attempt’s writes were rolled back');
    assert.deepEqual(seen, ['e1', 'e2'], 'the first bus, stopped, handled nothing more');
  });

  test('a failing consumer is retried by the bus itself, with backoff, while others carry on', async () => {
    const d = await database();
    const b = bus(d);
    let attempts = 0;
    const healthy: string[] = [];
    const flaky: string[] = [];
    b.registerConsumer({
      name: 'test.flaky',
      handle: async (events) => {
        attempts++;
        if (attempts === 1) throw new Error('not yet');
        flaky.push(...events.map((e) => e.type));
      },
    });
    b.registerConsumer({
      name: 'test.healthy',
      handle: async (events) => {
        healthy.push(...events.map((e) => e.type));
      },
    });
    assert.throws(() => b.registerConsumer({ name: 'test.healthy', handle: async () => {} }), /twice/);
    await b.start();
    assert.throws(() => b.registerConsumer({ name: 'test.late', handle: async () => {} }), /after the bus started/);
    await append(b, d, [ev('x')]);
    await until(() => healthy.length === 1, 'the healthy consumer');
    await until(() => flaky.length === 1, 'the retry of the failed batch');
    assert.equal(attempts, 2);
  });

  test('readAfter pages through the outbox in (txId, id) order from any position', async () => {
    const d = await database();
    const b = bus(d);
    await append(b, d, [ev('a1'), ev('a2')]);
    await append(b, d, [ev('b1')]);
    await append(b, d, [ev('c1'), ev('c2')]);
    // Final once no older transaction on the server is open any more.
    await until(async () => (await b.readAfter(OUTBOX_START, 100)).length === 5, 'all five events final');
    const all = await b.readAfter(OUTBOX_START, 100);
    assert.deepEqual(
      all.map((e) => e.type),
      ['a1', 'a2', 'b1', 'c1', 'c2'],
    );
    const page1 = await b.readAfter(OUTBOX_START, 2);
    const page2 = await b.readAfter(page1[1]!, 2);
    const page3 = await b.readAfter(page2[1]!, 2);
    assert.deepEqual(
      [...page1, ...page2, ...page3].map((e) => e.type),
      all.map((e) => e.type),
    );
    assert.deepEqual(await b.readAfter(all[4]!, 10), []);
  });

  test('events restored from a database further along are moved before this database’s own, positions with them', async () => {
    const d = await database();
    const b = bus(d);
    const consumed: string[] = [];
    // As a restore leaves them: transaction ids this database has not reached, a consumer part-way through.
    const [{ xid }] = (await rows<{ xid: string }>(d.db, sql`SELECT pg_current_xact_id()::text AS xid`)) as [
      { xid: string },
    ];
    const far = Number(xid) + 1_000_000;
    await d.db.insert(engineEvents).values([
      { txId: far, type: 'old.1', payload: {}, at: AT, ownerDivision: '' },
      { txId: far, type: 'old.2', payload: {}, at: AT, ownerDivision: '' },
      { txId: far + 5, type: 'old.3', payload: {}, at: AT, ownerDivision: '' },
    ]);
    const [old1] = await d.db.select().from(engineEvents).orderBy(engineEvents.id).limit(1);
    await d.db.insert(eventConsumers).values({ name: 'test.restored', txId: far, eventId: old1!.id, updatedAt: AT });
    b.registerConsumer({
      name: 'test.restored',
      handle: async (events) => {
        consumed.push(...events.map((e) => e.type));
      },
    });
    await b.start();
    await append(b, d, [ev('new.1')]);
    await b.drain();
    assert.deepEqual(consumed, ['old.2', 'old.3', 'new.1']);
  });

  onPostgres(
    'an event whose transaction commits after a later one’s is delivered once, in commit-safe order',
    async () => {
      const d = await database();
      const b = bus(d);
      const consumed: EngineEvent[] = [];
      b.registerConsumer({
        name: 'test.out-of-order',
        handle: async (events) => {
          consumed.push(...events);
        },
      });
      await b.start();
      const heard: string[] = [];
      b.subscribe((e) => heard.push(e.type));

      // Transaction A appends first (lower id, lower transaction id) and stays open.
      let releaseA!: () => void;
      const aMayCommit = new Promise<void>((r) => {
        releaseA = r;
      });
      let aAppended!: () => void;
      const aHasAppended = new Promise<void>((r) => {
        aAppended = r;
      });
      const txA = d.db.transaction(async (tx) => {
        await b.append(tx, [ev('A')]);
        aAppended();
        await aMayCommit;
      });
      await aHasAppended;
      // Transaction B appends and commits while A is open.
      await append(b, d, [ev('B')]);
      // The reader and the consumer run several times meanwhile; neither may move past A's place.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(heard.length, 0, 'B is held back while an older transaction may still commit');
      assert.equal(consumed.length, 0, 'the consumer does not move past A either');
      assert.deepEqual(await b.readAfter(OUTBOX_START, 10), []);

      releaseA();
      await txA;
      b.committed();
      await b.drain();
      await until(() => heard.length === 2, 'both events live');
      assert.deepEqual(
        consumed.map((e) => e.type),
        ['A', 'B'],
        'each once, A first',
      );
      assert.deepEqual(heard, ['A', 'B']);
      assert.ok(consumed[0]!.id < consumed[1]!.id, 'A took the lower id');
      assert.ok(consumed[0]!.txId < consumed[1]!.txId, 'and the older transaction');
    },
  );

  onPostgres(
    'a transaction held open in another database does not hold events back; one in this database does, until it ends',
    async () => {
      const d = await database();
      // Polling once a minute: only the wake-up on commit and the re-check of held-back events deliver in time.
      const b = bus(d, { pollMs: 60_000 });
      await b.start();
      const heard: string[] = [];
      b.subscribe((e) => heard.push(e.type));
      const openWriteTransaction = async (url: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        cleanups.push(() => client.end());
        await client.query('BEGIN');
        await client.query('SELECT pg_current_xact_id()');
        return client;
      };

      // Transaction ids are the server's: the plain snapshot horizon would wait for this one.
      const elsewhere = await openWriteTransaction(TEST_DATABASE_URL);
      await append(b, d, [ev('not.held')]);
      await until(() => heard.length === 1, 'the event, with another database’s transaction open', 5_000);

      const here = await openWriteTransaction(await urlOf(d));
      await append(b, d, [ev('held')]);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(heard, ['not.held'], 'held back while an older transaction of this database is open');
      const released = Date.now();
      await here.query('COMMIT');
      await until(() => heard.length === 2, 'the held-back event');
      const after = Date.now() - released;
      console.log(`# delivered ${after} ms after the other transaction ended (the poll would take 60 s)`);
      assert.ok(after < 5_000, `followed the commit within ${after} ms`);
      await elsewhere.query('COMMIT');
    },
  );

  onPostgres('a bus in another process wakes on NOTIFY as soon as the writer commits', async () => {
    const d = await database();
    const writer = bus(d);
    // Polling once a minute: only the notification can wake it in time.
    const reader = bus(d, { databaseUrl: await urlOf(d), pollMs: 60_000 });
    await reader.start();
    const heard: string[] = [];
    reader.subscribe((e) => heard.push(e.type));
    // Not writer.committed(): that wakes only the writer's own process.
    await d.db.transaction((tx) => writer.append(tx, [ev('over.the.wire')]));
    await until(() => heard.length === 1, 'the notified event');
    assert.deepEqual(heard, ['over.the.wire']);
  });
});
