import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';

type Headers = Record<string, string>;
interface Queue {
  key: string;
  name: string;
  count: number;
}
interface CaseView {
  id: string;
  state: string;
  tasks: {
    kind: string;
    assigneeUnit: string | null;
    assigneeUnitName: string | null;
    assigneeAccountName: string | null;
  }[];
}

/**
 * The workspaces of the urban loop on the demo data: each role sees its own queues with the cases that wait
 * for it, the department sees what its unit was given, and the pickers offer the units over the case's
 * place and the people who may check there.
 */
describe(`urban work queues and action candidates on the demo data (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let photo: string;

  before(async () => {
    t = await createTestApp({ demo: true });
    for (const name of ['gridworker', 'acceptor', 'dutychief', 'dispatcher', 'handler', 'stationstaff', 'supervisor'])
      as[name] = await loginAs(t, name);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#6a6' } })
      .png()
      .toBuffer();
    photo = (
      await t.ctx.files.upload(operatorActor(), { content: png, filename: 'after.png', ownerDivision: '140403' })
    ).id;
  });
  after(() => t.close());

  async function get<T>(who: string, url: string, expected = 200): Promise<T> {
    const r = await t.inject({ method: 'GET', url, headers: as[who]! });
    assert.equal(r.statusCode, expected, `${who} GET ${url}: ${r.body}`);
    return r.json() as T;
  }
  async function act(id: string, who: string, action: string, body: Record<string, unknown> = {}): Promise<CaseView> {
    const r = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: as[who]!,
      payload: body,
    });
    assert.equal(r.statusCode, 200, `${who} ${action}: ${r.body}`);
    return r.json() as CaseView;
  }
  const queues = async (who: string) =>
    Object.fromEntries((await get<Queue[]>(who, '/api/cases/queues')).map((q) => [q.key, q]));
  const inQueue = async (who: string, key: string) =>
    (await get<{ items: { id: string; leadUnitName: string | null }[] }>(who, `/api/cases?queue=${key}`)).items;

  test('a case moves from queue to queue, and each role sees only its own queues', async () => {
    const g = await demoGridPoint(t);
    const reported = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.gridworker!,
      payload: {
        location: { lng: g.lng, lat: g.lat },
        category: { codeSet: 'cjt214.event', code: '0104' },
        description: '府后街人行道上满是落叶和泥沙',
      },
    });
    assert.equal(reported.statusCode, 201, reported.body);
    const id = (reported.json() as CaseView).id;

    const acceptor = await queues('acceptor');
    assert.deepEqual(Object.keys(acceptor), ['acceptance'], 'the acceptor has the inbox only');
    assert.equal(acceptor.acceptance?.name, '待受理');
    assert.equal(acceptor.acceptance?.count, 1);
    assert.deepEqual(
      (await inQueue('acceptor', 'acceptance')).map((c) => c.id),
      [id],
    );
    const refused = await get<{ error: { code: string } }>('dispatcher', '/api/cases?queue=acceptance', 404);
    assert.equal(refused.error.code, 'CASE_QUEUE_UNKNOWN', "another role's queue is not the dispatcher's");

    await act(id, 'acceptor', 'accept');
    assert.equal((await queues('acceptor')).acceptance?.count, 0, 'accepted: out of the inbox');
    assert.deepEqual(
      (await inQueue('dutychief', 'approvals')).map((c) => c.id),
      [id],
      'registration is the duty chief’s decision',
    );
    await act(id, 'dutychief', 'register');
    assert.deepEqual(
      (await inQueue('dispatcher', 'dispatch')).map((c) => c.id),
      [id],
    );

    // The dispatcher's pickers: the street office first (nearest), then the county's departments.
    const candidates = await get<{
      units: { id: string; name: string; divisionCode: string }[];
      divisions: { action: string; options: { code: string }[] }[];
    }>('dispatcher', `/api/cases/${id}/candidates`);
    const names = candidates.units.map((u) => u.name);
    assert.ok(
      names.indexOf('潞州区东街街道办事处') < names.indexOf('潞州区环境卫生服务中心'),
      `nearest first: ${names.join(', ')}`,
    );
    assert.ok(names.includes('长治市城市管理综合执法局'), 'the city’s departments are offered too');
    // 上报: the levels above the community that owns the case, nearest first.
    const up = candidates.divisions.find((d) => d.action === 'escalate');
    assert.deepEqual(
      up?.options.slice(0, 3).map((d) => d.code),
      ['140403001', '140403', '1404'],
    );
    const proposal = await get<{ lead: string; limit: unknown }>('dispatcher', `/api/cases/${id}/dispatch-proposal`);
    const sanitation = candidates.units.find((u) => u.name === '潞州区环境卫生服务中心');
    assert.equal(proposal.lead, sanitation?.id, 'the demo rule sends 道路不洁 to the sanitation centre');

    const dispatched = await act(id, 'dispatcher', 'dispatch', {
      inputs: { lead: proposal.lead, limit: proposal.limit },
    });
    assert.equal(dispatched.tasks.find((x) => x.kind === 'lead')?.assigneeUnitName, '潞州区环境卫生服务中心');
    const todo = await inQueue('handler', 'department');
    assert.deepEqual(
      todo.map((c) => c.id),
      [id],
      'the sanitation centre’s handler has it',
    );
    assert.equal(todo[0]?.leadUnitName, '潞州区环境卫生服务中心');
    assert.equal((await queues('stationstaff')).department?.count, 0, 'the municipal works office has nothing');

    const signed = await act(id, 'handler', 'sign', { taskId: await leadTask(id) });
    assert.equal(signed.state, 'dispatched');
    await act(id, 'handler', 'feedback', {
      taskId: await leadTask(id),
      inputs: { note: '已清扫干净' },
      attachments: [photo],
    });
    assert.deepEqual(
      (await inQueue('dispatcher', 'dispatch')).map((c) => c.id),
      [id],
      'handled: back to the centre to send a checker',
    );

    // The checker picker: who may check in this grid (grid worker, supervisor), not the handler.
    const forCheck = await get<{ accounts: { action: string; input: string; options: { displayName: string }[] }[] }>(
      'dispatcher',
      `/api/cases/${id}/candidates`,
    );
    const checkers = forCheck.accounts.find((a) => a.action === 'request-check' && a.input === 'checker');
    assert.deepEqual(checkers?.options.map((o) => o.displayName).sort(), ['周涛', '徐芳'].sort());
    const gridworker = await t.ctx.identity.findByUsername('gridworker');
    const checking = await act(id, 'dispatcher', 'request-check', { inputs: { checker: gridworker?.id } });
    assert.equal(checking.tasks.find((x) => x.kind === 'check')?.assigneeAccountName, '徐芳');
    assert.deepEqual(
      (await inQueue('gridworker', 'checks')).map((c) => c.id),
      [id],
    );
    assert.equal((await queues('supervisor')).checks?.count, 0, 'the check was given to the grid worker alone');
  });

  async function leadTask(id: string): Promise<string> {
    const c = await get<{ tasks: { id: string; kind: string; closedAt: string | null }[] }>(
      'dispatcher',
      `/api/cases/${id}`,
    );
    const task = c.tasks.find((x) => x.kind === 'lead' && x.closedAt === null);
    assert.ok(task, 'an open lead task');
    return task.id;
  }
});
