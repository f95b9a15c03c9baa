import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';

type Json = Record<string, unknown>;

describe(`urban intake: POST /api/cases (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let gridworker: Record<string, string>;
  let acceptor: Record<string, string>;
  /** A grid of the gridworker's town (东街街道, 140403001) and a point inside it. */
  let grid: { code: string; communityCode: string; lng: number; lat: number };
  let photos: string[];

  before(async () => {
    t = await createTestApp({ demo: true });
    gridworker = await loginAs(t, 'gridworker');
    acceptor = await loginAs(t, 'acceptor');
    grid = await demoGridPoint(t);
    photos = [];
    for (const colour of ['#6a6', '#888']) {
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: colour } })
        .png()
        .toBuffer();
      photos.push(
        (await t.ctx.files.upload(operatorActor(), { content: png, filename: 'site.png', ownerDivision: '140403001' }))
          .id,
      );
    }
  });
  after(() => t.close());

  const report = (headers: Record<string, string>, body: Json, key?: string) =>
    t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: key ? { ...headers, 'idempotency-key': key } : headers,
      payload: body,
    });
  const rubbish = () => ({
    location: { lng: grid.lng, lat: grid.lat, address: '东街与英雄路口' },
    category: { codeSet: 'cjt214.event', code: '0102' },
    description: '路口有暴露垃圾,堆放约两平方米',
    attachments: [photos[0]],
  });

  test('a grid worker reports a problem: located to its grid and community, classified, numbered, ready to accept', async () => {
    const r = await report(gridworker, rubbish(), 'intake-first-report');
    assert.equal(r.statusCode, 201, r.body);
    const c = r.json() as Json & { data: Json; actions: { action: string }[] };
    assert.equal(c.workflow, 'urban');
    assert.equal(c.state, 'reported');
    assert.equal(c.gridCode, grid.code);
    assert.equal(c.divisionCode, grid.communityCode, 'the grid fixes the owning community');
    assert.match(String(c.number), /^140403\d{8}\d{5}$/, 'county + local date + sequence');
    const today = t.ctx.time.today().replaceAll('-', '');
    assert.equal(String(c.number).slice(6, 14), today, 'the business date in Asia/Shanghai');
    assert.equal(c.data.channel, 'grid', "a grid worker's report is a grid report");
    assert.equal((c.data.category as Json).nameZh, '暴露垃圾');
    assert.equal(c.data.title, '路口有暴露垃圾,堆放约两平方米');

    // A retry with the same key answers the same case; no second case exists.
    const again = await report(gridworker, rubbish(), 'intake-first-report');
    assert.equal(again.statusCode, 201, again.body);
    assert.equal((again.json() as Json).id, c.id);
    const [count] = await t.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from case_file where number = $1`,
      [c.number],
    );
    assert.equal(count?.n, 1, 'one case for the two requests');

    // The next report of the day takes the next number.
    const next = await report(gridworker, rubbish());
    assert.equal(next.statusCode, 201, next.body);
    assert.equal(Number(String((next.json() as Json).number).slice(-5)), Number(String(c.number).slice(-5)) + 1);

    // The acceptor sees it and accepts it.
    const accepted = await t.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/actions/accept`,
      headers: acceptor,
      payload: {},
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal((accepted.json() as Json).state, 'accepted');
  });

  test('a problem fixed on the spot is reported with before and after photos for the duty chief to confirm', async () => {
    const r = await report(gridworker, {
      ...rubbish(),
      action: 'self-resolve',
      note: '已当场清理',
      attachments: photos,
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal((r.json() as Json).state, 'self_resolved');
    const one = await report(gridworker, { ...rubbish(), action: 'self-resolve', attachments: [photos[0]] });
    assert.equal(one.statusCode, 400, one.body);
    assert.equal((one.json() as { error: { code: string } }).error.code, 'ACTION_INPUT_INVALID');
  });

  test('refused with a reason the reporter can act on: place, category, channel, input, sign-in', async () => {
    const code = (r: { json(): unknown }) => (r.json() as { error: { code: string } }).error.code;
    const far = await report(gridworker, { ...rubbish(), location: { lng: 116.4, lat: 39.9 } });
    assert.equal(far.statusCode, 422, far.body);
    assert.equal(code(far), 'URBAN_LOCATION_OUTSIDE');
    for (const category of ['0199', '01']) {
      const r = await report(gridworker, { ...rubbish(), category: { codeSet: 'cjt214.event', code: category } });
      assert.equal(r.statusCode, 422, `${category}: ${r.body}`);
      assert.equal(code(r), 'URBAN_CATEGORY_UNKNOWN');
    }
    const hotline = await report(gridworker, { ...rubbish(), channel: 'hotline' });
    assert.equal(hotline.statusCode, 403, hotline.body);
    assert.equal(code(hotline), 'URBAN_CHANNEL_FORBIDDEN');
    const english = await report({ ...gridworker, 'accept-language': 'en-US' }, { ...rubbish(), channel: 'hotline' });
    assert.match((english.json() as { error: { message: string } }).error.message, /Your role cannot record/);
    const bad = await report(gridworker, { location: { lng: 'x' }, description: '' });
    assert.equal(bad.statusCode, 400, bad.body);
    const stranger = await t.inject({ method: 'POST', url: '/api/cases', payload: rubbish() });
    assert.equal(stranger.statusCode, 401, stranger.body);
  });

  test("the dispatcher is offered the rule's unit for 暴露垃圾 in a town with a rule, the town itself where there is none", async () => {
    const op = operatorActor();
    // The demo data's 潞州区东街街道办事处 answers for the town.
    const [town] = await t.ctx.database.query<{ id: string }>(
      `select id from org_unit where division_code = '140403001' and kind = 'street_office' and status = 'active'`,
    );
    assert.ok(town, 'the demo street office of 东街街道');
    const sanitation = await t.ctx.access.createOrgUnit(op, {
      name: '潞州区环卫中心',
      kind: 'department',
      divisionCode: '140403',
    });
    const dispatcher = await loginAs(t, 'dispatcher');
    const dutychief = await loginAs(t, 'dutychief');
    const proposal = async (id: string) => {
      const r = await t.inject({ method: 'GET', url: `/api/cases/${id}/dispatch-proposal`, headers: dispatcher });
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as {
        lead: string;
        limit: { amount: number; unit: string };
        source: { kind: string };
        explanation: string;
        limitSource: string;
      };
    };

    const first = (await report(gridworker, rubbish())).json() as Json;
    const none = await proposal(String(first.id));
    assert.equal(none.lead, town.id, `no rule: the town/street is responsible (属地兜底): ${none.explanation}`);
    assert.equal(none.source.kind, 'fallback');
    assert.deepEqual(none.limit, { amount: 4, unit: 'working_hours' }, "暴露垃圾's handling limit");
    assert.match(none.limitSource, /暴露垃圾/);
    assert.match(none.limitSource, /4 个工作时/, "in the engine's words for the unit");

    const rule = await t.inject({
      method: 'POST',
      url: '/api/routing/rules',
      headers: dutychief,
      payload: { codeSet: 'cjt214.event', categoryCode: '0102', divisionCode: '140403001', leadUnitId: sanitation.id },
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const second = (await report(gridworker, rubbish())).json() as Json;
    const ruled = await proposal(String(second.id));
    assert.equal(ruled.lead, sanitation.id, `the rule's unit: ${ruled.explanation}`);
    assert.equal(ruled.source.kind, 'rule');

    // The dispatcher dispatches as proposed: the lead unit's task and the category's clock.
    const dispatched = async (id: string, p: Awaited<ReturnType<typeof proposal>>) => {
      for (const step of ['accept', 'register', 'dispatch']) {
        const who = step === 'accept' ? acceptor : step === 'register' ? dutychief : dispatcher;
        const payload = step === 'dispatch' ? { inputs: { lead: p.lead, limit: p.limit } } : {};
        const r = await t.inject({ method: 'POST', url: `/api/cases/${id}/actions/${step}`, headers: who, payload });
        assert.equal(r.statusCode, 200, `${step}: ${r.body}`);
        if (step === 'dispatch')
          return r.json() as {
            tasks: { kind: string; assigneeUnit: string }[];
            deadlines: { clock: string; amount: number }[];
          };
      }
      throw new Error('not dispatched');
    };
    const d = await dispatched(String(second.id), ruled);
    assert.equal(d.tasks.find((x) => x.kind === 'lead')?.assigneeUnit, sanitation.id);
    assert.equal(d.deadlines.find((x) => x.clock === 'handle')?.amount, 4);
  });
});
