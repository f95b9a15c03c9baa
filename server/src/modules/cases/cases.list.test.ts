import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';

type Headers = Record<string, string>;
interface Item {
  id: string;
  number: string;
  state: string;
  stateName: string;
  categoryCode: string;
  categoryName: string;
  leadUnit: string | null;
  deadlineStatus: string | null;
}
interface ListPage {
  items: Item[];
  total: number;
}

describe(`the case list: filters, sorting, who sees what (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let roads: string;
  let point: { lng: number; lat: number };

  const login = async () => {
    for (const name of ['gridworker', 'acceptor', 'dutychief', 'dispatcher', 'handler', 'admin'])
      as[name] = await loginAs(t, name);
  };

  before(async () => {
    t = await createTestApp({ demo: true });
    const op = operatorActor();
    roads = (
      await t.ctx.access.createOrgUnit(op, { name: '潞州区市政维修队', kind: 'department', divisionCode: '140403' })
    ).id;
    const handler = await t.ctx.identity.findByUsername('handler');
    assert.ok(handler, 'the demo handler exists');
    await t.ctx.access.grant(op, {
      accountId: handler.id,
      roleCode: 'handler',
      scopeKind: 'org_unit',
      scopeValues: [roads],
    });
    await login();
    const g = await demoGridPoint(t);
    point = { lng: g.lng, lat: g.lat };
  });
  after(() => t.close());

  const list = async (who: string, query = '') => {
    const r = await t.inject({ method: 'GET', url: `/api/cases?workflow=urban${query}`, headers: as[who]! });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as ListPage;
  };
  const report = async (code: string, description: string) => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.gridworker!,
      payload: { location: point, category: { code }, description },
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: string; number: string };
  };
  const act = async (who: string, id: string, action: string, inputs: Record<string, unknown> = {}) => {
    const r = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: as[who]!,
      payload: { inputs },
    });
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  };

  test('the dispatcher filters by category, state, number, unit and deadline colour; the department finds what it was given', async () => {
    const rubbish = await report('0102', '英雄路口暴露垃圾');
    const dirty = await report('0104', '英雄路道路不洁');

    const all = await list('dispatcher');
    assert.ok(all.total >= 2, `both reports listed (${all.total})`);
    assert.deepEqual(
      all.items.slice(0, 2).map((i) => i.id),
      [dirty.id, rubbish.id],
      'newest first by default',
    );
    const byCategory = await list('dispatcher', '&category=0102');
    assert.ok(
      byCategory.items.every((i) => i.categoryCode === '0102'),
      'only 暴露垃圾',
    );
    assert.equal(byCategory.items.find((i) => i.id === rubbish.id)?.categoryName, '暴露垃圾');
    const byNumber = await list('dispatcher', `&q=${dirty.number}`);
    assert.deepEqual(
      byNumber.items.map((i) => i.id),
      [dirty.id],
    );
    assert.equal((await list('dispatcher', `&state=reported&q=${dirty.number}`)).total, 1);
    assert.equal((await list('dispatcher', `&state=closed&q=${dirty.number}`)).total, 0);

    // The department's own list (its unit's open tasks) is empty until a case is dispatched to it.
    assert.equal((await list('handler', `&unit=${roads}`)).total, 0, 'nothing given to the unit yet');
    await act('acceptor', rubbish.id, 'accept');
    await act('dutychief', rubbish.id, 'register');
    await act('dispatcher', rubbish.id, 'dispatch', {
      lead: roads,
      limit: { amount: 4, unit: 'working_hours' },
      overrideReason: '路面上的垃圾由市政维修队一并清理',
    });
    const mine = await list('handler', `&unit=${roads}`);
    assert.deepEqual(
      mine.items.map((i) => [i.id, i.stateName, i.leadUnit]),
      [[rubbish.id, '处置中', roads]],
    );
    assert.deepEqual(
      (await list('dispatcher', `&unit=${roads}`)).items.map((i) => i.id),
      [rubbish.id],
    );
    assert.equal((await list('dispatcher', `&deadlineStatus=red&unit=${roads}`)).total, 0, 'not overdue yet');

    // Two working days later the handling clock is red (the sweep), and the list says so.
    t.clock.advance(3 * 24 * 3600_000);
    await t.ctx.engine.sweep();
    await login();
    const red = await list('dispatcher', `&deadlineStatus=red&unit=${roads}`);
    assert.deepEqual(
      red.items.map((i) => [i.id, i.deadlineStatus]),
      [[rubbish.id, 'red']],
    );

    // Sorting and paging follow the one list convention.
    const byNumberAsc = await list('dispatcher', '&sort=number&pageSize=1');
    assert.equal(byNumberAsc.items.length, 1);
    assert.ok(byNumberAsc.total >= 2, 'the total counts every match, not the page');
    const bad = await t.inject({ method: 'GET', url: '/api/cases?sort=title', headers: as.dispatcher! });
    assert.equal(bad.statusCode, 400, bad.body);
    const anonymous = await t.inject({ method: 'GET', url: '/api/cases' });
    assert.equal(anonymous.statusCode, 401);
  });

  test('the same list exports to .xlsx: a title with the filter, the header row, one row per case in the same order', async () => {
    const query = '&category=0102&sort=-openedAt';
    const page = await list('dispatcher', query);
    assert.ok(page.total >= 1, 'something to export');
    const r = await t.inject({
      method: 'GET',
      url: `/api/cases/export?workflow=urban${query}`,
      headers: as.dispatcher!,
    });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    assert.match(String(r.headers['content-disposition']), /filename\*=UTF-8''%E6%A1%88%E4%BB%B6/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('案件列表');
    assert.ok(sheet, 'a sheet named 案件列表');
    assert.match(String(sheet.getRow(1).getCell(1).value), /category=0102/);
    assert.deepEqual((sheet.getRow(3).values as unknown[]).slice(1, 5), ['案件编号', '状态', '标题', '问题小类']);
    const numbers: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) numbers.push(String(row.getCell(1).value));
    });
    assert.deepEqual(
      numbers,
      page.items.map((i) => i.number),
      'the rows the list shows, in its order',
    );
    assert.equal(String(sheet.getRow(4).getCell(4).value), '暴露垃圾');
    const english = await t.inject({
      method: 'GET',
      url: `/api/cases/export?workflow=urban${query}`,
      headers: { ...as.dispatcher!, 'accept-language': 'en-US' },
    });
    const en = new ExcelJS.Workbook();
    await en.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
    assert.equal(String(en.getWorksheet('Cases')?.getRow(3).getCell(1).value), 'Number');
  });
});
