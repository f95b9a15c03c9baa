import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import { actorWith, registerToy } from '../../../test/toy-workflow.ts';
import { operatorActor } from '../../platform/access.ts';

type Json = Record<string, unknown>;
interface CaseJson {
  id: string;
  state: string;
  stateName: string;
  version: number;
  closed: boolean;
  tasks: { id: string; kind: string; state: string; assigneeUnit: string | null }[];
  deadlines: {
    clock: string;
    taskId: string | null;
    state: string;
    status: string;
    dueAt: string | null;
    yellowAt: string | null;
    explanation: string;
  }[];
  actions: { action: string; name: string; taskIds: string[]; inputs: { name: string; required: boolean }[] }[];
}
interface HistoryJson {
  action: string;
  actionName: string;
  actorName: string;
  actorRole: string;
  fromState: string | null;
  toState: string;
  taskFromState: string | null;
  taskToState: string | null;
  at: string;
}

// 2026-03-02 is a Monday; 10:00 in Shanghai.
const MONDAY_10 = '2026-03-02T02:00:00Z';
const PHOTO = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('the case engine over HTTP, running a workflow defined only in this test', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let streetTeam: string;
  let parksTeam: string;

  before(async () => {
    t = await createTestApp({ demo: true, now: MONDAY_10 });
    registerToy(t);
    const op = operatorActor();
    streetTeam = (
      await t.ctx.access.createOrgUnit(op, { name: '城管执法中队', kind: 'department', divisionCode: '140403' })
    ).id;
    parksTeam = (
      await t.ctx.access.createOrgUnit(op, { name: '园林绿化队', kind: 'department', divisionCode: '140403' })
    ).id;
    const handler = await t.ctx.identity.findByUsername('handler');
    assert.ok(handler, 'the demo handler exists');
    await t.ctx.access.grant(op, {
      accountId: handler.id,
      roleCode: 'handler',
      scopeKind: 'org_unit',
      scopeValues: [streetTeam],
    });
    await signIn();
  });

  /** Moving the clock past the idle timeout ends sessions, as it would for real people. */
  async function signIn() {
    as = {};
    for (const u of ['acceptor', 'dispatcher', 'handler', 'dutychief', 'leader']) as[u] = await loginAs(t, u);
  }
  async function moveClock(to: { by?: number; at?: string }) {
    if (to.at) t.clock.set(to.at);
    if (to.by) t.clock.advance(to.by);
    await signIn();
  }
  after(() => t.close());

  const open = async (title = '人行道上暴露垃圾', division = '140403001001') =>
    (
      await t.ctx.engine.open(actorWith('acceptor', { divisions: ['1404'] }), 'toy', 'report', {
        divisionCode: division,
        inputs: { title },
      })
    ).case.id;
  const get = async (id: string, who = 'dispatcher') => {
    const r = await t.inject({ method: 'GET', url: `/api/cases/${id}`, headers: as[who] });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as CaseJson;
  };
  const act = (id: string, action: string, who: string, body: Json = {}, headers: Record<string, string> = {}) =>
    t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: { ...as[who], ...headers },
      payload: body,
    });
  const ok = async (id: string, action: string, who: string, body: Json = {}) => {
    const r = await act(id, action, who, body);
    assert.equal(r.statusCode, 200, `${action} by ${who}: ${r.body}`);
    return r.json() as CaseJson;
  };

  test('a case goes report → assign → accept → finish → (tasks done) handled → close, each step in the log', async () => {
    const id = await open();
    let c = await get(id);
    assert.equal(c.state, 'new');
    assert.deepEqual(
      c.actions.map((a) => a.action),
      ['assign'],
      'the dispatcher may only assign a new case',
    );
    const overall = c.deadlines.find((d) => d.clock === 'overall');
    // 3 working days from Monday 10:00 → Thursday 10:00.
    assert.equal(overall?.dueAt, '2026-03-05T10:00:00+08:00');
    assert.match(overall?.explanation ?? '', /3 个工作日/);

    c = await ok(id, 'assign', 'dispatcher', { version: c.version, inputs: { unit: streetTeam } });
    assert.equal(c.state, 'assigned');
    const work = c.tasks.find((x) => x.kind === 'work');
    assert.equal(work?.assigneeUnit, streetTeam);
    // 4 working hours from 10:00: 10:00–12:00 and 14:30–16:30.
    assert.equal(c.deadlines.find((d) => d.clock === 'work')?.dueAt, '2026-03-02T16:30:00+08:00');

    const handlerView = await get(id, 'handler');
    assert.deepEqual(
      handlerView.actions.map((a) => a.action),
      ['accept'],
      'the handler of the assigned unit is offered to accept',
    );
    await moveClock({ by: 30 * 60_000 });
    c = await ok(id, 'accept', 'handler');
    assert.equal(c.tasks[0]?.state, 'doing');
    c = await ok(id, 'finish', 'handler', { attachments: [PHOTO] });
    assert.equal(c.state, 'handled', 'when its only task finished the case follows to handled');
    assert.equal(c.deadlines.find((d) => d.clock === 'work')?.state, 'stopped');
    c = await ok(id, 'close', 'dutychief');
    assert.equal(c.state, 'done');
    assert.equal(c.closed, true);
    assert.ok(
      c.deadlines.every((d) => d.state === 'stopped'),
      'closing stops every clock',
    );

    const h = await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.leader });
    assert.equal(h.statusCode, 200, h.body);
    const steps = h.json() as HistoryJson[];
    assert.deepEqual(
      steps.map((s) => [s.action, s.actorRole, s.fromState, s.toState]),
      [
        ['report', 'acceptor', null, 'new'],
        ['assign', 'dispatcher', 'new', 'assigned'],
        ['accept', 'handler', 'assigned', 'assigned'],
        ['finish', 'handler', 'assigned', 'handled'],
        ['close', 'dutychief', 'handled', 'done'],
      ],
    );
    assert.equal(steps[1]?.actorName, '赵磊');
    assert.equal(steps[2]?.taskToState, 'doing');
    assert.equal(steps[2]?.at, '2026-03-02T10:30:00+08:00');
  });

  test('wrong role → 403; wrong state → 409 naming what is possible; stale version → 409', async () => {
    const id = await open();
    const byHandler = await act(id, 'assign', 'handler', { inputs: { unit: streetTeam } });
    assert.equal(byHandler.statusCode, 403, byHandler.body);
    assert.equal((byHandler.json() as { error: { code: string } }).error.code, 'ACTION_ROLE_FORBIDDEN');

    const first = await get(id);
    await ok(id, 'assign', 'dispatcher', { version: first.version, inputs: { unit: streetTeam } });
    const again = await act(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } });
    assert.equal(again.statusCode, 409, again.body);
    const err = (again.json() as { error: { code: string; message: string; details: { allowed: string[] } } }).error;
    assert.equal(err.code, 'ACTION_NOT_ALLOWED');
    assert.deepEqual(err.details.allowed, ['reassign']);
    assert.match(err.message, /办理中.*转派/);

    const stale = await act(id, 'suspend', 'dutychief', { version: first.version, inputs: { reason: '等待施工' } });
    assert.equal(stale.statusCode, 409, stale.body);
    const staleErr = (stale.json() as { error: { code: string; details: { version: number; state: string } } }).error;
    assert.equal(staleErr.code, 'CASE_STALE');
    assert.deepEqual([staleErr.details.version, staleErr.details.state], [first.version + 1, 'assigned']);

    const en = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/accept`,
      headers: { ...as.handler, 'accept-language': 'en-US' },
      payload: {},
    });
    assert.equal(en.statusCode, 200, en.body);
    const twice = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/accept`,
      headers: { ...as.handler, 'accept-language': 'en-US' },
      payload: {},
    });
    assert.equal(twice.statusCode, 409, twice.body);
    assert.match((twice.json() as { error: { message: string } }).error.message, /The task is now "doing"/);
  });

  test('only the assigned unit may take task actions; other towns do not see the case', async () => {
    const id = await open();
    await ok(id, 'assign', 'dispatcher', { inputs: { unit: parksTeam } });
    const handlerView = await get(id, 'handler');
    assert.deepEqual(handlerView.actions, [], 'the task is another unit’s: nothing to do');
    const r = await act(id, 'accept', 'handler');
    assert.equal(r.statusCode, 403, r.body);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'ACTION_NOT_ASSIGNEE');

    const elsewhere = await open('别处的案件', '140404100');
    const hidden = await t.inject({ method: 'GET', url: `/api/cases/${elsewhere}`, headers: as.handler });
    assert.equal(hidden.statusCode, 404, 'a case in another district is not even confirmed to exist');
    const hiddenAct = await act(elsewhere, 'assign', 'handler');
    assert.equal(hiddenAct.statusCode, 404, hiddenAct.body);
  });

  test('inputs are checked against the definition, in the user’s language', async () => {
    const id = await open();
    const missing = await act(id, 'assign', 'dispatcher', { inputs: {} });
    assert.equal(missing.statusCode, 400, missing.body);
    const e = (
      missing.json() as { error: { code: string; message: string; details: { problems: { field: string }[] } } }
    ).error;
    assert.equal(e.code, 'ACTION_INPUT_INVALID');
    assert.match(e.message, /请填写承办单位/);
    assert.deepEqual(
      e.details.problems.map((p) => p.field),
      ['unit'],
    );
    const unknownUnit = await act(id, 'assign', 'dispatcher', {
      inputs: { unit: '01890a5d-ac96-774b-bcce-b302099a8000' },
    });
    assert.equal(unknownUnit.statusCode, 422, unknownUnit.body);
    const extra = await act(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam, colour: 'red' } });
    assert.equal(extra.statusCode, 400, extra.body);
    const noPhoto = await (async () => {
      await ok(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } });
      await ok(id, 'accept', 'handler');
      return act(id, 'finish', 'handler', {});
    })();
    assert.equal(noPhoto.statusCode, 400, noPhoto.body);
    assert.match((noPhoto.json() as { error: { message: string } }).error.message, /处置后照片/);
  });

  test('a guard refuses a third reassignment with its reason; counts are kept on the case', async () => {
    const id = await open();
    await ok(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } });
    await ok(id, 'reassign', 'dispatcher', { inputs: { unit: parksTeam, reason: '职责不符' } });
    const c = await ok(id, 'reassign', 'dispatcher', { inputs: { unit: streetTeam, reason: '职责不符' } });
    assert.deepEqual(
      c.tasks.map((x) => x.state),
      ['cancelled', 'cancelled', 'todo'],
      'each reassignment cancels the open task and opens one for the new unit',
    );
    const third = await act(id, 'reassign', 'dispatcher', { inputs: { unit: parksTeam, reason: '职责不符' } });
    assert.equal(third.statusCode, 409, third.body);
    assert.match((third.json() as { error: { message: string } }).error.message, /最多转派两次/);
  });

  test('a retried action with the same Idempotency-Key is applied once', async () => {
    const id = await open();
    const key = { 'idempotency-key': `assign-${id}` };
    const a = await act(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } }, key);
    const b = await act(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } }, key);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(b.headers['idempotent-replayed'], 'true');
    const h = (
      await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.dispatcher })
    ).json() as HistoryJson[];
    assert.equal(h.filter((s) => s.action === 'assign').length, 1);
  });

  test('suspending pauses the clocks; resuming later moves the due time; extending adds time', async () => {
    await moveClock({ at: MONDAY_10 });
    const id = await open();
    await ok(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } });
    await moveClock({ by: 60 * 60_000 }); // 11:00: 1 of 4 working hours used
    let c = await ok(id, 'suspend', 'dutychief', { inputs: { reason: '雨天无法施工' } });
    const paused = c.deadlines.find((d) => d.clock === 'work');
    assert.deepEqual([paused?.state, paused?.dueAt], ['paused', null]);
    await moveClock({ by: 24 * 3600_000 }); // Tuesday 11:00
    c = await ok(id, 'resume', 'dutychief');
    // 3 working hours left from Tuesday 11:00: 11:00–12:00, 14:30–16:30.
    assert.equal(c.deadlines.find((d) => d.clock === 'work')?.dueAt, '2026-03-03T16:30:00+08:00');
    assert.match(c.deadlines.find((d) => d.clock === 'work')?.explanation ?? '', /暂停/);
    c = await ok(id, 'extend', 'dutychief', {
      inputs: { extra: { amount: 2, unit: 'working_hours' }, reason: '材料未到' },
    });
    // 2 more working hours from 16:30: 16:30–18:00, then 08:30–09:00 on Wednesday.
    assert.equal(c.deadlines.find((d) => d.clock === 'work')?.dueAt, '2026-03-04T09:00:00+08:00');
  });

  test('the sweep turns clocks yellow then red, logs it and announces it', async () => {
    await moveClock({ at: MONDAY_10 });
    const id = await open();
    await ok(id, 'assign', 'dispatcher', { inputs: { unit: streetTeam } });
    const c0 = await get(id);
    const work0 = c0.deadlines.find((d) => d.clock === 'work');
    // 4 working hours, yellow at 80% (3.2 h) or 1 h left (3 h) — whichever first: after 3 h, 15:30.
    assert.equal(work0?.yellowAt, '2026-03-02T15:30:00+08:00');

    await moveClock({ at: '2026-03-02T07:35:00Z' }); // 15:35
    const sweep = await t.inject({ method: 'POST', url: '/api/cases/deadlines/sweep', headers: t.operator });
    assert.equal(sweep.statusCode, 200, sweep.body);
    assert.ok((sweep.json() as { yellow: number }).yellow >= 1, 'at least this case turned yellow');
    let c = await get(id);
    assert.equal(c.deadlines.find((d) => d.clock === 'work')?.status, 'yellow');
    assert.equal(c.version, c0.version, 'a colour change does not make the user’s screen stale');

    await moveClock({ at: '2026-03-02T08:31:00Z' }); // 16:31
    await t.inject({ method: 'POST', url: '/api/cases/deadlines/sweep', headers: t.operator });
    c = await get(id);
    assert.equal(c.deadlines.find((d) => d.clock === 'work')?.status, 'red');
    const h = (
      await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.dispatcher })
    ).json() as HistoryJson[];
    assert.deepEqual(
      h.slice(-2).map((s) => [s.action, s.actionName, s.actorRole]),
      [
        ['$deadline.yellow', '时限预警(黄灯)', 'system'],
        ['$deadline.red', '已超期(红灯)', 'system'],
      ],
    );
    const events = await t.ctx.database.query<{ type: string; payload: { status: string; assigneeUnit: string } }>(
      `select type, payload from engine_event where case_id = $1 and type = 'case.deadline.status' order by id`,
      [id],
    );
    assert.deepEqual(
      events.map((e) => [e.payload.status, e.payload.assigneeUnit]),
      [
        ['yellow', streetTeam],
        ['red', streetTeam],
      ],
    );
  });

  test('the workflows are listed with their states, actions and roles', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/workflows', headers: as.leader });
    assert.equal(r.statusCode, 200, r.body);
    const toy = (r.json() as { key: string; actions: Record<string, { roles: string[] }> }[]).find(
      (w) => w.key === 'toy',
    );
    assert.deepEqual(toy?.actions.assign?.roles, ['dispatcher']);
  });
});
