import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';
import { newId } from '../../platform/ids.ts';

type Headers = Record<string, string>;
interface CaseView {
  id: string;
  state: string;
  tasks: { id: string; kind: string; state: string }[];
  error?: { code: string; message: string; details: Record<string, unknown> };
}
interface HistoryItem {
  action: string;
  inputs: Record<string, unknown>;
}

const FOUR_HOURS = { amount: 4, unit: 'working_hours' };

/** A demo installation with two departments in 潞州区, the handler working for roads. */
async function setUp(t: TestApp, as: Record<string, Headers>) {
  const op = operatorActor();
  const unit = async (name: string) =>
    (await t.ctx.access.createOrgUnit(op, { name, kind: 'department', divisionCode: '140403' })).id;
  const roads = await unit('潞州区市政维修队');
  const handler = await t.ctx.identity.findByUsername('handler');
  assert.ok(handler);
  await t.ctx.access.grant(op, {
    accountId: handler.id,
    roleCode: 'handler',
    scopeKind: 'org_unit',
    scopeValues: [roads],
  });
  for (const name of ['gridworker', 'acceptor', 'dutychief', 'dispatcher', 'handler'])
    as[name] = await loginAs(t, name);
  const g = await demoGridPoint(t);
  return { roads, point: { lng: g.lng, lat: g.lat } };
}

function helpers(t: TestApp, as: Record<string, Headers>, point: () => { lng: number; lat: number }) {
  const act = async (
    id: string,
    who: string,
    action: string,
    body: { taskId?: string; inputs?: Record<string, unknown>; attachments?: string[] } = {},
    expected = 200,
    locale = 'zh-CN',
  ): Promise<CaseView> => {
    const r = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: { ...as[who]!, 'accept-language': locale },
      payload: body,
    });
    assert.equal(r.statusCode, expected, `${who} ${action}: ${r.body}`);
    return r.json() as CaseView;
  };
  /** Reported by the grid worker, accepted and registered: waiting for the dispatcher. */
  const registered = async (code: string): Promise<string> => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.gridworker!,
      payload: { location: point(), category: { codeSet: 'cjt214.event', code }, description: '路口问题待派遣' },
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = (r.json() as CaseView).id;
    await act(id, 'acceptor', 'accept');
    await act(id, 'dutychief', 'register');
    return id;
  };
  const lastOf = async (id: string, action: string): Promise<HistoryItem> => {
    const r = await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.dutychief! });
    assert.equal(r.statusCode, 200, r.body);
    const found = (r.json() as HistoryItem[]).filter((h) => h.action === action).at(-1);
    assert.ok(found, `a ${action} in the history`);
    return found;
  };
  return { act, registered, lastOf };
}

describe(`派遣: the dispatcher may depart from the routing proposal, with a reason (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let units: Awaited<ReturnType<typeof setUp>>;
  let h: ReturnType<typeof helpers>;

  before(async () => {
    t = await createTestApp({ demo: true });
    units = await setUp(t, as);
    h = helpers(t, as, () => units.point);
  });

  /** What routing proposes for a case (the demo has rules for 0103 in 潞州区, none for 0102). */
  const proposal = async (id: string) => {
    const r = await t.inject({ method: 'GET', url: `/api/cases/${id}/dispatch-proposal`, headers: as.dispatcher! });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { lead: string; source: { kind: string } };
  };
  after(() => t.close());

  test('another lead unit than the rule names needs overrideReason; the log says whether the proposal was followed', async () => {
    const id = await h.registered('0103');
    const proposed = await proposal(id);
    assert.equal(proposed.source.kind, 'rule');
    assert.notEqual(proposed.lead, units.roads);
    const zh = await h.act(id, 'dispatcher', 'dispatch', { inputs: { lead: units.roads, limit: FOUR_HOURS } }, 422);
    assert.equal(zh.error?.code, 'URBAN_OVERRIDE_REASON_REQUIRED');
    assert.match(zh.error?.message ?? '', /改派理由/);
    assert.equal(zh.error?.details.suggestedLead, proposed.lead);
    const en = await h.act(
      id,
      'dispatcher',
      'dispatch',
      { inputs: { lead: units.roads, limit: FOUR_HOURS } },
      422,
      'en-US',
    );
    assert.match(en.error?.message ?? '', /give the reason/);

    const c = await h.act(id, 'dispatcher', 'dispatch', {
      inputs: { lead: units.roads, limit: FOUR_HOURS, overrideReason: '环卫中心车辆检修,由市政代为清运' },
    });
    assert.equal(c.state, 'dispatched');
    const overridden = await h.lastOf(id, 'dispatch');
    assert.equal(overridden.inputs.overrideReason, '环卫中心车辆检修,由市政代为清运');
    assert.deepEqual(overridden.inputs.$routing, {
      suggestedLead: proposed.lead,
      suggestedAssist: [],
      source: (overridden.inputs.$routing as { source: unknown }).source,
      followed: false,
    });
    assert.equal((overridden.inputs.$routing as { source: { kind: string } }).source.kind, 'rule');

    const other = await h.registered('0103');
    await h.act(other, 'dispatcher', 'dispatch', { inputs: { lead: proposed.lead, limit: FOUR_HOURS } });
    assert.equal(((await h.lastOf(other, 'dispatch')).inputs.$routing as { followed: boolean }).followed, true);
  });

  test('departing from the territorial fallback is recorded; a reason is required only where configured', async () => {
    const id = await h.registered('0102');
    assert.equal((await proposal(id)).source.kind, 'fallback');
    await h.act(id, 'dispatcher', 'dispatch', { inputs: { lead: units.roads, limit: FOUR_HOURS } });
    const routing = (await h.lastOf(id, 'dispatch')).inputs.$routing as { source: { kind: string }; followed: boolean };
    assert.equal(routing.source.kind, 'fallback');
    assert.equal(routing.followed, false);

    await t.ctx.config.addVersion(operatorActor(), {
      key: 'urban.dispatch-override',
      divisionCode: '140403',
      effectiveFrom: t.ctx.time.today(),
      value: { reasonRequiredFor: ['rule', 'fallback'] },
    });
    const strict = await h.registered('0102');
    const refused = await h.act(
      strict,
      'dispatcher',
      'dispatch',
      { inputs: { lead: units.roads, limit: FOUR_HOURS } },
      422,
    );
    assert.equal(refused.error?.code, 'URBAN_OVERRIDE_REASON_REQUIRED');
    await h.act(strict, 'dispatcher', 'dispatch', {
      inputs: { lead: units.roads, limit: FOUR_HOURS, overrideReason: '路面问题由市政处理' },
    });
  });
});

describe(`退单: the lead unit returns a case only within the return limit (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let units: Awaited<ReturnType<typeof setUp>>;
  let h: ReturnType<typeof helpers>;
  const HOUR = 3600_000;
  /** Moves the clock; sessions idle for 30 minutes end, so everyone signs in again. */
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    for (const name of Object.keys(as)) as[name] = await loginAs(t, name);
  };

  before(async () => {
    // Monday 2026-03-02 10:00 in Shanghai; working hours 08:30–12:00 and 14:30–18:00.
    t = await createTestApp({ demo: true });
    units = await setUp(t, as);
    h = helpers(t, as, () => units.point);
  });
  after(() => t.close());

  const leadOf = (c: CaseView) => {
    const task = c.tasks.find((x) => x.kind === 'lead' && x.state === 'pending');
    assert.ok(task, 'a lead task waiting to be signed for');
    return task.id;
  };

  test('2 working hours after the dispatch by default, counted on the working calendar; then 409 with when it ran out', async () => {
    const id = await h.registered('0102');
    let c = await h.act(id, 'dispatcher', 'dispatch', { inputs: { lead: units.roads, limit: FOUR_HOURS } });
    await advance(HOUR);
    c = await h.act(id, 'handler', 'return', { taskId: leadOf(c), inputs: { reason: '不属于本单位职责' } });
    assert.equal(c.state, 'returned', 'an hour after the dispatch: in time');
    const recorded = (await h.lastOf(id, 'return')).inputs.$returnLimit as { limit: unknown; source: string };
    assert.deepEqual(recorded.limit, { amount: 2, unit: 'working_hours' });
    assert.equal(recorded.source, 'configuration');

    // Dispatched again at 11:00: one working hour before lunch, one after → due 15:30.
    c = await h.act(id, 'dispatcher', 'dispatch', { inputs: { lead: units.roads, limit: FOUR_HOURS } });
    await advance(4 * HOUR); // 15:00: still in time, though four hours have passed
    const inTime = await t.inject({ method: 'GET', url: `/api/cases/${id}`, headers: as.handler! });
    assert.equal(inTime.statusCode, 200);
    await advance(HOUR); // 16:00
    const zh = await h.act(id, 'handler', 'return', { taskId: leadOf(c), inputs: { reason: '不属于本单位职责' } }, 409);
    assert.equal(zh.error?.code, 'URBAN_RETURN_TOO_LATE');
    assert.equal(zh.error?.details.expiredAt, '2026-03-02T15:30:00+08:00');
    assert.equal(zh.error?.details.dispatchedAt, '2026-03-02T11:00:00+08:00');
    assert.deepEqual(zh.error?.details.limit, { amount: 2, unit: 'working_hours' });
    assert.match(zh.error?.message ?? '', /2 个工作时.*2026-03-02 15:30/);
    const en = await h.act(
      id,
      'handler',
      'return',
      { taskId: leadOf(c), inputs: { reason: 'not ours' } },
      409,
      'en-US',
    );
    assert.match(en.error?.message ?? '', /within 2 working hours of its dispatch, which ran out at 2026-03-02 15:30/);
    c = await h.act(id, 'handler', 'sign', { taskId: leadOf(c) });
    assert.equal(
      c.tasks.find((x) => x.kind === 'lead' && x.state === 'working') !== undefined,
      true,
      'signing still works',
    );
  });

  test('a configured limit for the county replaces the default', async () => {
    await t.ctx.config.addVersion(operatorActor(), {
      key: 'urban.return-limit',
      divisionCode: '140403',
      effectiveFrom: t.ctx.time.today(),
      value: { amount: 1, unit: 'working_days' },
    });
    const id = await h.registered('0102');
    const c = await h.act(id, 'dispatcher', 'dispatch', { inputs: { lead: units.roads, limit: FOUR_HOURS } });
    await advance(3 * HOUR);
    await h.act(id, 'handler', 'return', { taskId: leadOf(c), inputs: { reason: '不属于本单位职责' } });
  });
});

describe(`attachments are uploaded files the actor may see (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let units: Awaited<ReturnType<typeof setUp>>;
  let h: ReturnType<typeof helpers>;
  let inTown: string;
  let elsewhere: string;
  let own: string;

  before(async () => {
    t = await createTestApp({ demo: true });
    units = await setUp(t, as);
    h = helpers(t, as, () => units.point);
    const png = async (colour: string) =>
      sharp({ create: { width: 4, height: 4, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const op = operatorActor();
    inTown = (
      await t.ctx.files.upload(op, { content: await png('#6a6'), filename: 'a.png', ownerDivision: '140403001' })
    ).id;
    elsewhere = (
      await t.ctx.files.upload(op, { content: await png('#a66'), filename: 'b.png', ownerDivision: '140404' })
    ).id;
    const account = await t.ctx.identity.findByUsername('gridworker');
    assert.ok(account);
    const gridworker = await t.ctx.access.actorFor({ id: account.id, personId: '', displayName: '徐芳' }, null);
    own = (await t.ctx.files.upload(gridworker, { content: await png('#66a'), filename: 'c.png' })).id;
  });
  after(() => t.close());

  const reportWith = (attachments: string[], who = 'gridworker') =>
    t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as[who]!,
      payload: {
        location: units.point,
        category: { codeSet: 'cjt214.event', code: '0102' },
        description: '路口暴露垃圾',
        attachments,
      },
    });

  test('POST /api/cases: an unknown id or a file outside the reporter’s scope is a 422, nothing is opened', async () => {
    const unknown = newId();
    const r = await reportWith([inTown, unknown]);
    assert.equal(r.statusCode, 422, r.body);
    const body = r.json() as { error: { code: string; details: { missing: string[] } } };
    assert.equal(body.error.code, 'ACTION_ATTACHMENT_UNKNOWN');
    assert.deepEqual(body.error.details.missing, [unknown]);
    const foreign = await reportWith([elsewhere]);
    assert.equal(foreign.statusCode, 422, foreign.body);
    const [count] = await t.ctx.database.query<{ n: number }>(`select count(*)::int as n from case_file`);
    assert.equal(count?.n, 0, 'no case was opened');
    assert.equal((await reportWith([inTown, own])).statusCode, 201, 'files in scope and one’s own upload are fine');
    assert.equal((await reportWith([elsewhere], 'acceptor')).statusCode, 201, 'the city acceptor sees 140404’s file');
  });

  test('an action’s attachments: unknown ids are refused, not stored', async () => {
    const created = await reportWith([]);
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as CaseView).id;
    const gridworker = await t.ctx.identity.findByUsername('gridworker');
    let c = await h.act(id, 'acceptor', 'send-to-verify', { inputs: { verifier: gridworker?.id } });
    const task = c.tasks.find((x) => x.kind === 'verify');
    assert.ok(task);
    const refused = await h.act(id, 'gridworker', 'verify-confirm', { taskId: task.id, attachments: [newId()] }, 422);
    assert.equal(refused.error?.code, 'ACTION_ATTACHMENT_UNKNOWN');
    await h.act(id, 'gridworker', 'verify-confirm', { taskId: task.id, attachments: [elsewhere] }, 422);
    c = await h.act(id, 'gridworker', 'verify-confirm', { taskId: task.id, attachments: [own] });
    assert.equal(c.state, 'accepted');
  });
});
