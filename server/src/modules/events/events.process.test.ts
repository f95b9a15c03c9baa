import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pino from 'pino';
import { createEmptyPostgresDatabase } from '../../../test/engines.ts';
import { type ServerProcess, startServer } from '../../../test/processes.ts';
import { connectSse, type SseMessage } from '../../../test/sse.ts';
import { openDatabase } from '../../db/database.ts';
import { EventBus } from '../../engine/events.ts';

// Process tests run against the PostgreSQL server (scripts/test.mjs runs them once, not per engine).
const TOKEN = 'events-process-operator-token-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const ofType = (type: string) => (m: SseMessage) => m.event === type;

test('an event caused through one server process reaches a live SSE client of another within seconds', async () => {
  const database = await createEmptyPostgresDatabase();
  cleanups.push(database.drop);
  const env = {
    DATABASE_URL: database.url,
    CIVICGRID_OPERATOR_TOKEN: TOKEN,
    // Processes sharing one database share its personal-data keys.
    CIVICGRID_DATA_KEYS: JSON.stringify({
      active: 'k1',
      keys: { k1: Buffer.alloc(32, 7).toString('base64') },
      index: Buffer.alloc(32, 9).toString('base64'),
    }),
  };
  const start = async (): Promise<ServerProcess> => {
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-events-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const s = await startServer(['--data-dir', dir], env);
    cleanups.push(async () => s.child.exitCode === null && s.kill9());
    return s;
  };
  const [a, b] = await Promise.all([start(), start()]);
  const auth = { authorization: `Bearer ${TOKEN}` };

  // A live client of process B (the operator: installation scope).
  const stream = await connectSse(`${b.url}/api/events/stream`, auth);
  cleanups.push(async () => stream.close());
  assert.equal(stream.status, 200, stream.text());
  await stream.next((m) => m.retry !== undefined);

  // A real change through process A: a local holiday emits calendar.changed (installation-wide).
  const started = Date.now();
  const put = await fetch(`${a.url}/api/calendar/days/2026-10-09`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'holiday', name: '事件测试假日' }),
  });
  assert.equal(put.status, 200, await put.clone().text());
  const changed = await stream.next(ofType('calendar.changed'), 5000);
  const elapsed = Date.now() - started;
  console.log(`# calendar.changed reached the other process's SSE client ${elapsed} ms after the PUT was sent`);
  const body = JSON.parse(changed.data) as { id: string; payload: { dates: string[] }; ownerDivision: string };
  assert.deepEqual(body.payload.dates, ['2026-10-09']);
  assert.equal(body.ownerDivision, '');
  assert.equal(changed.id, body.id);

  // A third writer (this test process, with its own bus and no LISTEN) appends to the outbox directly.
  const direct = await openDatabase({ databaseUrl: database.url, dataDir: '', poolSize: 2 });
  cleanups.push(() => direct.close());
  const writer = new EventBus({ database: direct, databaseUrl: null, log: pino({ level: 'silent' }) });
  await direct.db.transaction((tx) =>
    writer.append(tx, [{ type: 'test.direct', payload: { n: 1 }, at: new Date(), ownerDivision: '' }]),
  );
  await stream.next(ofType('test.direct'), 5000);

  // A client of process A resuming after the calendar event gets the direct one from the outbox.
  const resumed = await connectSse(`${a.url}/api/events/stream`, { ...auth, 'last-event-id': changed.id! });
  cleanups.push(async () => resumed.close());
  const replayed = await resumed.next((m) => m.event !== undefined, 5000);
  assert.equal(replayed.event, 'test.direct', 'replayed from the outbox on the other process');

  // A server with a stream open still shuts down cleanly and at once.
  const stopping = Date.now();
  assert.equal(await b.stop(), 0);
  assert.ok(Date.now() - stopping < 10_000, 'the open stream did not hold the shutdown');
  await stream.ended;
  resumed.close();
  assert.equal(await a.stop(), 0);
});
