import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import { injectSse, type SseClient, type SseMessage } from '../../../test/sse.ts';
import type { NewEvent } from '../../engine/events.ts';
import { operatorActor } from '../../platform/access.ts';
import { REPLAY_LIMIT } from './events.service.ts';

interface EventJson {
  id: string;
  type: string;
  caseId: string | null;
  payload: Record<string, unknown>;
  at: string;
  ownerDivision: string;
}

const data = (m: SseMessage) => JSON.parse(m.data) as EventJson;
const ofType = (type: string) => (m: SseMessage) => m.event === type;

describe('live updates over Server-Sent Events', () => {
  let t: TestApp;
  let unit: string;
  const as: Record<string, Record<string, string>> = {};
  const open: SseClient[] = [];

  before(async () => {
    t = await createTestApp({ demo: true });
    // The grid worker (东街街道, 140403001) also belongs to a department of that town.
    const op = operatorActor();
    unit = (
      await t.ctx.access.createOrgUnit(op, { name: '东街城管中队', kind: 'department', divisionCode: '140403001' })
    ).id;
    const gridworker = await t.ctx.identity.findByUsername('gridworker');
    assert.ok(gridworker, 'the demo grid worker exists');
    await t.ctx.access.grant(op, {
      accountId: gridworker.id,
      roleCode: 'gridworker',
      scopeKind: 'org_unit',
      scopeValues: [unit],
    });
    as.gridworker = await loginAs(t, 'gridworker');
  });
  after(async () => {
    for (const c of open) c.close();
    await t?.close();
  });

  const emit = async (...events: NewEvent[]) => {
    await t.ctx.database.db.transaction((tx) => t.ctx.events.append(tx, events));
    t.ctx.events.committed();
  };
  /** Emits and waits until the bus has handed the events to live listeners (so a stream opened now missed them). */
  const emitBefore = async (...events: NewEvent[]) => {
    const last = events.at(-1)!.type;
    let heard = false;
    const unsubscribe = t.ctx.events.subscribe((e) => {
      if (e.type === last) heard = true;
    });
    await emit(...events);
    const deadline = Date.now() + 15_000;
    while (!heard && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    unsubscribe();
    assert.ok(heard, `the bus delivered ${last}`);
  };
  const event = (type: string, ownerDivision: string, payload: Record<string, unknown> = {}): NewEvent => ({
    type,
    payload,
    at: t.clock.now(),
    ownerDivision,
  });
  const connect = async (headers: Record<string, string>, query = '') => {
    const client = await injectSse(t.app, { method: 'GET', url: `/api/events/stream${query}`, headers });
    open.push(client);
    assert.equal(client.status, 200, client.text());
    assert.match(String(client.headers['content-type']), /^text\/event-stream/);
    assert.equal(client.headers['cache-control'], 'no-cache, no-transform');
    return client;
  };

  test('a signed-in user gets, live, the events of their area, installation-wide ones and their unit’s tasks — nothing else', async () => {
    const stream = await connect(as.gridworker!);
    const hint = await stream.next((m) => m.retry !== undefined);
    assert.equal(hint.retry, 2000, 'the stream opens with a reconnection hint');
    await emit(
      event('case.opened', '140403001001', { number: 'A' }),
      event('case.opened', '140404001001', { number: 'other county' }),
      event('calendar.changed', '', { date: '2026-05-01' }),
      event('case.task.assigned', '140431', { number: 'their unit, elsewhere', assigneeUnit: unit }),
      event('case.task.assigned', '140431', {
        number: 'not theirs',
        assigneeUnit: '0195a1b2-0000-7000-8000-00000000000f',
      }),
      event('done', ''),
    );
    await stream.next(ofType('done'));
    const got = stream.messages().filter((m) => m.event);
    assert.deepEqual(
      got.map((m) => `${m.event} ${String(data(m).payload.number ?? '')}`),
      ['case.opened A', 'calendar.changed ', 'case.task.assigned their unit, elsewhere', 'done '],
    );
    const first = got[0]!;
    const json = data(first);
    assert.equal(first.id, json.id, 'the SSE id is the event id');
    assert.match(first.id!, /^\d+\.\d+$/);
    assert.equal(json.at, '2026-03-02T10:00:00+08:00', 'business time with offset');
    assert.equal(json.ownerDivision, '140403001001');
    assert.equal(json.caseId, null);
  });

  test('Last-Event-ID replays what the client missed, then goes on live, each event once', async () => {
    await emitBefore(event('r.1', ''), event('r.2', ''));
    await emitBefore(event('r.3', ''));
    const seen = await t.ctx.events.readAfter({ txId: 0, id: 0 }, 10_000);
    const r1 = seen.find((e) => e.type === 'r.1')!;
    const stream = await connect({ ...t.operator, 'last-event-id': `${r1.txId}.${r1.id}` });
    await stream.next(ofType('r.3'));
    await emit(event('r.4', ''));
    await stream.next(ofType('r.4'));
    const types = stream
      .messages()
      .filter((m) => m.event?.startsWith('r.'))
      .map((m) => m.event);
    assert.deepEqual(types, ['r.2', 'r.3', 'r.4']);
  });

  test('types= keeps only the types asked for', async () => {
    const stream = await connect(t.operator, '?types=t.wanted,t.end');
    await emit(event('t.other', ''), event('t.wanted', ''), event('t.other', ''), event('t.end', ''));
    await stream.next(ofType('t.end'));
    assert.deepEqual(
      stream
        .messages()
        .filter((m) => m.event)
        .map((m) => m.event),
      ['t.wanted', 't.end'],
    );
  });

  test('a client further behind than the replay limit is told to resync, then gets what follows', async () => {
    await emitBefore(event('far.start', ''));
    const [start] = (await t.ctx.events.readAfter({ txId: 0, id: 0 }, 100_000)).filter((e) => e.type === 'far.start');
    await emitBefore(...Array.from({ length: REPLAY_LIMIT + 5 }, (_, i) => event(`far.${i}`, '')));
    const stream = await connect({ ...t.operator, 'last-event-id': `${start!.txId}.${start!.id}` });
    await stream.next(ofType('resync'));
    await emit(event('far.live', ''));
    await stream.next(ofType('far.live'));
    const messages = stream.messages().filter((m) => m.event);
    const replayed = messages.filter((m) => /^far\.\d+$/.test(m.event!));
    assert.equal(replayed.length, REPLAY_LIMIT, 'the replay stops at the limit');
    assert.deepEqual(JSON.parse(messages.find(ofType('resync'))!.data), {
      reason: 'replay-limit',
      limit: REPLAY_LIMIT,
    });
    assert.equal(messages.at(-1)!.event, 'far.live', 'then the stream goes on live');
  });

  test('bad requests get the error format in the caller’s language; anonymous callers 401', async () => {
    const bad = await t.inject({
      method: 'GET',
      url: '/api/events/stream',
      headers: { ...t.operator, 'last-event-id': 'yesterday', 'accept-language': 'en-US' },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(bad.json(), {
      error: {
        code: 'EVENT_ID_INVALID',
        message: 'Last-Event-ID "yesterday" is not an event id of this stream (<txId>.<id>)',
        details: null,
      },
    });
    const badTypes = await t.inject({ method: 'GET', url: '/api/events/stream?types=a,,b', headers: t.operator });
    assert.equal(badTypes.statusCode, 400, badTypes.body);
    assert.equal((badTypes.json() as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
    const anonymous = await t.inject({ method: 'GET', url: '/api/events/stream' });
    assert.equal(anonymous.statusCode, 401, anonymous.body);
  });

  test('a client hanging up unsubscribes; closing the server ends the streams still open', async () => {
    const before = t.ctx.events.liveListeners;
    const stream = await connect(t.operator);
    assert.equal(t.ctx.events.liveListeners, before + 1);
    stream.close();
    const deadline = Date.now() + 2000;
    while (t.ctx.events.liveListeners > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(t.ctx.events.liveListeners, before, 'the listener is gone with its client');

    const other = await createTestApp();
    const client = await injectSse(other.app, { method: 'GET', url: '/api/events/stream', headers: other.operator });
    assert.equal(client.status, 200, client.text());
    const started = Date.now();
    await other.close();
    await client.ended;
    assert.ok(Date.now() - started < 5000, 'the server closed without waiting for the stream');
  });
});
