import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';

type Headers = Record<string, string>;
interface Usage {
  grid: string;
  days: number;
  since: string;
  items: {
    codeSet: string;
    code: string;
    name: string;
    nameZh: string;
    nameEn: string;
    count: number;
    lastReportedAt: string;
  }[];
}

describe(`category usage of a grid, most used first (GET /api/urban/category-usage, ${TEST_ENGINE})`, () => {
  let t: TestApp;
  let a: { code: string; communityCode: string; lng: number; lat: number };
  let b: { code: string; communityCode: string; lng: number; lat: number };

  /** Reports as the demo grid worker at a time (signing in again: sessions end when the clock jumps). */
  async function reportAt(when: string, place: { lng: number; lat: number }, code: string): Promise<void> {
    t.clock.set(when);
    const r = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: await loginAs(t, 'gridworker'),
      payload: {
        location: { lng: place.lng, lat: place.lat },
        category: { codeSet: 'cjt214.event', code },
        description: `网格巡查发现问题 ${code}`,
      },
    });
    assert.equal(r.statusCode, 201, r.body);
  }

  const usage = async (headers: Headers, query: string) => {
    const r = await t.inject({ method: 'GET', url: `/api/urban/category-usage?${query}`, headers });
    return { status: r.statusCode, body: r.json() as Usage & { error?: { code: string } }, raw: r.body };
  };

  before(async () => {
    t = await createTestApp({ demo: true });
    a = await demoGridPoint(t);
    const [other] = await t.ctx.database.query<{ code: string }>(
      `select code from grid where community_code like '140403001%' and community_code <> $1 and valid_to is null
       order by code limit 1`,
      [a.communityCode],
    );
    assert.ok(other);
    b = await demoGridPoint(t, other.code.slice(0, 12));
    // 100 days ago: 水域不洁 once (outside 90 days).
    await reportAt('2025-11-22T02:00:00Z', a, '0105');
    // In the last weeks in grid A: 积存垃圾渣土 three times, 暴露垃圾 twice, 道路不洁 twice (more recently than 暴露垃圾).
    await reportAt('2026-02-10T02:00:00Z', a, '0102');
    await reportAt('2026-02-11T02:00:00Z', a, '0103');
    await reportAt('2026-02-12T02:00:00Z', a, '0102');
    await reportAt('2026-02-20T02:00:00Z', a, '0104');
    await reportAt('2026-02-21T02:00:00Z', a, '0103');
    await reportAt('2026-02-25T02:00:00Z', a, '0104');
    await reportAt('2026-03-01T02:00:00Z', a, '0103');
    // Grid B: 暴露垃圾 four times — not grid A's business.
    for (const day of ['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01'])
      await reportAt(`${day}T03:00:00Z`, b, '0102');
    t.clock.set('2026-03-02T02:00:00Z');
  });
  after(() => t.close());

  test('the grid’s categories of the last 90 days, most used first; ties go to the most recently used', async () => {
    const r = await usage(await loginAs(t, 'gridworker'), `grid=${a.code}`);
    assert.equal(r.status, 200, r.raw);
    assert.equal(r.body.grid, a.code);
    assert.equal(r.body.days, 90);
    assert.equal(r.body.since, '2025-12-02T10:00:00+08:00');
    assert.deepEqual(
      r.body.items.map((i) => [i.code, i.count, i.name]),
      [
        ['0103', 3, '积存垃圾渣土'],
        ['0104', 2, '道路不洁'],
        ['0102', 2, '暴露垃圾'],
      ],
    );
    assert.equal(r.body.items[0]!.lastReportedAt, '2026-03-01T10:00:00+08:00');
    assert.equal(r.body.items[0]!.nameEn, 'Accumulated garbage and muck');

    const english = await t.inject({
      method: 'GET',
      url: `/api/urban/category-usage?grid=${a.code}&days=7`,
      headers: { ...(await loginAs(t, 'supervisor')), 'accept-language': 'en-US' },
    });
    assert.equal(english.statusCode, 200, english.body);
    assert.deepEqual(
      (english.json() as Usage).items.map((i) => [i.code, i.count, i.name]),
      [
        ['0103', 1, 'Accumulated garbage and muck'],
        ['0104', 1, 'Unclean road'],
      ],
      'the last 7 days only',
    );

    const longer = await usage(await loginAs(t, 'gridworker'), `grid=${a.code}&days=120`);
    assert.deepEqual(
      longer.body.items.map((i) => [i.code, i.count]),
      [
        ['0103', 3],
        ['0104', 2],
        ['0102', 2],
        ['0105', 1],
      ],
    );
    const other = await usage(await loginAs(t, 'gridworker'), `grid=${b.code}`);
    assert.deepEqual(
      other.body.items.map((i) => [i.code, i.count]),
      [['0102', 4]],
    );
  });

  test('a grid outside the caller’s area does not exist for them', async () => {
    const op = operatorActor();
    const { account } = await t.ctx.identity.createUser(op, {
      username: 'usage-elsewhere',
      password: 'Usage-Check-2026!q',
      displayName: '外区网格员',
      ownerDivision: b.communityCode,
      mustChangePassword: false,
    });
    await t.ctx.access.grant(op, {
      accountId: account.id,
      roleCode: 'gridworker',
      scopeKind: 'division',
      scopeValues: [b.communityCode],
    });
    const neighbour = await loginAs(t, 'usage-elsewhere', 'Usage-Check-2026!q');
    const hidden = await usage(neighbour, `grid=${a.code}`);
    assert.equal(hidden.status, 404, hidden.raw);
    assert.equal(hidden.body.error?.code, 'URBAN_GRID_NOT_FOUND');
    assert.equal((await usage(neighbour, `grid=${b.code}`)).status, 200);
    assert.equal((await usage(await loginAs(t, 'gridworker'), 'grid=140404001001001')).status, 404, 'no such grid');
    assert.equal((await usage(await loginAs(t, 'gridworker'), `grid=${a.code}&days=0`)).status, 400);
    assert.equal((await usage(await loginAs(t, 'gridadmin'), `grid=${a.code}`)).status, 403, 'reads no cases');
  });
});
