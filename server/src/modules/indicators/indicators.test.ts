import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import type { UrbanLoop } from '../../../test/urban-loop.ts';
import { marchOfActivity } from '../../../test/urban-month.ts';
import { operatorActor } from '../../platform/access.ts';
import { periodOf } from './indicators.definitions.ts';

type Headers = Record<string, string>;
interface Figure {
  key: string;
  numerator: number;
  denominator: number;
  rate: number | null;
}
interface Row {
  key: string;
  name: string | null;
  figures: Figure[];
  composite: number | null;
}
interface Table {
  period: { kind: string; from: string; to: string };
  division: string;
  rows: Row[];
  total: Row;
  weights: { values: Record<string, number>; versionId: string | null; at: string };
}

test('periods in business dates: half-months are the 1st–15th and the 16th–end', () => {
  assert.deepEqual(periodOf('half-month', '2026-02-16'), { kind: 'half-month', from: '2026-02-16', to: '2026-02-28' });
  assert.deepEqual(periodOf('half-month', '2026-03-15'), { kind: 'half-month', from: '2026-03-01', to: '2026-03-15' });
  assert.deepEqual(periodOf('quarter', '2026-05-31'), { kind: 'quarter', from: '2026-04-01', to: '2026-06-30' });
  assert.deepEqual(periodOf('year', '2026-12-31'), { kind: 'year', from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(periodOf('day', '2026-03-02'), { kind: 'day', from: '2026-03-02', to: '2026-03-02' });
});

/**
 * The hand-built month (server/test/urban-month.ts: March 2026 in 东街街道, two departments, nine cases as the
 * actions taken on them at their business times) and the figures it must give, written as numbers.
 */
describe(`indicators: a hand-built month of activity gives exactly these figures (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let loop: UrbanLoop;
  let A: string;
  let B: string;
  let one: { division: string; grid: string };
  let two: { division: string; grid: string };
  const as: Record<string, Headers> = {};

  before(async () => {
    t = await createTestApp({ demo: true });
    ({ loop, A, B, one, two } = await marchOfActivity(t));

    for (const name of ['leader', 'handler', 'admin']) as[name] = await loginAs(t, name);
  });
  after(() => t.close());

  const get = async (url: string, headers: Headers = as.leader!) => {
    const r = await t.inject({ method: 'GET', url, headers });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const figures = (row: Row) =>
    Object.fromEntries(row.figures.map((f) => [f.key, [f.numerator, f.denominator, f.rate]]));

  test('by lead unit: each unit’s figures and composite score; reports and checks belong to no unit', async () => {
    const table = (await get('/api/indicators?period=month&date=2026-03-17&by=unit')) as Table;
    assert.deepEqual(table.period, { kind: 'month', from: '2026-03-01', to: '2026-03-31' });
    const row = (key: string) => table.rows.find((r) => r.key === key) as Row;
    assert.deepEqual(
      table.rows.map((r) => r.key),
      [B, A, ''],
      'ranked by the composite score (none last)',
    );
    assert.equal(row(A).name, '潞州区市政维修队');
    //                                   numerator, denominator, rate
    assert.deepEqual(figures(row(A)), {
      closedOnTimeRate: [2, 4, 0.5], //   C1, C7 of C1 C2 C6 C7 due
      closureRate: [3, 4, 0.75], //       C1, C2, C7
      handlingRate: [3, 4, 0.75],
      handledOnTimeRate: [2, 4, 0.5],
      reworkRate: [0, 4, 0],
      closedLateRate: [1, 4, 0.25], //    C2
      extensionRate: [0, 4, 0],
      overduePendingRate: [1, 4, 0.25], // C6
      returnRate: [1, 7, 0.1429], //      C3's first dispatch, of C1 C2 C3 C6 C7×2 C9
      satisfactionRate: [1, 2, 0.5], //   C7's two visits
      firstTimeRate: [2, 3, 0.6667], //   C1, C2 of C1 C2 C7 closed
      checkedOnTimeRate: [0, 0, null],
      validReportRate: [0, 0, null],
    });
    assert.equal(row(A).composite, 77.5); // 0.75×30 + 0.5×20 + 1×20 + 0.75×20 + 1×10
    assert.deepEqual(figures(row(B)), {
      closedOnTimeRate: [2, 2, 1], //     C3, C4
      closureRate: [2, 2, 1],
      handlingRate: [2, 2, 1],
      handledOnTimeRate: [2, 2, 1],
      reworkRate: [1, 2, 0.5], //         C4
      closedLateRate: [0, 2, 0],
      extensionRate: [1, 2, 0.5], //      C4
      overduePendingRate: [0, 2, 0],
      returnRate: [0, 4, 0], //           C3, C4×2 (rework), C5
      satisfactionRate: [0, 0, null],
      firstTimeRate: [0, 2, 0],
      checkedOnTimeRate: [0, 0, null],
      validReportRate: [0, 0, null],
    });
    assert.equal(row(B).composite, 85); // 1×30 + 1×20 + 0.5×20 + 1×20 + 0.5×10
    const none = figures(row(''));
    assert.deepEqual(none.validReportRate, [8, 9, 0.8889]); // all but C8
    assert.deepEqual(none.checkedOnTimeRate, [6, 7, 0.8571]); // all check rounds but C2's
    assert.equal(row('').composite, null);
    assert.deepEqual(figures(table.total).handlingRate, [5, 6, 0.8333]);
    assert.deepEqual(figures(table.total).returnRate, [1, 11, 0.0909]);
    assert.equal(table.total.composite, 80); // 30×5/6 + 20×4/6 + 20×5/6 + 20×5/6 + 10×5/6
    assert.deepEqual(table.weights.values, {
      handlingRate: 30,
      onTimeHandlingRate: 20,
      reworkRate: 20,
      overduePendingRate: 20,
      extensionRate: 10,
    });
    assert.equal(table.weights.versionId, null);
  });

  test('by division and grid: the communities of the town, and a half-month', async () => {
    const byDivision = (await get(
      '/api/indicators?period=month&date=2026-03-01&by=division&division=140403001',
    )) as Table;
    assert.equal(byDivision.division, '140403001');
    const row = (key: string) => figures(byDivision.rows.find((r) => r.key === key) as Row);
    assert.deepEqual(row(one.division).handlingRate, [3, 4, 0.75]); // C1 C2 C6 C7
    assert.deepEqual(row(two.division).handlingRate, [2, 2, 1]); //   C3 C4
    assert.deepEqual(row(one.division).validReportRate, [5, 6, 0.8333]); // C1 C2 C6 C7 C9 of those and C8
    const byGrid = (await get('/api/indicators?period=month&date=2026-03-31&by=grid')) as Table;
    assert.deepEqual(byGrid.rows.map((r) => r.key).sort(), [one.grid, two.grid].sort());
    // The first half of March: C1 (due 03-04) and C2 (due 03-07) of unit A; C3 (due 03-12) of B.
    const half = (await get('/api/indicators?period=half-month&date=2026-03-10&by=unit')) as Table;
    assert.deepEqual(half.period, { kind: 'half-month', from: '2026-03-01', to: '2026-03-15' });
    assert.deepEqual(figures(half.rows.find((r) => r.key === A) as Row).closedOnTimeRate, [1, 2, 0.5]);
    assert.deepEqual(figures(half.rows.find((r) => r.key === B) as Row).closedOnTimeRate, [1, 1, 1]);
    // April: C9 is due on 04-01.
    const april = (await get('/api/indicators?period=month&date=2026-04-01')) as Table;
    assert.deepEqual(figures(april.total).handlingRate, [0, 1, 0]);
  });

  test('every figure drills down to the cases behind it', async () => {
    const page = (await get(
      `/api/indicators/handlingRate/cases?period=month&date=2026-03-01&by=unit&row=${A}&part=denominator`,
    )) as { items: { number: string; state: string; handleDueAt: string; day: string }[]; total: number };
    assert.equal(page.total, 4);
    assert.deepEqual(
      page.items.map((i) => [i.number, i.day, i.state]),
      [
        ['T00001', '2026-03-04', 'closed'],
        ['T00002', '2026-03-07', 'closed'],
        ['T00006', '2026-03-26', 'dispatched'],
        ['T00007', '2026-03-29', 'closed'],
      ],
    );
    assert.equal(page.items[2]?.handleDueAt, '2026-03-26T09:30:00+08:00');
    const late = (await get(`/api/indicators/closedLateRate/cases?date=2026-03-01&part=numerator`)) as {
      items: { number: string; closureType: string | null }[];
    };
    assert.deepEqual(
      late.items.map((i) => [i.number, i.closureType]),
      [['T00002', 'overdue']],
    );
    const returns = (await get(`/api/indicators/returnRate/cases?date=2026-03-01&row=${A}&part=numerator`)) as {
      items: { number: string; ref: string }[];
      total: number;
    };
    assert.equal(returns.total, 1);
    assert.equal(returns.items[0]?.number, 'T00003');
  });

  test('the rollups equal a full recomputation; a rebuild from scratch gives the same figures', async () => {
    const verify = await t.inject({ method: 'GET', url: '/api/indicators/verify', headers: as.admin! });
    assert.equal(verify.statusCode, 200, verify.body);
    assert.deepEqual(verify.json().differences, []);
    assert.equal(verify.json().cases, 9);
    const before = await get('/api/indicators?date=2026-03-01');
    const rebuilt = await t.inject({ method: 'POST', url: '/api/indicators/rebuild', headers: as.admin! });
    assert.equal(rebuilt.statusCode, 200, rebuilt.body);
    assert.equal(rebuilt.json().cases, 9);
    assert.deepEqual(await get('/api/indicators?date=2026-03-01'), before);
  });

  test('the composite score follows the weights in force on the period’s first day', async () => {
    loop.at('2026-03-31 18:00');
    const version = await t.ctx.config.addVersion(operatorActor(), {
      key: 'indicators.composite-weights',
      divisionCode: '140403',
      effectiveFrom: '2026-04-01',
      value: { handlingRate: 50, onTimeHandlingRate: 50, reworkRate: 0, overduePendingRate: 0, extensionRate: 0 },
    });
    const march = (await get('/api/indicators?date=2026-03-01&division=140403001')) as Table;
    assert.equal(march.weights.versionId, null);
    assert.equal(march.total.composite, 80);
    const april = (await get('/api/indicators?date=2026-04-30&division=140403001')) as Table;
    assert.equal(april.weights.versionId, version.id);
    assert.equal(april.weights.at, '2026-04-01');
    assert.equal(april.total.composite, 0); // C9 due, not handled: 0×50 + 0×50
  });

  test('a caller sees only the cases of their area; errors are in the caller’s language', async () => {
    const op = operatorActor();
    const { account } = await t.ctx.identity.createUser(
      op,
      {
        username: 'community.leader',
        password: 'Leader-2026-civicgrid',
        displayName: '社区领导',
        ownerDivision: two.division,
        mustChangePassword: false,
      },
      undefined,
      { bypassPasswordPolicy: true },
    );
    await t.ctx.access.grant(op, {
      accountId: account.id,
      roleCode: 'leader',
      scopeKind: 'division',
      scopeValues: [two.division],
    });
    const local = await loginAs(t, 'community.leader', 'Leader-2026-civicgrid');
    const mine = (await get('/api/indicators?date=2026-03-01&by=unit', local)) as Table;
    assert.equal(mine.division, two.division);
    assert.deepEqual(figures(mine.total).handlingRate, [2, 2, 1]); // C3, C4 only
    assert.equal(mine.rows.find((r) => r.key === A)?.figures.find((f) => f.key === 'returnRate')?.numerator, 1);
    // The town contains their community: the town's figures, of their community only.
    const town = (await get('/api/indicators?date=2026-03-01&division=140403001', local)) as Table;
    assert.deepEqual(figures(town.total).handlingRate, [2, 2, 1]);
    const cases = (await get(`/api/indicators/handlingRate/cases?date=2026-03-01`, local)) as { total: number };
    assert.equal(cases.total, 2);

    const outside = await t.inject({ method: 'GET', url: `/api/indicators?division=${one.division}`, headers: local });
    assert.equal(outside.statusCode, 403);
    assert.equal(outside.json().error.code, 'OUT_OF_SCOPE');
    const handler = await t.inject({ method: 'GET', url: '/api/indicators', headers: as.handler! });
    assert.equal(handler.statusCode, 403);
    assert.equal(handler.json().error.code, 'FORBIDDEN');
    const rebuild = await t.inject({ method: 'POST', url: '/api/indicators/rebuild', headers: as.leader! });
    assert.equal(rebuild.statusCode, 403);
    const unknown = await t.inject({
      method: 'GET',
      url: '/api/indicators/speedRate/cases',
      headers: { ...as.leader!, 'accept-language': 'en-US' },
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'INDICATOR_UNKNOWN');
    assert.match(unknown.json().error.message, /There is no indicator "speedRate"/);
    const zh = await t.inject({ method: 'GET', url: '/api/indicators/speedRate/cases', headers: as.leader! });
    assert.match(zh.json().error.message, /没有名为“speedRate”的指标/);
    const badPeriod = await t.inject({ method: 'GET', url: '/api/indicators?period=week', headers: as.leader! });
    assert.equal(badPeriod.statusCode, 400);
    assert.equal(badPeriod.json().error.code, 'VALIDATION_FAILED');
    const anonymous = await t.inject({ method: 'GET', url: '/api/indicators' });
    assert.equal(anonymous.statusCode, 401);
  });
});
