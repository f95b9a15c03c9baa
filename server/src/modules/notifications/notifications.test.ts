import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import type { NewEvent } from '../../engine/events.ts';
import { operatorActor } from '../../platform/access.ts';
import { newId } from '../../platform/ids.ts';

interface NotificationJson {
  id: string;
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  taskId: string | null;
  caseNumber: string | null;
  dueAt: string | null;
  recipient: 'account' | 'unit';
  unitId: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}
interface PageJson {
  items: NotificationJson[];
  total: number;
  page: number;
  pageSize: number;
}

// Monday 2026-03-02, 10:00 in Shanghai.
const NOW = '2026-03-02T02:00:00Z';

describe('the notification inbox, filled from the case engine’s events', () => {
  let t: TestApp;
  let unit: string;
  let otherUnit: string;
  let gridworkerId: string;
  const as: Record<string, Record<string, string>> = {};

  before(async () => {
    t = await createTestApp({ demo: true, now: NOW });
    const op = operatorActor();
    // A department serving 东街街道 (140403001), with two members; and a unit of the next town.
    unit = (
      await t.ctx.access.createOrgUnit(op, { name: '东街城管中队', kind: 'department', divisionCode: '140403001' })
    ).id;
    otherUnit = (
      await t.ctx.access.createOrgUnit(op, { name: '西街城管中队', kind: 'department', divisionCode: '140403002' })
    ).id;
    const grant = async (username: string, role: string, orgUnit: string) => {
      const account = await t.ctx.identity.findByUsername(username);
      assert.ok(account, `the demo account ${username} exists`);
      await t.ctx.access.grant(op, {
        accountId: account.id,
        roleCode: role,
        scopeKind: 'org_unit',
        scopeValues: [orgUnit],
      });
      return account.id;
    };
    await grant('handler', 'handler', unit);
    await grant('stationstaff', 'stationstaff', unit);
    await grant('supervisor', 'supervisor', otherUnit);
    gridworkerId = (await t.ctx.identity.findByUsername('gridworker'))!.id;
    for (const u of ['handler', 'stationstaff', 'supervisor', 'gridworker']) as[u] = await loginAs(t, u);
  });
  after(() => t?.close());

  const caseId = newId();
  const assigned = (over: Record<string, unknown> = {}): NewEvent => ({
    type: 'case.task.assigned',
    caseId,
    payload: {
      caseId,
      taskId: newId(),
      kind: 'lead',
      workflow: 'city-management',
      assigneeUnit: unit,
      assigneeAccount: null,
      number: '1404032026030200001',
      title: '人行道暴露垃圾',
      ...over,
    },
    at: t.clock.now(),
    ownerDivision: '140403001001',
  });
  const deadline = (status: string, over: Record<string, unknown> = {}): NewEvent => ({
    type: 'case.deadline.status',
    caseId,
    payload: {
      caseId,
      clock: 'handling',
      taskId: newId(),
      status,
      dueAt: '2026-03-02T08:30:00.000Z',
      assigneeUnit: unit,
      assigneeAccount: null,
      number: '1404032026030200001',
      title: '人行道暴露垃圾',
      ...over,
    },
    at: t.clock.now(),
    ownerDivision: '140403001001',
  });
  const emit = async (events: NewEvent[]) => {
    await t.ctx.database.db.transaction((tx) => t.ctx.events.append(tx, events));
    t.ctx.events.committed();
    await t.ctx.events.drain();
  };
  const list = async (who: string, query = '', lang = 'zh-CN') => {
    const r = await t.inject({
      method: 'GET',
      url: `/api/notifications${query}`,
      headers: { ...as[who], 'accept-language': lang },
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as PageJson;
  };
  const unread = async (who: string) => {
    const r = await t.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: as[who] });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { count: number }).count;
  };
  const rowCount = async () =>
    Number((await t.ctx.database.query<{ n: string }>('SELECT count(*)::text AS n FROM notification'))[0]!.n);

  test('the consumer makes one notification per event, even when a batch is delivered again', async () => {
    const before = await rowCount();
    await emit([
      assigned(),
      deadline('yellow'),
      deadline('red'),
      deadline('green'),
      {
        type: 'case.opened',
        caseId,
        payload: { assigneeUnit: unit },
        at: t.clock.now(),
        ownerDivision: '140403001001',
      },
      assigned({ assigneeUnit: 'not-a-unit', assigneeAccount: null }),
      assigned({ assigneeUnit: null, assigneeAccount: null }),
    ]);
    assert.equal((await rowCount()) - before, 3, 'assigned, yellow and red; the rest make nothing');

    // As after a crash between handling a batch and storing the position: everything comes again.
    await t.ctx.database.query("UPDATE event_consumer SET tx_id = 0, event_id = 0 WHERE name = 'notifications'");
    await t.ctx.events.drain();
    assert.equal((await rowCount()) - before, 3, 'a re-delivered event makes no second notification');

    // And a handler given the same batch twice in a row.
    const events = await t.ctx.events.readAfter({ txId: 0, id: 0 }, 1000);
    const consumer = t.ctx.notifications.consumer();
    await t.ctx.database.db.transaction((tx) => consumer.handle(events, tx));
    await t.ctx.database.db.transaction((tx) => consumer.handle(events, tx));
    assert.equal((await rowCount()) - before, 3, 'handled three times, still one each');
  });

  test('a unit’s notification reaches each of its members, in their language, and nobody else', async () => {
    const handler = await list('handler', '?pageSize=200');
    const staff = await list('stationstaff', '?pageSize=200');
    assert.equal(handler.total, 3, 'the first member sees the three');
    assert.deepEqual(
      staff.items.map((n) => n.id),
      handler.items.map((n) => n.id),
      'the other member sees the same',
    );
    assert.deepEqual(handler.items.map((n) => n.kind).sort(), ['deadline.red', 'deadline.yellow', 'task.assigned']);
    const task = handler.items.find((n) => n.kind === 'task.assigned')!;
    assert.equal(task.recipient, 'unit');
    assert.equal(task.unitId, unit);
    assert.equal(task.caseId, caseId);
    assert.equal(task.caseNumber, '1404032026030200001');
    assert.equal(task.title, '新任务:1404032026030200001(人行道暴露垃圾)');
    assert.match(task.body, /「主办」任务/);
    assert.equal(task.read, false);
    assert.equal(task.createdAt, '2026-03-02T10:00:00+08:00');
    const red = handler.items.find((n) => n.kind === 'deadline.red')!;
    assert.equal(red.dueAt, '2026-03-02T16:30:00+08:00', 'the due time in business time');
    assert.match(red.title, /^已超时/);
    assert.match(red.body, /2026-03-02 16:30/);

    const english = await list('handler', '?pageSize=200', 'en-US');
    const yellow = english.items.find((n) => n.kind === 'deadline.yellow')!;
    assert.equal(yellow.title, 'Deadline approaching (yellow card): 1404032026030200001 (人行道暴露垃圾)');
    assert.match(yellow.body, /is due at 2026-03-02 16:30/);

    assert.equal((await list('supervisor')).total, 0, 'a member of the next town’s unit sees none of it');
    assert.equal((await list('gridworker')).total, 0, 'nor does a user of the same town outside the unit');
    const r = await t.inject({ method: 'GET', url: '/api/notifications', headers: t.operator });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as PageJson).total, 0, 'the operator has no inbox');
  });

  test('a notification addressed to an account is that account’s alone', async () => {
    await emit([assigned({ assigneeAccount: gridworkerId, assigneeUnit: unit, kind: 'check' })]);
    const mine = await list('gridworker');
    assert.equal(mine.total, 1);
    assert.equal(mine.items[0]!.recipient, 'account');
    assert.match(mine.items[0]!.body, /「核查」任务/);
    assert.equal((await list('handler')).total, 3, 'the unit named beside the account is not told');
  });

  test('read state is per account: reading one, reading all, and counts', async () => {
    assert.equal(await unread('handler'), 3);
    assert.equal(await unread('stationstaff'), 3);
    const [first] = (await list('handler')).items;
    const read = await t.inject({ method: 'POST', url: `/api/notifications/${first!.id}/read`, headers: as.handler });
    assert.equal(read.statusCode, 200, read.body);
    const marked = read.json() as NotificationJson;
    assert.equal(marked.read, true);
    assert.equal(marked.readAt, '2026-03-02T10:00:00+08:00');
    t.clock.advance(60_000);
    const again = await t.inject({ method: 'POST', url: `/api/notifications/${first!.id}/read`, headers: as.handler });
    assert.equal((again.json() as NotificationJson).readAt, marked.readAt, 'reading again keeps the first time');

    assert.equal(await unread('handler'), 2);
    assert.equal(await unread('stationstaff'), 3, 'the other member’s copy is still unread');
    const unreadOnly = await list('handler', '?unread=true');
    assert.equal(unreadOnly.total, 2);
    assert.ok(!unreadOnly.items.some((n) => n.id === first!.id), 'the read one is left out of unread=true');

    const all = await t.inject({ method: 'POST', url: '/api/notifications/read-all', headers: as.handler });
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(all.json(), { marked: 2 });
    assert.equal(await unread('handler'), 0);
    assert.equal(await unread('stationstaff'), 3);
    assert.equal(await unread('gridworker'), 1);
    const none = await t.inject({ method: 'POST', url: '/api/notifications/read-all', headers: as.handler });
    assert.deepEqual(none.json(), { marked: 0 });
  });

  test('someone else’s notification is not found, in the caller’s language', async () => {
    const [theirs] = (await list('gridworker')).items;
    for (const [lang, message] of [
      ['en-US', `Notification ${theirs!.id} not found`],
      ['zh-CN', `未找到通知 ${theirs!.id}`],
    ] as const) {
      const r = await t.inject({
        method: 'POST',
        url: `/api/notifications/${theirs!.id}/read`,
        headers: { ...as.handler, 'accept-language': lang },
      });
      assert.equal(r.statusCode, 404, r.body);
      assert.deepEqual(r.json(), { error: { code: 'NOTIFICATION_NOT_FOUND', message, details: null } });
    }
    assert.equal(await unread('gridworker'), 1, 'and it stays unread for its owner');
    const anonymous = await t.inject({ method: 'GET', url: '/api/notifications/unread-count' });
    assert.equal(anonymous.statusCode, 401, anonymous.body);
  });
});
