import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestApp, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { type Actor, operatorActor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

interface Rec {
  seq: number;
  occurredAt: string;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  ownerDivision: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

const version = (divisionCode: string, effectiveFrom: string, note = '夏季作息 张三 13800138000') => ({
  key: 'calendar.working-hours',
  divisionCode,
  effectiveFrom,
  value: { periods: [{ start: '08:30', end: '12:00' }] },
  note,
});

describe(`audit trail over HTTP (${TEST_ENGINE})`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00Z' });
  });
  afterEach(() => t.close());

  /** A write, once its audit record (written in the background) has landed: sequence numbers follow the calls. */
  const post = async (url: string, payload?: object, headers: Record<string, string> = t.operator) => {
    const r = await t.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
    await t.ctx.audit.settled();
    return r;
  };
  /** Audit records after the background writes of the requests so far have landed. */
  const records = async (query = ''): Promise<{ items: Rec[]; total: number }> => {
    await t.ctx.audit.settled();
    const r = await t.inject({ method: 'GET', url: `/api/admin/audit?${query}`, headers: t.operator });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { items: Rec[]; total: number };
  };

  test('a configuration change is recorded: who, what, which route, from where — and not the body', async () => {
    const r = await post('/api/admin/config/versions', version('1404', '2026-05-01'), {
      ...t.operator,
      'x-request-id': 'req-create-1',
    });
    assert.equal(r.statusCode, 201, r.body);
    const { items } = await records('action=http.write');
    assert.equal(items.length, 1);
    const rec = items[0]!;
    assert.equal(rec.actorKind, 'operator');
    assert.equal(rec.actorId, 'operator');
    assert.equal(rec.outcome, 'success');
    assert.equal(rec.ip, '127.0.0.1');
    assert.equal(rec.requestId, 'req-create-1');
    assert.equal(rec.occurredAt, '2026-03-02T10:00:00+08:00');
    assert.deepEqual(rec.details, {
      method: 'POST',
      route: '/api/admin/config/versions',
      params: {},
      status: 201,
    });
    const text = JSON.stringify(rec);
    for (const leaked of ['张三', '13800138000', '08:30', 'calendar.working-hours']) {
      assert.ok(!text.includes(leaked), `the body leaked into the record: ${leaked}`);
    }
  });

  test('a refused write is recorded as a failure with its error code; an anonymous one as denied', async () => {
    const past = await post('/api/admin/config/versions', version('1404', '2026-01-01'));
    assert.equal(past.statusCode, 409);
    const anonymous = await post('/api/admin/config/versions', version('1404', '2026-05-01'), {});
    assert.equal(anonymous.statusCode, 401);
    const { items } = await records('action=http.write&sort=seq');
    assert.deepEqual(
      items.map((i) => [i.outcome, i.actorKind, i.details.status, i.details.error]),
      [
        ['failure', 'operator', 409, 'CONFIG_PAST_DATE'],
        ['denied', 'anonymous', 401, 'AUTH_REQUIRED'],
      ],
    );
    assert.equal(items[1]!.actorId, null);
  });

  test('a write to one record names it as the target', async () => {
    const created = await post('/api/admin/config/versions', version('140431', '2026-11-01'));
    const { id } = created.json() as { id: string };
    const del = await t.inject({ method: 'DELETE', url: `/api/admin/config/versions/${id}`, headers: t.operator });
    assert.equal(del.statusCode, 204);
    const { items } = await records(`targetId=${id}`);
    assert.equal(items.length, 1);
    assert.equal(items[0]!.details.method, 'DELETE');
    assert.equal(items[0]!.details.route, '/api/admin/config/versions/:id');
    assert.deepEqual(items[0]!.details.params, { id });
  });

  test('reads are not recorded', async () => {
    await t.inject({ method: 'GET', url: '/api/admin/config/keys', headers: t.operator });
    assert.equal((await records()).total, 0);
  });

  test('anonymous callers get 401 on every audit route, callers without audit.read 403', async () => {
    for (const [method, url] of [
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/audit/export'],
      ['POST', '/api/admin/audit/verify'],
    ] as const) {
      const r = await t.inject({ method, url });
      assert.equal(r.statusCode, 401, `${method} ${url}`);
    }
    const clerk: Actor = { ...operatorActor(), permissions: new Set(['system.config.read']) };
    await assert.rejects(t.ctx.audit.verifyAs(clerk), (e: unknown) => e instanceof AppError && e.status === 403);
  });

  test('the list filters by action, outcome, actor, target and period, newest first by default', async () => {
    await post('/api/admin/config/versions', version('1404', '2026-05-01'));
    t.clock.set('2026-03-03T02:00:00Z');
    await post('/api/admin/config/versions', version('1404', '2026-01-01'));
    await post('/api/admin/config/versions', version('1404', '2026-06-01'), {});
    const all = await records();
    assert.deepEqual(
      all.items.map((i) => i.seq),
      [3, 2, 1],
    );
    assert.deepEqual(
      (await records('outcome=failure')).items.map((i) => i.seq),
      [2],
    );
    assert.deepEqual(
      (await records('actorId=operator&sort=seq')).items.map((i) => i.seq),
      [1, 2],
    );
    const from = encodeURIComponent('2026-03-03T00:00:00+08:00');
    assert.deepEqual(
      (await records(`from=${from}&sort=occurredAt`)).items.map((i) => i.seq),
      [2, 3],
    );
    assert.deepEqual(
      (await records(`to=${from}`)).items.map((i) => i.seq),
      [1],
    );
    assert.equal((await records('action=auth.login.failed')).total, 0);
    const bad = await t.inject({
      method: 'GET',
      url: `/api/admin/audit?from=${from}&to=${from}`,
      headers: { ...t.operator, 'accept-language': 'en-US' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as { error: { code: string } }).error.code, 'AUDIT_RANGE_INVALID');
  });

  test('an audit administrator sees only the records of divisions in their scope', async () => {
    await t.ctx.audit.record({ actor: operatorActor(), action: 'test.event', ownerDivision: '1404' });
    await t.ctx.audit.record({ actor: operatorActor(), action: 'test.event', ownerDivision: '140431' });
    await t.ctx.audit.record({ actor: operatorActor(), action: 'test.event', ownerDivision: '1405' });
    await t.ctx.audit.record({ actor: operatorActor(), action: 'test.event', ownerDivision: '' });
    const operator = operatorActor();
    const county: Actor = { ...operator, scope: { ...operator.scope, divisions: ['140431'] } };
    const page = await t.ctx.audit.list(
      county,
      { page: 1, pageSize: 20, sort: [{ field: 'seq', descending: false }] },
      {},
    );
    assert.deepEqual(
      page.items.map((i) => i.ownerDivision),
      ['140431'],
    );
    const city: Actor = { ...operator, scope: { ...operator.scope, divisions: ['1404'] } };
    const cityPage = await t.ctx.audit.list(city, { page: 1, pageSize: 20, sort: [] }, {});
    assert.deepEqual(cityPage.items.map((i) => i.ownerDivision).sort(), ['1404', '140431']);
    assert.equal((await records()).total, 4, 'the operator sees the whole installation');
  });

  test('the CSV export opens with a byte order mark and a header row, and is itself recorded', async () => {
    await post('/api/admin/config/versions', version('1404', '2026-05-01'));
    await t.ctx.audit.record({
      actor: { kind: 'user', id: 'u-1', displayName: '李四, "网格员"' },
      action: 'test.event',
      target: { type: 'case', id: '=HYPERLINK("http://evil")' },
    });
    await t.ctx.audit.settled();
    const r = await t.inject({
      method: 'GET',
      url: '/api/admin/audit/export?sort=seq',
      headers: { ...t.operator, 'accept-language': 'en-US' },
    });
    // sort is not an export parameter: the export is always in chain order.
    assert.equal(r.statusCode, 400);
    const csv = await t.inject({
      method: 'GET',
      url: '/api/admin/audit/export',
      headers: { ...t.operator, 'accept-language': 'en-US' },
    });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="audit-20260302-100000.csv"');
    assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const lines = csv.rawPayload.subarray(3).toString('utf8').split('\r\n');
    assert.equal(
      lines[0],
      'seq,id,occurredAt,actorKind,actorId,actorName,action,outcome,targetType,targetId,ownerDivision,ip,requestId,details,prevHash,hash',
    );
    assert.equal(lines.length, 4, 'header, two records, and the final line break');
    assert.match(
      lines[1]!,
      /^1,[0-9a-f-]{36},2026-03-02T10:00:00\+08:00,operator,operator,operator,http\.write,success,/,
    );
    assert.match(lines[2]!, /,"李四, ""网格员""",test\.event,/);
    assert.match(lines[2]!, /,case,"'=HYPERLINK\(""http:\/\/evil""\)",/, 'a formula is neutralised');

    const zh = await t.inject({ method: 'GET', url: '/api/admin/audit/export?action=test.event', headers: t.operator });
    assert.ok(zh.rawPayload.subarray(3).toString('utf8').startsWith('序号,记录编号,时间,'));
    const exports = await records('action=audit.export&sort=seq');
    assert.equal(exports.total, 2);
    assert.deepEqual(exports.items[1]!.details, { records: 1, throughSeq: 3, filter: { action: 'test.event' } });
  });

  test('POST verify checks the chain; an edited row is reported by its sequence number', async () => {
    for (const d of ['2026-05-01', '2026-06-01', '2026-07-01'])
      await post('/api/admin/config/versions', version('1404', d));
    await t.ctx.audit.settled();
    const ok = await post('/api/admin/audit/verify');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((ok.json() as { ok: boolean; checked: number }).ok, true);
    await t.ctx.database.query(`UPDATE audit_record SET details = '{"status": 200}' WHERE seq = 2`);
    const broken = await post('/api/admin/audit/verify');
    const body = broken.json() as { ok: boolean; firstBrokenSeq: number; reason: string; checked: number };
    assert.equal(body.ok, false);
    assert.equal(body.firstBrokenSeq, 2);
    assert.equal(body.checked, 1);
  });

  test('ten concurrent writes give consecutive sequence numbers and a valid chain', async () => {
    const days = Array.from({ length: 10 }, (_, i) => `2026-05-${String(i + 10).padStart(2, '0')}`);
    const answers = await Promise.all(days.map((d) => post('/api/admin/config/versions', version('1404', d))));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      Array(10).fill(201),
    );
    const { items } = await records('sort=seq&pageSize=50');
    assert.deepEqual(
      items.map((i) => i.seq),
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    const v = await t.ctx.audit.verify();
    assert.equal(v.ok, true, v.reason ?? '');
    assert.equal(v.checked, 10);
  });
});
