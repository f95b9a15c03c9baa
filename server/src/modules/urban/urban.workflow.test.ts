import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { checkWorkflow } from '../../engine/workflow.ts';
import { operatorActor } from '../../platform/access.ts';
import { URBAN_WORKFLOW } from './urban.workflow.ts';

type Headers = Record<string, string>;
interface CaseView {
  id: string;
  state: string;
  version: number;
  data: Record<string, unknown>;
  tasks: { id: string; kind: string; state: string; assigneeUnit: string | null }[];
  deadlines: { clock: string; state: string; amount: number }[];
  actions: { action: string }[];
}

test('the urban workflow is a valid definition', () => {
  assert.deepEqual(checkWorkflow(URBAN_WORKFLOW), []);
});

/**
 * One case through the whole loop, every step taken over HTTP by the demo user of its role: a return and a re-dispatch, a second return and the duty
 * chief's ruling, an extension, a suspension with the clock paused and resumed, a failed check and rework,
 * closure, a dissatisfied visit and a redo; and a fix on the spot.
 */
describe(`the urban-management loop, one demo user per role (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let roads: string;
  let parks: string;
  let accounts: Record<string, string>;
  let photo: string;
  let photo2: string;

  before(async () => {
    t = await createTestApp({ demo: true });
    const op = operatorActor();
    roads = (
      await t.ctx.access.createOrgUnit(op, { name: '潞州区市政维修队', kind: 'department', divisionCode: '140403' })
    ).id;
    parks = (
      await t.ctx.access.createOrgUnit(op, { name: '潞州区园林绿化队', kind: 'department', divisionCode: '140403' })
    ).id;
    accounts = {};
    for (const name of ['gridworker', 'supervisor', 'handler', 'stationstaff']) {
      const account = await t.ctx.identity.findByUsername(name);
      assert.ok(account, `the demo ${name} exists`);
      accounts[name] = account.id;
    }
    // The department handlers work for their units: the handler for roads, the station staff for parks.
    for (const [name, unit] of [
      ['handler', roads],
      ['stationstaff', parks],
    ] as const) {
      await t.ctx.access.grant(op, {
        accountId: accounts[name]!,
        roleCode: name,
        scopeKind: 'org_unit',
        scopeValues: [unit],
      });
    }
    for (const name of [
      'gridworker',
      'acceptor',
      'dutychief',
      'dispatcher',
      'handler',
      'stationstaff',
      'supervisor',
      'operator',
    ])
      as[name] = await loginAs(t, name);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#6a6' } })
      .png()
      .toBuffer();
    photo = (await t.ctx.files.upload(op, { content: png, filename: 'site.png', ownerDivision: '140403001' })).id;
    const after = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    photo2 = (await t.ctx.files.upload(op, { content: after, filename: 'after.png', ownerDivision: '140403001' })).id;
  });
  after(() => t.close());

  async function view(id: string, who = 'dutychief'): Promise<CaseView> {
    const r = await t.inject({ method: 'GET', url: `/api/cases/${id}`, headers: as[who]! });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as CaseView;
  }

  async function act(
    id: string,
    who: string,
    action: string,
    body: { taskId?: string; inputs?: Record<string, unknown>; attachments?: string[] } = {},
    expected = 200,
  ): Promise<CaseView & { error?: { code: string } }> {
    const r = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: as[who]!,
      payload: body,
    });
    assert.equal(r.statusCode, expected, `${who} ${action}: ${r.body}`);
    return r.json();
  }

  const openTask = (c: CaseView, kind: string) => {
    const task = c.tasks.find(
      (x) => x.kind === kind && !['done', 'returned', 'cancelled', 'declined', 'passed', 'failed'].includes(x.state),
    );
    assert.ok(task, `an open ${kind} task`);
    return task;
  };
  const handleClock = (c: CaseView) => c.deadlines.find((d) => d.clock === 'handle');
  const fourHours = { amount: 4, unit: 'working_hours' };

  test('report → verify → register → dispatch, returns and a ruling, extension, suspension, rework, close, visit, redo', async () => {
    // A resident's call, recorded by the acceptor as a public report at the place it concerns.
    const g = await demoGridPoint(t);
    const reported = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.acceptor!,
      payload: {
        location: { lng: g.lng, lat: g.lat },
        category: { codeSet: 'cjt214.event', code: '0102' },
        description: '东街与英雄路口有暴露垃圾',
        channel: 'public',
        attachments: [photo],
      },
    });
    assert.equal(reported.statusCode, 201, reported.body);
    const id = (reported.json() as CaseView).id;
    assert.equal((reported.json() as CaseView).state, 'reported');

    // 受理员 sends the public report for verification; the grid worker confirms it on site.
    let c = await act(id, 'acceptor', 'send-to-verify', { inputs: { verifier: accounts.gridworker } });
    assert.equal(c.state, 'verifying');
    c = await act(id, 'gridworker', 'verify-confirm', { taskId: openTask(c, 'verify').id, attachments: [photo] });
    assert.equal(c.state, 'accepted', 'a confirmed report is accepted');

    c = await act(id, 'dutychief', 'register');
    assert.equal(c.state, 'registered');

    // 派遣 to roads with parks assisting; roads returns it (wrong unit), the dispatcher sends it again.
    c = await act(id, 'dispatcher', 'dispatch', { inputs: { lead: roads, assist: [parks], limit: fourHours } });
    assert.equal(c.state, 'dispatched');
    assert.equal(handleClock(c)?.state, 'running');
    c = await act(id, 'handler', 'return', { taskId: openTask(c, 'lead').id, inputs: { reason: '不属于本单位职责' } });
    assert.equal(c.state, 'returned', 'the lead unit returned it');
    c = await act(id, 'dispatcher', 'dispatch', { inputs: { lead: parks, limit: fourHours } });
    assert.equal(c.state, 'dispatched');
    c = await act(id, 'stationstaff', 'return', { taskId: openTask(c, 'lead').id, inputs: { reason: '应由市政处理' } });
    assert.equal(c.state, 'returned');

    // Two returns: the dispatcher may not dispatch again; the duty chief rules (审定).
    const refused = await act(id, 'dispatcher', 'dispatch', { inputs: { lead: roads, limit: fourHours } }, 409);
    assert.equal(refused.error?.code, 'ACTION_REFUSED');
    c = await act(id, 'dutychief', 'rule', { inputs: { lead: roads, limit: fourHours, reason: '道路保洁属市政职责' } });
    assert.equal(c.state, 'dispatched');
    assert.equal(openTask(c, 'lead').assigneeUnit, roads);

    // 签收, then 延期: requested by the handler, approved by the duty chief: the handling limit grows.
    c = await act(id, 'handler', 'sign', { taskId: openTask(c, 'lead').id });
    c = await act(id, 'handler', 'request-extension', {
      taskId: openTask(c, 'lead').id,
      inputs: { extra: { amount: 2, unit: 'working_hours' }, reason: '需调用清运车辆' },
    });
    assert.equal(c.state, 'extension_requested');
    c = await act(id, 'dutychief', 'approve-extension', { inputs: { extra: { amount: 2, unit: 'working_hours' } } });
    assert.equal(c.state, 'dispatched');
    assert.equal(handleClock(c)?.amount, 6, '4 + 2 working hours');

    // 挂账: the clock pauses until the duty chief resumes it.
    c = await act(id, 'handler', 'request-suspension', {
      taskId: openTask(c, 'lead').id,
      inputs: { reason: '待管线迁改' },
    });
    c = await act(id, 'dutychief', 'approve-suspension');
    assert.equal(c.state, 'suspended');
    assert.equal(handleClock(c)?.state, 'paused', 'the handling clock is paused while suspended');
    c = await act(id, 'dutychief', 'resume');
    assert.equal(handleClock(c)?.state, 'running', 'and runs again once resumed');

    // 处置反馈 with an after photo; 核查 fails; 返工 (counted); feedback again; 核查 passes.
    c = await act(id, 'handler', 'feedback', {
      taskId: openTask(c, 'lead').id,
      inputs: { note: '已清理' },
      attachments: [photo],
    });
    assert.equal(c.state, 'handled');
    assert.equal(handleClock(c)?.state, 'stopped');
    c = await act(id, 'acceptor', 'request-check', { inputs: { checker: accounts.supervisor } });
    c = await act(id, 'supervisor', 'check-fail', {
      taskId: openTask(c, 'check').id,
      inputs: { reason: '仍有残留' },
      attachments: [photo],
    });
    assert.equal(c.state, 'check_failed');
    c = await act(id, 'dispatcher', 'rework', {
      inputs: { lead: roads, limit: fourHours, reason: '核查发现仍有残留' },
    });
    assert.equal(c.state, 'dispatched');
    c = await act(id, 'handler', 'sign', { taskId: openTask(c, 'lead').id });
    c = await act(id, 'handler', 'feedback', {
      taskId: openTask(c, 'lead').id,
      inputs: { note: '已彻底清理' },
      attachments: [photo],
    });
    assert.equal(c.state, 'handled', 'the earlier failed round does not decide this one');
    c = await act(id, 'acceptor', 'request-check', { inputs: { checker: accounts.supervisor } });
    c = await act(id, 'supervisor', 'check-pass', { taskId: openTask(c, 'check').id, attachments: [photo] });
    assert.equal(c.state, 'checked');

    // 结案, 回访 dissatisfied, 重办.
    c = await act(id, 'dutychief', 'close', { inputs: { closureType: 'normal' } });
    assert.equal(c.state, 'closed');
    c = await act(id, 'operator', 'follow-up', { inputs: { satisfaction: 'dissatisfied', comment: '傍晚又有垃圾' } });
    assert.equal(c.data.satisfaction, 'dissatisfied');
    await act(id, 'operator', 'follow-up', { inputs: { satisfaction: 'satisfied' } }, 409);
    c = await act(id, 'dutychief', 'redo', { inputs: { reason: '群众不满意' } });
    assert.equal(c.state, 'registered', 'redone: back to dispatch');
    const dispatcherSees = await view(id, 'dispatcher');
    assert.deepEqual(
      dispatcherSees.actions.map((a) => a.action),
      ['dispatch', 'escalate', 'assign-down'],
      'the dispatcher is offered the dispatch again (or to pass it to another level), nothing else',
    );
    c = await act(id, 'dispatcher', 'dispatch', { inputs: { lead: roads, limit: fourHours } });
    assert.equal(c.state, 'dispatched', 'the ruling settled the earlier returns');

    // The history lists every step with the actor, the role and the time.
    const history = await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.dutychief! });
    assert.equal(history.statusCode, 200, history.body);
    const steps = history.json() as { action: string; actorName: string; actorRole: string; at: string }[];
    const people = steps.filter((s) => !s.action.startsWith('$'));
    assert.deepEqual(
      people.map((s) => s.action),
      [
        'report',
        'send-to-verify',
        'verify-confirm',
        'register',
        'dispatch',
        'return',
        'dispatch',
        'return',
        'rule',
        'sign',
        'request-extension',
        'approve-extension',
        'request-suspension',
        'approve-suspension',
        'resume',
        'feedback',
        'request-check',
        'check-fail',
        'rework',
        'sign',
        'feedback',
        'request-check',
        'check-pass',
        'close',
        'follow-up',
        'redo',
        'dispatch',
      ],
    );
    const roles = new Map(people.map((s) => [s.action, s.actorRole]));
    assert.equal(roles.get('rule'), 'dutychief');
    assert.equal(roles.get('return'), 'stationstaff');
    assert.equal(roles.get('check-pass'), 'supervisor');
    for (const s of people) assert.ok(s.actorName && s.at, `${s.action} names who and when`);
    assert.deepEqual((await t.ctx.engine.rebuild({ dryRun: true })).differences, []);
  });

  test('自行处置: a grid worker fixes a problem on the spot, the duty chief confirms it', async () => {
    const gridworker = await t.ctx.access.actorFor(
      { id: accounts.gridworker!, personId: '', displayName: '徐芳' },
      null,
    );
    const refused = await t.ctx.engine
      .open(gridworker, 'urban', 'self-resolve', {
        divisionCode: '140403001001',
        data: { channel: 'grid' },
        inputs: { description: '井盖松动,已复位' },
        attachments: [photo],
      })
      .then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    assert.equal(refused, 'ACTION_INPUT_INVALID', 'before and after photos: two at least');
    const opened = await t.ctx.engine.open(gridworker, 'urban', 'self-resolve', {
      divisionCode: '140403001001',
      data: { channel: 'grid' },
      inputs: { description: '井盖松动,已复位' },
      attachments: [photo, photo2],
    });
    assert.equal(opened.case.state, 'self_resolved');
    const c = await act(opened.case.id, 'dutychief', 'confirm-self-resolved');
    assert.equal(c.state, 'closed');
    await act(opened.case.id, 'operator', 'follow-up', { inputs: { satisfaction: 'satisfied' } }, 409);
  });
});
