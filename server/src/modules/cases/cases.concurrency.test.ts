import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { actorWith, registerToy } from '../../../test/toy-workflow.ts';
import { operatorActor } from '../../platform/access.ts';

const PARALLEL = 50;
const POOL = 12;

describe(`concurrent actions on one task (${TEST_ENGINE}, pool of ${POOL})`, () => {
  let t: TestApp;
  let unit: string;
  let handler: Record<string, string>;

  before(async () => {
    t = await createTestApp({ demo: true, poolSize: POOL });
    registerToy(t);
    const op = operatorActor();
    unit = (await t.ctx.access.createOrgUnit(op, { name: '市政维修队', kind: 'department', divisionCode: '140403' }))
      .id;
    const account = await t.ctx.identity.findByUsername('handler');
    assert.ok(account, 'the demo handler exists');
    await t.ctx.access.grant(op, {
      accountId: account.id,
      roleCode: 'handler',
      scopeKind: 'org_unit',
      scopeValues: [unit],
    });
    handler = await loginAs(t, 'handler');
  });
  after(() => t.close());

  async function assignedCase(): Promise<{ id: string; taskId: string }> {
    const opened = await t.ctx.engine.open(actorWith('acceptor'), 'toy', 'report', {
      divisionCode: '140403001001',
      inputs: { title: '井盖缺失' },
    });
    const assigned = await t.ctx.engine.apply(actorWith('dispatcher'), opened.case.id, 'assign', { inputs: { unit } });
    const task = assigned.tasks[0];
    assert.ok(task, 'assigning opened a task');
    return { id: opened.case.id, taskId: task.id };
  }

  test(`${PARALLEL} parallel attempts to accept the same task: exactly one succeeds, the others get 409`, async () => {
    const { id, taskId } = await assignedCase();
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        t.inject({
          method: 'POST',
          url: `/api/cases/${id}/actions/accept`,
          headers: handler,
          payload: { taskId },
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 200).length, 1, `one success: ${codes.join(',')}`);
    assert.equal(codes.filter((c) => c === 409).length, PARALLEL - 1, `the rest refused: ${codes.join(',')}`);
    const refusal = responses.find((r) => r.statusCode === 409)?.json() as { error: { code: string } };
    assert.equal(refusal.error.code, 'TASK_NOT_ALLOWED');
    const log = await t.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from case_action where case_id = $1 and action = 'accept'`,
      [id],
    );
    assert.equal(log[0]?.n, 1, 'one log entry');
    assert.deepEqual((await t.ctx.engine.rebuild({ dryRun: true })).differences, []);
  });

  test(`${PARALLEL} parallel attempts naming the same version: one wins, the others are told the case is stale`, async () => {
    const { id } = await assignedCase();
    const version = (await t.ctx.engine.get(actorWith('dutychief'), id)).case.version;
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, () =>
        t.ctx.engine.apply(actorWith('dutychief'), id, 'suspend', { version, inputs: { reason: '等待材料' } }),
      ),
    );
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code));
    assert.equal(codes.filter((c) => c === 'ok').length, 1, codes.join(','));
    assert.equal(codes.filter((c) => c === 'CASE_STALE').length, PARALLEL - 1, codes.join(','));
  });

  test('sweeps running side by side with user actions log each crossing once, and the log still rebuilds the tables', async () => {
    const cases = [];
    for (let i = 0; i < 24; i++) cases.push(await assignedCase());
    // Ten days on: every clock of these cases (3 working days, 4 working hours) has run out.
    t.clock.advance(10 * 24 * 3600_000);
    const results = await Promise.allSettled([
      t.ctx.engine.sweep(),
      t.ctx.engine.sweep(),
      t.ctx.engine.sweep({ batch: 5 }),
      ...cases
        .slice(0, 8)
        .map((c) => t.ctx.engine.apply(actorWith('dutychief'), c.id, 'suspend', { inputs: { reason: '等待材料' } })),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failed, [], 'no sweep and no action failed');
    const swept = results
      .slice(0, 3)
      .map((r) => (r as PromiseFulfilledResult<{ yellow: number; red: number }>).value)
      .reduce((n, r) => n + r.yellow + r.red, 0);
    const [logged] = await t.ctx.database.query<{ n: number; clocks: number; twice: number }>(
      `with e as (
         select case_id, c->>'holder' as holder, c->>'clock' as clock, c->>'status' as status
         from case_action cross join lateral jsonb_array_elements(effects->'clockTimes') c
         where action in ('$deadline.yellow', '$deadline.red') and at = $1)
       select count(*)::int as n, count(distinct (case_id, holder, clock))::int as clocks,
         (select count(*)::int from (select 1 from e group by case_id, holder, clock, status having count(*) > 1) x) as twice
       from e`,
      [t.clock.now()],
    );
    assert.equal(logged?.n, swept, 'one log entry per recolouring the sweeps reported');
    assert.equal(logged?.twice, 0, 'no clock recoloured twice to the same colour');
    assert.ok((logged?.clocks ?? 0) >= 24, `every case's running clock was recoloured (${logged?.clocks})`);
    const [left] = await t.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from case_deadline where state = 'running' and status <> 'red' and due_at <= $1`,
      [t.clock.now()],
    );
    assert.equal(left?.n, 0, 'no running clock is left past its due time');
    assert.deepEqual((await t.ctx.engine.rebuild({ dryRun: true })).differences, []);
  });
});
