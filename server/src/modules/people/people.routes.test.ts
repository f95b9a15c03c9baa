import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';
import { UNMASK_ACTION } from './people.service.ts';

const TOWN = '140403001';
const ID_CARD = '140403198506154321';

describe('people over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const create = (body: object, headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url: '/api/people', headers: { ...t.operator, ...headers }, payload: body });

  test('POST /api/people records a person once per Idempotency-Key and answers masked', async () => {
    const body = { displayName: '王秀英', ownerDivision: TOWN, phone: '+86 138 1234 5678', idCard: ID_CARD };
    const first = await create(body, { 'idempotency-key': 'person-1' });
    assert.equal(first.statusCode, 201, first.body);
    const person = first.json();
    assert.equal(person.phone, '138****5678');
    assert.equal(person.idCard, '140403********4321');
    assert.equal(person.address, null);
    assert.deepEqual(person.masked, { phone: true, idCard: true, address: false });
    assert.equal(person.createdAt, '2026-03-02T10:00:00+08:00');

    const again = await create(body, { 'idempotency-key': 'person-1' });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().id, person.id);
    const listed = await t.inject({ method: 'GET', url: '/api/people?q=王秀英', headers: t.operator });
    assert.equal(listed.json().total, 1, 'the retry created nobody');
  });

  test('GET never unmasks; POST …/unmask shows the fields asked for and puts the view on the record', async () => {
    const id = (
      await create({ displayName: '李建国', ownerDivision: TOWN, phone: '13812345678', idCard: ID_CARD })
    ).json().id;
    const got = await t.inject({ method: 'GET', url: `/api/people/${id}`, headers: t.operator });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().phone, '138****5678');

    const shown = await t.inject({
      method: 'POST',
      url: `/api/people/${id}/unmask`,
      headers: { ...t.operator, 'x-request-id': 'unmask-request-1' },
      payload: { fields: ['phone', 'idCard'] },
    });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.equal(shown.json().phone, '13812345678');
    assert.equal(shown.json().idCard, ID_CARD);
    assert.deepEqual(shown.json().masked, { phone: false, idCard: false, address: false });

    const records = await t.ctx.audit.list(
      operatorActor(),
      { page: 1, pageSize: 10, sort: [] },
      { action: UNMASK_ACTION, targetId: id },
    );
    assert.equal(records.total, 1);
    assert.equal(records.items[0]!.requestId, 'unmask-request-1');
    assert.equal(records.items[0]!.actorKind, 'operator');
    assert.deepEqual(records.items[0]!.details, { fields: ['phone', 'idCard'], revealed: ['phone', 'idCard'] });
  });

  test('the list finds by name, by a phone number in any format, and by division', async () => {
    const id = (await create({ displayName: '陈静', ownerDivision: '140403001001', phone: '13803551234' })).json().id;
    for (const query of ['q=陈', 'phone=%2B86%20138%200355%201234', 'q=138-0355-1234', 'division=140403001001']) {
      const res = await t.inject({ method: 'GET', url: `/api/people?${query}`, headers: t.operator });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().items.map((p: { id: string }) => p.id),
        [id],
        query,
      );
      assert.equal(res.json().items[0].phone, '138****1234');
    }
    const bad = await t.inject({ method: 'GET', url: '/api/people?phone=12', headers: t.operator });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'PERSON_PHONE_INVALID');
  });

  test('an invalid ID card is a 400 in the language asked for', async () => {
    const body = { displayName: '张三', ownerDivision: TOWN, idCard: '140403198506154322' };
    const zh = await create(body);
    assert.equal(zh.statusCode, 400);
    assert.equal(zh.json().error.code, 'PERSON_ID_CARD_INVALID');
    assert.match(zh.json().error.message, /身份证号码不正确/);
    const en = await create(body, { 'accept-language': 'en-US' });
    assert.match(en.json().error.message, /ID card number is not valid/);
  });

  test('PATCH changes a person; null removes a field', async () => {
    const id = (await create({ displayName: '吴敏', ownerDivision: TOWN, address: '潞州区西街1号' })).json().id;
    const res = await t.inject({
      method: 'PATCH',
      url: `/api/people/${id}`,
      headers: t.operator,
      payload: { address: null, phone: '0355-2021234' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().address, null);
    assert.equal(res.json().phone, '0355-****234');
  });

  test('refusals: anonymous 401, unknown person 404, bad unmask requests 400', async () => {
    const anonymous = await t.inject({ method: 'GET', url: '/api/people' });
    assert.equal(anonymous.statusCode, 401);
    const missing = await t.inject({
      method: 'GET',
      url: '/api/people/01900000-0000-7000-8000-000000000000',
      headers: t.operator,
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'PERSON_NOT_FOUND');
    const id = (await create({ displayName: '赵磊', ownerDivision: TOWN })).json().id;
    for (const fields of [[], ['name'], ['phone', 'phone']]) {
      const res = await t.inject({
        method: 'POST',
        url: `/api/people/${id}/unmask`,
        headers: t.operator,
        payload: { fields },
      });
      assert.equal(res.statusCode, 400, JSON.stringify(fields));
    }
  });

  test('neither the stored idempotent response nor the audit trail holds a plain number', async () => {
    await create(
      { displayName: '孙丽', ownerDivision: TOWN, phone: '13955557777', idCard: '11010519491231002X' },
      { 'idempotency-key': 'person-secret' },
    );
    await t.ctx.audit.settled();
    for (const table of ['person', 'idempotency_key', 'audit_record']) {
      const rows = await t.ctx.database.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM ${table} x`);
      assert.ok(rows.length > 0, table);
      for (const { row } of rows) {
        for (const secret of ['13955557777', '55557777', '11010519491231002X', '19491231']) {
          assert.ok(!row.includes(secret), `${table} holds ${secret}`);
        }
      }
    }
  });
});

describe('people for signed-in users (demo accounts)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ demo: true });
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.inject({ method: 'GET', url, headers });
  const unmask = (id: string, headers: Record<string, string>) =>
    t.inject({ method: 'POST', url: `/api/people/${id}/unmask`, headers, payload: { fields: ['phone'] } });

  test('a grid worker sees 138****…; an acceptor unmasks, and the audit log has the view', async () => {
    const gridWorker = await loginAs(t, 'gridworker');
    const acceptor = await loginAs(t, 'acceptor');
    const found = await get('/api/people?q=徐芳', gridWorker);
    assert.equal(found.statusCode, 200, found.body);
    const [person] = found.json().items;
    assert.match(person.phone, /^138\*{4}\d{4}$/);
    assert.equal(person.masked.phone, true);

    const refused = await unmask(person.id, gridWorker);
    assert.equal(refused.statusCode, 403);

    const shown = await unmask(person.id, acceptor);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.match(shown.json().phone, /^1380355\d{4}$/);
    assert.equal(shown.json().phone.slice(-4), person.phone.slice(-4));

    const me = (await get('/api/auth/me', acceptor)).json();
    const records = await t.ctx.audit.list(
      operatorActor(),
      { page: 1, pageSize: 10, sort: [] },
      { action: UNMASK_ACTION, targetId: person.id },
    );
    assert.equal(records.total, 1, 'the refused attempt unmasked nothing');
    assert.equal(records.items[0]!.actorKind, 'user');
    assert.equal(records.items[0]!.actorId, me.account.id);
  });

  test("a town's grid worker gets 404 for another town's person, who is in no list or count of theirs", async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/people',
      headers: t.operator,
      payload: { displayName: '邻镇居民', ownerDivision: '140403002', phone: '13700001234' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const gridWorker = await loginAs(t, 'gridworker');
    const mediator = await loginAs(t, 'mediator');
    assert.equal((await get(`/api/people/${id}`, gridWorker)).statusCode, 404);
    assert.equal((await unmask(id, mediator)).statusCode, 404, 'a town mediator may unmask, but not there');
    const patch = await t.inject({
      method: 'PATCH',
      url: `/api/people/${id}`,
      headers: gridWorker,
      payload: { displayName: '改名' },
    });
    assert.equal(patch.statusCode, 404);
    for (const query of ['', '?q=邻镇', '?phone=13700001234', '?division=140403002']) {
      // The demo town has dozens of grid staff: one page holds them all.
      const list = (await get(`/api/people${query}${query ? '&' : '?'}pageSize=200`, gridWorker)).json();
      assert.ok(!list.items.some((p: { id: string }) => p.id === id), query);
      assert.ok(
        list.items.every((p: { ownerDivision: string }) => p.ownerDivision.startsWith('140403001')),
        query,
      );
      assert.equal(list.total, list.items.length, query);
    }
    const acceptor = await loginAs(t, 'acceptor');
    assert.equal((await get(`/api/people/${id}`, acceptor)).statusCode, 200, 'the city sees it');
  });

  test('the system administrator reads no people and unmasks nothing (三员分立)', async () => {
    const admin = await loginAs(t, 'admin');
    assert.equal((await get('/api/people', admin)).statusCode, 403);
  });
});
