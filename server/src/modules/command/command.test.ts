import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';

interface Situation {
  division: string;
  mode: string;
  rows: { code: string; open: number; overdue: number }[];
  today: { opened: number; closed: number; open: number; overdue: number };
  trend: { date: string; opened: number; closed: number }[];
}

describe(`the command centre's counts on the demo data (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Record<string, string>> = {};

  before(async () => {
    t = await createTestApp({ demo: true });
    for (const name of ['gridworker', 'leader', 'supervisor']) as[name] = await loginAs(t, name);
  });
  after(() => t.close());

  async function situation(who: string, division?: string, expected = 200): Promise<Situation> {
    const url = `/api/command/situation${division === undefined ? '' : `?division=${division}`}`;
    const r = await t.inject({ method: 'GET', url, headers: as[who]! });
    assert.equal(r.statusCode, expected, `${who} GET ${url}: ${r.body}`);
    return r.json() as Situation;
  }

  test('a new case counts as opened today and open, in its county, town, community and grid', async () => {
    const before = await situation('leader');
    assert.equal(before.division, '1404', "the leader's area");
    assert.equal(before.mode, 'divisions');
    assert.equal(before.trend.length, 30);
    const g = await demoGridPoint(t);
    const r = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.gridworker!,
      payload: {
        location: { lng: g.lng, lat: g.lat },
        category: { codeSet: 'cjt214.event', code: '0104' },
        description: '驾驶舱:人行道上满是落叶',
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const now = await situation('leader');
    assert.equal(now.today.opened, before.today.opened + 1);
    assert.equal(now.today.open, before.today.open + 1);
    assert.equal(now.trend.at(-1)?.opened, now.today.opened, 'today is the last day of the trend');
    const county = now.rows.find((row) => row.code === g.code.slice(0, 6));
    assert.ok(county && county.open >= 1, 'the county row counts it');
    const community = await situation('leader', g.code.slice(0, 12));
    assert.equal(community.mode, 'grids');
    assert.ok((community.rows.find((row) => row.code === g.code)?.open ?? 0) >= 1, 'its grid counts it');
    const town = await situation('leader', g.code.slice(0, 9));
    assert.ok(town.rows.every((row) => row.code.length === 12 || row.code === town.division));
  });

  test('a supervisor of one county may look at the city (over their county) but not at another county', async () => {
    const city = await situation('supervisor', '1404');
    assert.ok(city.rows.every((row) => row.code.startsWith('140403')));
    await situation('supervisor', '140404', 403);
    await situation('gridworker', undefined, 403);
  });
});
