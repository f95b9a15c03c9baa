import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';

type Headers = Record<string, string>;
interface CaseView {
  id: string;
  state: string;
  divisionCode: string;
  data: Record<string, unknown>;
  tasks: { id: string; kind: string; state: string }[];
  deadlines: { clock: string; state: string }[];
  actions: { action: string }[];
  error?: { code: string; message: string; details: unknown };
}

const PASSWORD = 'Levels-2026-civicgrid';

/** An account holding one role over one division, signed in. */
async function staff(t: TestApp, username: string, role: string, division: string): Promise<Headers> {
  const op = operatorActor();
  const { account } = await t.ctx.identity.createUser(
    op,
    { username, password: PASSWORD, displayName: username, ownerDivision: division, mustChangePassword: false },
    undefined,
    { bypassPasswordPolicy: true },
  );
  await t.ctx.access.grant(op, {
    accountId: account.id,
    roleCode: role,
    scopeKind: 'division',
    scopeValues: [division],
  });
  return loginAs(t, username, PASSWORD);
}

/**
 * 上报 (escalate) and 交办 (assign down): the case's owning division moves up to an ancestor or down to a
 * descendant, open tasks and running clocks with it; the log keeps every step with from, to and why; the
 * level it left reads it but no longer acts on it or lists it.
 */
describe(`上报 and 交办: a case passes between levels and keeps its history (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let roads: string;
  let parks: string;
  let community: string;
  let point: { lng: number; lat: number };

  before(async () => {
    t = await createTestApp({ demo: true });
    const op = operatorActor();
    roads = (
      await t.ctx.access.createOrgUnit(op, { name: '潞州区市政维修队', kind: 'department', divisionCode: '140403' })
    ).id;
    parks = (
      await t.ctx.access.createOrgUnit(op, { name: '潞州区园林绿化队', kind: 'department', divisionCode: '140403' })
    ).id;
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
    as.townAcceptor = await staff(t, 'town.acceptor', 'acceptor', '140403001');
    as.countyChief = await staff(t, 'county.chief', 'dutychief', '140403');
    const g = await demoGridPoint(t);
    community = g.communityCode;
    point = { lng: g.lng, lat: g.lat };
  });
  after(() => t.close());

  async function report(): Promise<string> {
    const r = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.gridworker!,
      payload: {
        location: point,
        category: { codeSet: 'cjt214.event', code: '0102' },
        description: '社区门口暴露垃圾,社区无力清运',
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    return (r.json() as CaseView).id;
  }

  async function act(
    id: string,
    who: string,
    action: string,
    body: { taskId?: string; inputs?: Record<string, unknown> } = {},
    expected = 200,
  ): Promise<CaseView> {
    const r = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: as[who]!,
      payload: body,
    });
    assert.equal(r.statusCode, expected, `${who} ${action}: ${r.body}`);
    return r.json() as CaseView;
  }

  async function view(id: string, who: string, expected = 200): Promise<CaseView> {
    const r = await t.inject({ method: 'GET', url: `/api/cases/${id}`, headers: as[who]! });
    assert.equal(r.statusCode, expected, r.body);
    return r.json() as CaseView;
  }

  const listed = async (who: string, id: string) => {
    const r = await t.inject({ method: 'GET', url: '/api/cases?workflow=urban&pageSize=100', headers: as[who]! });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { items: { id: string }[] }).items.some((i) => i.id === id);
  };

  test('community → town → county, back down to the town: ownership moves, the log keeps from, to and why', async () => {
    const id = await report();
    let c = await view(id, 'townAcceptor');
    assert.equal(c.divisionCode, community, 'a report belongs to the community of its grid');
    c = await act(id, 'townAcceptor', 'accept');
    assert.equal(c.state, 'accepted');

    // 上报 without naming a level: the one directly above (community → town).
    c = await act(id, 'townAcceptor', 'escalate', { inputs: { reason: '社区无清运车辆' } });
    assert.equal(c.divisionCode, '140403001');
    assert.equal(c.state, 'accepted', 'a move changes the owner, not the state');
    assert.ok(c.actions.length > 0, 'the town still holds it');

    // Up again (town → county): the town acceptor now reads the case but may not act on it, nor lists it.
    c = await act(id, 'townAcceptor', 'escalate', { inputs: { reason: '需区级协调' } });
    assert.equal(c.divisionCode, '140403');
    assert.deepEqual(c.actions, [], 'the level it left has nothing to do on it');
    assert.deepEqual(c.data.$formerOwners, [community, '140403001']);
    assert.equal(await listed('townAcceptor', id), false, 'no longer in the town’s lists');
    assert.equal(await listed('countyChief', id), true, 'in the county’s');
    const refused = await act(id, 'townAcceptor', 'escalate', { inputs: { reason: '再次上报' } }, 403);
    assert.equal(refused.error?.code, 'CASE_MOVED_AWAY');
    assert.match(refused.error?.message ?? '', /140403/);

    // Moves are checked: up only to an ancestor, down only to a descendant that exists, a reason always.
    const sideways = await act(id, 'countyChief', 'escalate', { inputs: { to: '140404', reason: '转上党区' } }, 422);
    assert.equal(sideways.error?.code, 'CASE_MOVE_INVALID');
    const notBelow = await act(id, 'countyChief', 'assign-down', { inputs: { to: '140404001', reason: '交办' } }, 422);
    assert.equal(notBelow.error?.code, 'CASE_MOVE_INVALID');
    const unknown = await act(
      id,
      'countyChief',
      'assign-down',
      { inputs: { to: '140403001999', reason: '交办' } },
      422,
    );
    assert.equal(unknown.error?.code, 'ACTION_REFERENCE_UNKNOWN');
    const malformed = await act(id, 'countyChief', 'assign-down', { inputs: { to: 'abc', reason: '交办' } }, 400);
    assert.equal(malformed.error?.code, 'ACTION_INPUT_INVALID');
    await act(id, 'countyChief', 'assign-down', { inputs: { to: '140403001' } }, 400);
    const gridworker = await act(id, 'gridworker', 'escalate', { inputs: { reason: '上报' } }, 403);
    assert.equal(gridworker.error?.code, 'ACTION_ROLE_FORBIDDEN');

    // 交办 down to the town; the town acts on it again.
    c = await act(id, 'countyChief', 'register', { inputs: { note: '区级立案' } });
    assert.equal(c.state, 'registered');
    c = await act(id, 'countyChief', 'assign-down', { inputs: { to: '140403001', reason: '属街道职责' } });
    assert.equal(c.divisionCode, '140403001');
    assert.equal(c.deadlines.find((d) => d.clock === 'dispatch')?.state, 'running', 'the dispatch clock runs on');
    assert.ok((await view(id, 'townAcceptor')).actions.some((a) => a.action === 'escalate'));
    assert.equal(await listed('townAcceptor', id), true);
    const [clock] = await t.ctx.database.query<{ owner_division: string }>(
      `select owner_division from case_deadline where case_id = $1 and clock = 'dispatch'`,
      [id],
    );
    assert.equal(clock?.owner_division, '140403001', 'the running clock follows the case');

    const history = await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.countyChief! });
    assert.equal(history.statusCode, 200, history.body);
    const moves = (history.json() as { action: string; inputs: Record<string, unknown> }[]).filter((h) =>
      ['escalate', 'assign-down'].includes(h.action),
    );
    assert.deepEqual(
      moves.map((m) => [m.action, m.inputs.$fromDivision, m.inputs.$toDivision, m.inputs.reason]),
      [
        ['escalate', community, '140403001', '社区无清运车辆'],
        ['escalate', '140403001', '140403', '需区级协调'],
        ['assign-down', '140403', '140403001', '属街道职责'],
      ],
    );
    // The earlier steps are still there: the report and its acceptance by the community's level.
    const actions = (history.json() as { action: string }[]).map((h) => h.action);
    assert.deepEqual(actions.slice(0, 2), ['report', 'accept']);
    assert.deepEqual((await t.ctx.engine.rebuild({ dryRun: true })).differences, []);
  });

  test('a returned case escalated to a named level: open tasks go with it, settled ones stay as they were', async () => {
    const id = await report();
    await act(id, 'acceptor', 'accept');
    await act(id, 'dutychief', 'register');
    let c = await act(id, 'dispatcher', 'dispatch', {
      inputs: { lead: roads, assist: [parks], limit: { amount: 4, unit: 'working_hours' } },
    });
    const lead = c.tasks.find((x) => x.kind === 'lead');
    assert.ok(lead);
    c = await act(id, 'handler', 'return', { taskId: lead.id, inputs: { reason: '不属于本单位职责' } });
    assert.equal(c.state, 'returned');

    // 上报 straight to the county, skipping the town (a named ancestor).
    c = await act(id, 'dispatcher', 'escalate', { inputs: { to: '140403', reason: '多部门职责不清,报区里协调' } });
    assert.equal(c.divisionCode, '140403');
    assert.equal(c.tasks.length, 2, 'the tasks remain');
    const rows = await t.ctx.database.query<{ kind: string; state: string; owner_division: string }>(
      `select kind, state, owner_division from case_task where case_id = $1 order by kind`,
      [id],
    );
    assert.deepEqual(
      rows.map((r) => [r.kind, r.state, r.owner_division]),
      [
        ['assist', 'pending', '140403'],
        ['lead', 'returned', community],
      ],
    );
    // The county dispatches it again; the returns counted before the move still count.
    c = await act(id, 'dispatcher', 'dispatch', {
      inputs: { lead: parks, limit: { amount: 4, unit: 'working_hours' } },
    });
    assert.equal(c.state, 'dispatched');
    assert.equal((c.data.$counts as Record<string, number>).returned, 1);
    assert.equal((c.data.$counts as Record<string, number>).escalated, 1);
    assert.deepEqual((await t.ctx.engine.rebuild({ dryRun: true })).differences, []);
  });
});
