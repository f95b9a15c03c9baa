import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';

type Headers = Record<string, string>;
interface ErrorJson {
  error: { code: string; message: string; details: unknown };
}
interface VersionJson {
  id: string;
  ruleId: string;
  version: number;
  codeSet: string;
  categoryCode: string;
  divisionCode: string;
  fromMinute: number | null;
  toMinute: number | null;
  window: string | null;
  leadUnitId: string;
  assistUnitIds: string[];
  priority: number;
  validFrom: string;
  validTo: string | null;
  updatedBy: string;
}
interface DetailJson {
  ruleId: string;
  at: string;
  current: VersionJson | null;
  versions: VersionJson[];
}
interface SuggestionJson {
  leadUnitId: string;
  assistUnitIds: string[];
  source:
    | { kind: 'rule'; ruleId: string; version: number; divisionCode: string }
    | { kind: 'fallback'; divisionCode: string };
  explanation: { 'zh-CN': string; 'en-US': string };
  skipped: { ruleId: string; version: number; inactiveUnitIds: string[] }[];
  at: string;
}
interface ProblemJson {
  field: string;
  problem: string;
  message: string;
}

const EVENTS = 'cjt214.event';
const PASSWORD = 'Routing-Chief-2026!q';
/** The test clock's today (2026-03-02, a Monday, 10:00 in Shanghai) and a week later. */
const TODAY = '2026-03-02';
const NEXT_WEEK = '2026-03-09';
/** 西街街道 (a town with its own rules), 东街街道 (the demo town with a street office), 英雄南路街道 (no unit at all). */
const XIJIE = '140403002';
const DONGJIE = '140403001';
const YINGXIONG = '140403003';

describe(`dispatch routing over HTTP (派遣规则, ${TEST_ENGINE})`, () => {
  let t: TestApp;
  let chief: Headers;
  let dispatcher: Headers;
  let luzhouChief: Headers;
  const units: Record<string, string> = {};

  const as = (headers: Headers, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const rule = (categoryCode: string, divisionCode: string, leadUnitId: string, extra: object = {}) => ({
    codeSet: EVENTS,
    categoryCode,
    divisionCode,
    leadUnitId,
    ...extra,
  });
  const create = async (body: object, headers: Headers = chief): Promise<DetailJson> => {
    const r = await as(headers, 'POST', '/api/routing/rules', body);
    assert.equal(r.statusCode, 201, `create: ${r.body}`);
    return r.json() as DetailJson;
  };
  const suggestUrl = (category: string, division: string, at?: string) =>
    `/api/routing/suggest?codeSet=${EVENTS}&category=${category}&division=${division}${at ? `&at=${encodeURIComponent(at)}` : ''}`;
  const suggest = async (category: string, division: string, at?: string): Promise<SuggestionJson> => {
    const r = await as(dispatcher, 'GET', suggestUrl(category, division, at));
    assert.equal(r.statusCode, 200, `suggest ${category} in ${division} at ${at ?? 'now'}: ${r.body}`);
    return r.json() as SuggestionJson;
  };
  const errorOf = (r: { statusCode: number; body: string; json: () => unknown }, status: number, code: string) => {
    assert.equal(r.statusCode, status, r.body);
    const body = r.json() as ErrorJson;
    assert.equal(body.error.code, code, r.body);
    return body.error;
  };

  before(async () => {
    t = await createTestApp({ demo: true });
    // The demo's own dispatch rules (seeder demo.urban.departments) would compete with the rules built here.
    await t.ctx.database.query('delete from routing_rule');
    const op = operatorActor();
    const unit = async (
      key: string,
      name: string,
      kind: 'department' | 'station' | 'street_office',
      division: string,
    ) => {
      units[key] = (await t.ctx.access.createOrgUnit(op, { name, kind, divisionCode: division })).id;
    };
    await unit('sanitation', '潞州区环境卫生服务中心', 'department', '140403');
    await unit('patrol', '潞州区城市管理综合执法大队', 'department', '140403');
    await unit('night', '潞州区夜间保洁队', 'department', '140403');
    await unit('xijie', '西街街道环卫所', 'station', XIJIE);
    await unit('xijieOffice', '潞州区西街街道办事处', 'street_office', XIJIE);
    await unit('city', '长治市环境卫生管理处', 'department', '1404');
    await unit('shangdang', '上党区环境卫生服务中心', 'department', '140404');
    await unit('temporary', '潞州区临时保洁组', 'department', '140403');
    const [dongjieOffice] = await t.ctx.access.unitsServing(DONGJIE, ['street_office']);
    assert.ok(dongjieOffice, 'the demo data has 东街街道办事处');
    units.dongjieOffice = dongjieOffice.id;

    chief = await loginAs(t, 'dutychief');
    dispatcher = await loginAs(t, 'dispatcher');
    // A duty chief of 潞州区 (140403) only.
    const user = await as(t.operator, 'POST', '/api/admin/users', {
      username: 'zbz-luzhou',
      displayName: '潞州区值班长',
      ownerDivision: '140403',
      password: PASSWORD,
      mustChangePassword: false,
    });
    assert.equal(user.statusCode, 201, user.body);
    const grant = await as(t.operator, 'POST', '/api/admin/grants', {
      accountId: (user.json() as { id: string }).id,
      roleCode: 'dutychief',
      scopeKind: 'division',
      scopeValues: ['140403'],
    });
    assert.equal(grant.statusCode, 201, grant.body);
    luzhouChief = await loginAs(t, 'zbz-luzhou', PASSWORD);
  });
  after(() => t.close());

  test('a 暴露垃圾 report in a town with a rule goes to the rule’s unit; in a town without one, to the town itself (属地兜底)', async () => {
    const created = await create(
      rule('0102', XIJIE, units.xijie!, { assistUnitIds: [units.patrol], note: '西街街道暴露垃圾由街道环卫所主办' }),
    );
    assert.equal(created.versions.length, 1, 'one version');
    assert.equal(created.current?.version, 1, 'version 1 is in force today');
    assert.equal(created.current?.validFrom, TODAY, 'from today by default');
    assert.equal(created.current?.validTo, null, 'until further notice');

    const ruled = await suggest('0102', `${XIJIE}001`);
    assert.equal(ruled.leadUnitId, units.xijie, 'the rule’s lead unit (主办)');
    assert.deepEqual(ruled.assistUnitIds, [units.patrol], 'the rule’s assisting unit (协办)');
    assert.deepEqual(ruled.source, { kind: 'rule', ruleId: created.ruleId, version: 1, divisionCode: XIJIE });
    assert.ok(ruled.explanation['zh-CN'].includes(`派遣规则 ${created.ruleId} 第 1 版`), ruled.explanation['zh-CN']);
    assert.ok(ruled.explanation['zh-CN'].includes('西街街道'), `names the town: ${ruled.explanation['zh-CN']}`);
    assert.ok(
      ruled.explanation['en-US'].includes(`Routing rule ${created.ruleId} version 1`),
      ruled.explanation['en-US'],
    );

    const fallback = await suggest('0102', `${DONGJIE}001`);
    assert.equal(fallback.leadUnitId, units.dongjieOffice, '东街街道办事处 answers for its own town');
    assert.deepEqual(fallback.assistUnitIds, [], 'nobody assists by default');
    assert.deepEqual(fallback.source, { kind: 'fallback', divisionCode: DONGJIE });
    assert.ok(fallback.explanation['zh-CN'].includes('属地兜底'), fallback.explanation['zh-CN']);
    assert.ok(fallback.explanation['zh-CN'].includes('潞州区东街街道办事处'), fallback.explanation['zh-CN']);
    assert.ok(fallback.explanation['en-US'].includes('territorial fallback'), fallback.explanation['en-US']);

    const [audit] = await t.ctx.database.query<{ action: string; owner_division: string; target_id: string }>(
      `SELECT action, owner_division, target_id FROM audit_record WHERE action LIKE 'routing.%' AND target_id = $1`,
      [created.ruleId],
    );
    assert.deepEqual(audit, { action: 'routing.rule.created', owner_division: XIJIE, target_id: created.ruleId });
  });

  test('a town with no street office or government of its own cannot fall back: 422 in the caller’s language', async () => {
    const zh = errorOf(
      await as(dispatcher, 'GET', suggestUrl('0102', `${YINGXIONG}001`)),
      422,
      'ROUTING_NO_RESPONSIBLE_UNIT',
    );
    assert.ok(zh.message.includes('英雄南路街道'), `names the town: ${zh.message}`);
    const en = await t.inject({
      method: 'GET',
      url: suggestUrl('0102', YINGXIONG),
      headers: { ...dispatcher, 'accept-language': 'en-US' },
    });
    assert.ok(errorOf(en, 422, 'ROUTING_NO_RESPONSIBLE_UNIT').message.includes('no active street office'), en.body);
  });

  test('a town’s rule beats the county-wide rule, and a subclass rule beats its class rule', async () => {
    const county = await create(rule('0104', '140403', units.sanitation!));
    const town = await create(rule('0104', XIJIE, units.xijie!));
    assert.equal((await suggest('0104', `${XIJIE}001`)).source.kind, 'rule');
    assert.deepEqual((await suggest('0104', `${XIJIE}001`)).source, {
      kind: 'rule',
      ruleId: town.ruleId,
      version: 1,
      divisionCode: XIJIE,
    });
    const elsewhere = await suggest('0104', '140403005');
    assert.equal(elsewhere.leadUnitId, units.sanitation, 'another town of 潞州区 gets the county-wide rule');
    assert.equal(elsewhere.source.kind === 'rule' && elsewhere.source.ruleId, county.ruleId);

    const classRule = await create(rule('05', '140403', units.patrol!));
    const subclassRule = await create(rule('0507', '140403', units.sanitation!));
    const piled = await suggest('0507', `${DONGJIE}001`);
    assert.equal(
      piled.source.kind === 'rule' && piled.source.ruleId,
      subclassRule.ruleId,
      '乱堆物堆料 has its own rule',
    );
    const shopfront = await suggest('0504', `${DONGJIE}001`);
    assert.equal(shopfront.leadUnitId, units.patrol, '店外经营 is covered by the rule for its class 街面秩序');
    assert.equal(shopfront.source.kind === 'rule' && shopfront.source.ruleId, classRule.ruleId);
    assert.ok(shopfront.explanation['zh-CN'].includes('大类 05'), shopfront.explanation['zh-CN']);
    assert.ok(shopfront.explanation['en-US'].includes('class 05'), shopfront.explanation['en-US']);
  });

  test('a night-time rule (22:00–06:00) applies at 23:00 Shanghai time and not at 10:00', async () => {
    const day = await create(rule('0103', '140403', units.sanitation!));
    const night = await create(rule('0103', '140403', units.night!, { fromMinute: 22 * 60, toMinute: 6 * 60 }));
    assert.equal(night.current?.window, '22:00–06:00', 'the window as people read it');
    const at = async (iso: string) => {
      const s = await suggest('0103', `${DONGJIE}001`, iso);
      return s.source.kind === 'rule' ? s.source.ruleId : 'fallback';
    };
    assert.equal(await at('2026-03-02T23:00:00+08:00'), night.ruleId, '23:00: the night crew');
    assert.equal(await at('2026-03-02T15:00:00Z'), night.ruleId, '15:00 UTC is 23:00 in Shanghai');
    assert.equal(await at('2026-03-03T05:59:00+08:00'), night.ruleId, '05:59 the next morning: still night');
    assert.equal(
      await at('2026-03-03T06:00:00+08:00'),
      day.ruleId,
      '06:00: the day rule again (the window ends there)',
    );
    assert.equal(await at('2026-03-02T10:00:00+08:00'), day.ruleId, '10:00: the day rule');
    const now = await suggest('0103', `${DONGJIE}001`);
    assert.equal(now.source.kind === 'rule' && now.source.ruleId, day.ruleId, 'now (10:00) the day rule');
    assert.ok(now.explanation['zh-CN'].includes('全天'), now.explanation['zh-CN']);
    const late = await suggest('0103', `${DONGJIE}001`, '2026-03-02T23:00:00+08:00');
    assert.ok(late.explanation['zh-CN'].includes('22:00–06:00(跨午夜)'), late.explanation['zh-CN']);
    assert.equal(late.at, '2026-03-02T23:00:00+08:00', 'the time asked about, in business time');
  });

  test('a revision effective next week leaves today’s suggestion alone and applies from that day', async () => {
    const first = await create(rule('0106', '140403', units.sanitation!));
    const revise = (body: object, headers: Headers = chief) =>
      as(headers, 'PUT', `/api/routing/rules/${first.ruleId}`, body);
    const revised = await revise(rule('0106', '140403', units.patrol!, { effectiveFrom: NEXT_WEEK, priority: 5 }));
    assert.equal(revised.statusCode, 200, revised.body);
    const detail = revised.json() as DetailJson;
    assert.deepEqual(
      detail.versions.map((v) => [v.version, v.validFrom, v.validTo, v.leadUnitId]),
      [
        [1, TODAY, NEXT_WEEK, units.sanitation],
        [2, NEXT_WEEK, null, units.patrol],
      ],
      'version 1 ends where version 2 begins',
    );
    assert.equal(detail.current?.version, 1, 'today version 1 is still in force');

    const today = await suggest('0106', `${DONGJIE}001`);
    assert.equal(today.leadUnitId, units.sanitation, 'today: version 1’s unit');
    assert.equal(today.source.kind === 'rule' && today.source.version, 1);
    const sunday = await suggest('0106', `${DONGJIE}001`, '2026-03-08T23:59:00+08:00');
    assert.equal(sunday.source.kind === 'rule' && sunday.source.version, 1, 'the last minute before it: version 1');
    const monday = await suggest('0106', `${DONGJIE}001`, '2026-03-09T00:00:00+08:00');
    assert.equal(monday.leadUnitId, units.patrol, 'from next Monday: version 2’s unit');
    assert.equal(monday.source.kind === 'rule' && monday.source.version, 2);
    assert.ok(monday.explanation['zh-CN'].includes('第 2 版'), monday.explanation['zh-CN']);

    const read = await as(dispatcher, 'GET', `/api/routing/rules/${first.ruleId}?at=${NEXT_WEEK}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal((read.json() as DetailJson).current?.version, 2, 'read on that date, version 2 is current');

    errorOf(
      await revise(rule('0106', '140403', units.night!, { effectiveFrom: NEXT_WEEK })),
      409,
      'ROUTING_REVISION_TOO_EARLY',
    );
    errorOf(
      await revise(rule('0106', '140403', units.night!, { effectiveFrom: '2026-03-01' })),
      409,
      'ROUTING_PAST_DATE',
    );
    errorOf(
      await as(chief, 'PUT', '/api/routing/rules/00000000-0000-4000-8000-000000000000', {
        ...rule('0106', '140403', units.night!),
        effectiveFrom: NEXT_WEEK,
      }),
      404,
      'ROUTING_RULE_NOT_FOUND',
    );
    const missingDate = await revise(rule('0106', '140403', units.night!));
    assert.equal(missingDate.statusCode, 400, `a revision says when it takes effect: ${missingDate.body}`);
  });

  test('a retired rule no longer matches; one retired from next week matches until then', async () => {
    const gone = await create(rule('0108', XIJIE, units.xijie!));
    assert.equal((await suggest('0108', XIJIE)).source.kind, 'rule', 'before retiring: the rule');
    const retired = await as(chief, 'DELETE', `/api/routing/rules/${gone.ruleId}`);
    assert.equal(retired.statusCode, 200, retired.body);
    const detail = retired.json() as DetailJson;
    assert.equal(detail.current, null, 'no version is in force any more');
    assert.deepEqual(
      detail.versions.map((v) => [v.validFrom, v.validTo]),
      [[TODAY, TODAY]],
      'created and retired today: it never took effect',
    );
    const after = await suggest('0108', XIJIE);
    assert.deepEqual(after.source, { kind: 'fallback', divisionCode: XIJIE }, 'the town again');
    assert.equal(after.leadUnitId, units.xijieOffice, '西街街道办事处');
    errorOf(await as(chief, 'DELETE', `/api/routing/rules/${gone.ruleId}`), 409, 'ROUTING_RULE_RETIRED');
    errorOf(
      await as(chief, 'PUT', `/api/routing/rules/${gone.ruleId}`, {
        ...rule('0108', XIJIE, units.xijie!),
        effectiveFrom: NEXT_WEEK,
      }),
      409,
      'ROUTING_RULE_RETIRED',
    );
    const listed = await as(dispatcher, 'GET', `/api/routing/rules?category=0108`);
    assert.equal((listed.json() as { total: number }).total, 0, 'not listed among the rules in force');

    const later = await create(rule('0109', XIJIE, units.xijie!));
    const retiring = await as(chief, 'DELETE', `/api/routing/rules/${later.ruleId}?effectiveFrom=${NEXT_WEEK}`);
    assert.equal(retiring.statusCode, 200, retiring.body);
    assert.equal((await suggest('0109', XIJIE)).source.kind, 'rule', 'until next week: the rule');
    assert.equal(
      (await suggest('0109', XIJIE, `${NEXT_WEEK}T10:00:00+08:00`)).source.kind,
      'fallback',
      'then the town',
    );
  });

  test('a rule naming a dissolved unit is skipped (and said so), and a new rule cannot name one', async () => {
    const county = await create(rule('0105', '140403', units.sanitation!));
    const town = await create(rule('0105', XIJIE, units.xijie!, { assistUnitIds: [units.temporary] }));
    assert.deepEqual(
      (await suggest('0105', XIJIE)).source,
      { kind: 'rule', ruleId: town.ruleId, version: 1, divisionCode: XIJIE },
      'while its units are active, the town’s rule',
    );
    await t.ctx.access.updateOrgUnit(operatorActor(), units.temporary!, { status: 'dissolved' });
    const s = await suggest('0105', XIJIE);
    assert.equal(s.source.kind === 'rule' && s.source.ruleId, county.ruleId, 'the county-wide rule instead');
    assert.deepEqual(s.skipped, [{ ruleId: town.ruleId, version: 1, inactiveUnitIds: [units.temporary] }]);
    assert.ok(s.explanation['zh-CN'].includes(town.ruleId), `the skipped rule is named: ${s.explanation['zh-CN']}`);
    assert.ok(s.explanation['en-US'].includes('Skipped rules'), s.explanation['en-US']);

    const refused = await as(chief, 'POST', '/api/routing/rules', rule('0105', DONGJIE, units.temporary!));
    const error = errorOf(refused, 422, 'ROUTING_RULE_REFERENCES_INVALID');
    assert.ok(error.message.includes(units.temporary!), `names the unit: ${error.message}`);
    assert.deepEqual(
      (error.details as { problems: ProblemJson[] }).problems.map((p) => [p.field, p.problem]),
      [['leadUnitId', 'LEAD_UNIT_INACTIVE']],
    );
  });

  test('references that do not exist are refused with a 422 naming each', async () => {
    const unknownUnit = '7b6a3c1e-0000-4000-8000-000000000001';
    const r = await as(chief, 'POST', '/api/routing/rules', {
      ...rule('0199', '140403999', units.sanitation!),
      assistUnitIds: [unknownUnit],
    });
    const error = errorOf(r, 422, 'ROUTING_RULE_REFERENCES_INVALID');
    const problems = (error.details as { problems: ProblemJson[] }).problems;
    assert.deepEqual(
      problems.map((p) => [p.field, p.problem]),
      [
        ['divisionCode', 'DIVISION_UNKNOWN'],
        ['categoryCode', 'CATEGORY_UNKNOWN'],
        ['assistUnitIds/0', 'ASSIST_UNIT_INACTIVE'],
      ],
      'an unknown town, a subclass 市容环境 does not have (checked in the taxonomy), an org unit nobody created',
    );
    assert.ok(error.message.includes('140403999') && error.message.includes(unknownUnit), error.message);
  });

  test('without routing.manage nobody writes rules, and without routing.read nobody reads them: 403', async () => {
    const body = rule('0102', DONGJIE, units.sanitation!);
    errorOf(await as(dispatcher, 'POST', '/api/routing/rules', body), 403, 'FORBIDDEN');
    const someRule = await create(rule('0107', DONGJIE, units.sanitation!));
    const leader = await loginAs(t, 'leader');
    errorOf(
      await as(leader, 'PUT', `/api/routing/rules/${someRule.ruleId}`, { ...body, effectiveFrom: NEXT_WEEK }),
      403,
      'FORBIDDEN',
    );
    errorOf(await as(leader, 'DELETE', `/api/routing/rules/${someRule.ruleId}`), 403, 'FORBIDDEN');
    assert.equal(
      (await as(leader, 'GET', `/api/routing/rules/${someRule.ruleId}`)).statusCode,
      200,
      'the leader reads',
    );
    const gridworker = await loginAs(t, 'gridworker');
    errorOf(await as(gridworker, 'GET', '/api/routing/rules'), 403, 'FORBIDDEN');
    errorOf(await as(gridworker, 'GET', suggestUrl('0102', DONGJIE)), 403, 'FORBIDDEN');
    assert.equal((await t.inject({ method: 'GET', url: '/api/routing/rules' })).statusCode, 401, 'anonymous: 401');
  });

  test('a duty chief of 潞州区 writes only 潞州区’s rules, sees the city’s but cannot change them, and never sees 上党区’s', async () => {
    errorOf(
      await as(luzhouChief, 'POST', '/api/routing/rules', rule('0102', '140404001', units.shangdang!)),
      403,
      'OUT_OF_SCOPE',
    );
    const own = await create(rule('0201', '140403', units.patrol!), luzhouChief);
    assert.equal(own.current?.divisionCode, '140403', 'a rule for 潞州区 itself is theirs to write');
    const other = await create(rule('0201', '140404', units.shangdang!), chief);
    const cityWide = await create(rule('0202', '1404', units.city!), chief);

    const revision = { ...rule('0201', '140404', units.shangdang!), effectiveFrom: NEXT_WEEK };
    errorOf(
      await as(luzhouChief, 'PUT', `/api/routing/rules/${other.ruleId}`, revision),
      404,
      'ROUTING_RULE_NOT_FOUND',
    );
    errorOf(await as(luzhouChief, 'DELETE', `/api/routing/rules/${other.ruleId}`), 404, 'ROUTING_RULE_NOT_FOUND');
    errorOf(await as(luzhouChief, 'GET', `/api/routing/rules/${other.ruleId}`), 404, 'ROUTING_RULE_NOT_FOUND');
    // Moving their own rule into another county is writing there too.
    errorOf(await as(luzhouChief, 'PUT', `/api/routing/rules/${own.ruleId}`, revision), 403, 'OUT_OF_SCOPE');
    assert.equal(
      (await as(luzhouChief, 'GET', `/api/routing/rules/${cityWide.ruleId}`)).statusCode,
      200,
      'the city’s rule applies in 潞州区',
    );
    errorOf(
      await as(luzhouChief, 'PUT', `/api/routing/rules/${cityWide.ruleId}`, {
        ...rule('0202', '1404', units.city!),
        effectiveFrom: NEXT_WEEK,
      }),
      403,
      'OUT_OF_SCOPE',
    );
    errorOf(await as(luzhouChief, 'GET', suggestUrl('0201', '140404001')), 403, 'OUT_OF_SCOPE');

    const list = await as(luzhouChief, 'GET', '/api/routing/rules?pageSize=200');
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json() as { items: VersionJson[]; total: number };
    const ids = page.items.map((i) => i.ruleId);
    assert.ok(ids.includes(own.ruleId) && ids.includes(cityWide.ruleId), 'their own rule and the city’s are listed');
    assert.ok(!ids.includes(other.ruleId), '上党区’s rule is not listed');
    assert.equal(page.total, page.items.length, 'the total counts only what they see');
    assert.ok(
      page.items.every((i) => i.divisionCode.startsWith('140403') || '140403'.startsWith(i.divisionCode)),
      'every listed rule lies in 潞州区 or above it',
    );
  });

  test('the list filters by category (a class takes in its subclasses), division subtree, unit and date', async () => {
    const ids = async (query: string) => {
      const r = await as(chief, 'GET', `/api/routing/rules?pageSize=200&${query}`);
      assert.equal(r.statusCode, 200, r.body);
      return (r.json() as { items: VersionJson[] }).items;
    };
    const street = await ids(`codeSet=${EVENTS}&category=05`);
    assert.deepEqual(
      [...new Set(street.map((i) => i.categoryCode))].sort(),
      ['05', '0507'],
      'class 05 and its subclass',
    );
    const inXijie = await ids(`division=${XIJIE}`);
    assert.ok(inXijie.length > 0 && inXijie.every((i) => i.divisionCode.startsWith(XIJIE)), 'only 西街街道’s rules');
    const night = await ids(`unit=${units.night}`);
    assert.deepEqual(
      night.map((i) => i.categoryCode),
      ['0103'],
      'the night crew leads one rule today (the 0106 revision naming it was refused)',
    );
    const assisting = await ids(`unit=${units.patrol}&category=0102`);
    assert.equal(assisting.length, 1, 'a unit that only assists is found too');
    const nextWeek = await ids(`category=0106&at=${NEXT_WEEK}`);
    assert.deepEqual(
      nextWeek.map((i) => i.version),
      [2],
      'next week the revised version is the one in force',
    );
  });

  test('every problem of a rule is listed at once: 400', async () => {
    const bad = await as(chief, 'POST', '/api/routing/rules', {
      codeSet: 'CJT 214',
      categoryCode: '01-02',
      divisionCode: '14040',
      fromMinute: 1500,
      leadUnitId: 'nope',
      priority: -1,
      colour: 'red',
    });
    const error = errorOf(bad, 400, 'VALIDATION_FAILED');
    const paths = (error.details as { path: string; rule: string }[]).map((d) => `${d.path} ${d.rule}`);
    for (const expected of [
      '/codeSet pattern',
      '/categoryCode pattern',
      '/divisionCode pattern',
      '/fromMinute maximum',
      '/ dependencies',
      '/leadUnitId format',
      '/priority minimum',
      '/ additionalProperties',
    ]) {
      assert.ok(paths.includes(expected), `${expected} is among ${paths.join('; ')}`);
    }

    const mistaken = await t.inject({
      method: 'POST',
      url: '/api/routing/rules',
      headers: { ...chief, 'accept-language': 'en-US' },
      payload: rule('0102', DONGJIE, units.sanitation!, {
        fromMinute: 600,
        toMinute: 600,
        assistUnitIds: [units.patrol, units.sanitation],
      }),
    });
    const problems = (errorOf(mistaken, 400, 'ROUTING_RULE_INVALID').details as { problems: ProblemJson[] }).problems;
    assert.deepEqual(
      problems.map((p) => [p.field, p.problem]),
      [
        ['toMinute', 'WINDOW_EMPTY'],
        ['assistUnitIds/1', 'LEAD_ALSO_ASSISTING'],
      ],
    );
    assert.ok(problems[0]!.message.includes('10:00'), `in English, with the time: ${problems[0]!.message}`);
    const past = await as(
      chief,
      'POST',
      '/api/routing/rules',
      rule('0102', DONGJIE, units.sanitation!, { effectiveFrom: '2026-03-01' }),
    );
    errorOf(past, 409, 'ROUTING_PAST_DATE');
  });

  test('a retried create with the same Idempotency-Key makes one rule', async () => {
    const send = () =>
      t.inject({
        method: 'POST',
        url: '/api/routing/rules',
        headers: { ...chief, 'idempotency-key': 'routing-retry-1' },
        payload: rule('0301', '140403', units.patrol!),
      });
    const first = await send();
    const second = await send();
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.headers['idempotent-replayed'], 'true', 'the second is a replay');
    assert.equal((first.json() as DetailJson).ruleId, (second.json() as DetailJson).ruleId, 'the same rule');
    const listed = await as(chief, 'GET', '/api/routing/rules?category=0301');
    assert.equal((listed.json() as { total: number }).total, 1, 'one rule');
  });
});
