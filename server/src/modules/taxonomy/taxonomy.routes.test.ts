import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import { runSeeders } from '../../db/seeds.ts';
import { SEEDERS } from '../../seeders.ts';

type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface ErrorJson {
  error: { code: string; message: string; details: unknown };
}
interface LimitJson {
  amount: number;
  unit: string;
}
interface RulesJson {
  registration: { 'zh-CN': string; 'en-US': string } | null;
  closing: { 'zh-CN': string; 'en-US': string } | null;
  limits: { verify?: LimitJson; dispatch?: LimitJson; handle: LimitJson; check?: LimitJson };
  urgency: { level: string; name: { 'zh-CN': string; 'en-US': string }; handle: LimitJson }[];
}
interface CategoryJson {
  codeSet: string;
  code: string;
  parentCode: string | null;
  level: string;
  name: string;
  nameZh: string;
  nameEn: string;
  rules: RulesJson | null;
  position: number;
  version: number;
  validFrom: string;
  validTo: string | null;
  updatedBy: string;
}
interface DetailJson extends CategoryJson {
  versions: { version: number; validFrom: string; validTo: string | null }[];
}
interface ListJson {
  codeSet: string;
  at: string;
  items: CategoryJson[];
}
interface CodeSetJson {
  key: string;
  kind: string;
  name: string;
  nameZh: string;
  nameEn: string;
  standard: string | null;
  active: boolean;
}
interface CrosswalkJson {
  from: string;
  code: string;
  to: string;
  codes: string[];
  items: { code: string; name: string | null }[];
}
interface ProblemJson {
  path: string;
  problem: string;
  message: string;
}

const EVENT = '/api/taxonomy/code-sets/cjt214.event';
const EN = { 'accept-language': 'en-US' };
const TODAY = '2026-03-02';

/** A subclass's rules as a client sends them. */
const rules = (amount: number, unit = 'working_hours') => ({
  registration: { 'zh-CN': '路边有人洗车,污水横流', 'en-US': 'Cars washed at the roadside, dirty water running' },
  closing: { 'zh-CN': '洗车停止,路面清理干净', 'en-US': 'The washing has stopped and the road is clean' },
  limits: { verify: { amount: 0.5, unit: 'working_hours' }, handle: { amount, unit } },
  urgency: [{ level: 'urgent', name: { 'zh-CN': '紧急', 'en-US': 'Urgent' }, handle: { amount: amount / 2, unit } }],
});

describe('the taxonomy over HTTP (分类: 事件、部件、事项、诉求)', () => {
  let t: TestApp;
  let admin: Headers;
  let dispatcher: Headers;
  let leader: Headers;

  const call = (headers: Headers, method: Method, url: string, payload?: object) =>
    t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const ok = async <T>(headers: Headers, method: Method, url: string, payload?: object, status = 200) => {
    const r = await call(headers, method, url, payload);
    assert.equal(r.statusCode, status, `${method} ${url}: ${r.body}`);
    return r.json() as T;
  };
  const refused = async (
    status: number,
    code: string,
    headers: Headers,
    method: Method,
    url: string,
    payload?: object,
  ) => {
    const r = await call(headers, method, url, payload);
    assert.equal(r.statusCode, status, `${method} ${url}: ${r.body}`);
    const body = r.json() as ErrorJson;
    assert.equal(body.error.code, code, `${method} ${url}: ${r.body}`);
    return body.error;
  };
  const category = (code: string, at?: string, headers: Headers = dispatcher) =>
    ok<DetailJson>(headers, 'GET', `${EVENT}/categories/${code}${at ? `?at=${at}` : ''}`);
  const audited = (action: string, target: string) =>
    t.ctx.database.query<{ details: Record<string, unknown>; actor_id: string; owner_division: string }>(
      'SELECT details, actor_id, owner_division FROM audit_record WHERE action = $1 AND target_id = $2',
      [action, target],
    );

  before(async () => {
    t = await createTestApp({ settings: { demo: true } });
    // The built-in taxonomy and the demo accounts only (the demo geography is not needed here).
    await runSeeders(
      t.ctx,
      SEEDERS.filter((s) => s.name === 'taxonomy.builtin' || s.name === 'demo.identity.accounts'),
      { demo: true },
    );
    admin = await loginAs(t, 'admin');
    dispatcher = await loginAs(t, 'dispatcher');
    leader = await loginAs(t, 'leader');
  });
  after(() => t.close());

  test('any signed-in user reads the built-in code sets; GB/T 47678.5 is marked as reported, not verified', async () => {
    const { items } = await ok<{ items: CodeSetJson[] }>(dispatcher, 'GET', '/api/taxonomy/code-sets');
    assert.deepEqual(
      items.map((s) => s.key),
      ['12345.demand', 'cjt214.component', 'cjt214.event', 'gbt47678.matter'],
    );
    const event = items.find((s) => s.key === 'cjt214.event')!;
    assert.equal(event.kind, 'event');
    assert.equal(event.standard, 'CJ/T 214-2007');
    assert.equal(event.name, event.nameZh);
    const matter = items.find((s) => s.key === 'gbt47678.matter')!;
    assert.ok(/reported/.test(matter.standard ?? ''), `the matter set says it is reported: ${matter.standard}`);
    assert.ok(/not verified/.test(matter.standard ?? ''), `the matter set says it is not verified: ${matter.standard}`);

    const anonymous = await refused(401, 'AUTH_REQUIRED', {}, 'GET', '/api/taxonomy/code-sets');
    assert.equal(anonymous.message, '请先登录');
  });

  test('the CJ/T 214 event tree: 6 classes, 01 市容环境 with 9 subclasses, 0102 暴露垃圾 handled within 4 working hours', async () => {
    const tree = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories`);
    assert.equal(tree.at, TODAY, 'the default date is today in business time');
    const classes = tree.items.filter((c) => c.level === 'class');
    assert.deepEqual(
      classes.map((c) => `${c.code} ${c.nameZh}`),
      ['01 市容环境', '02 宣传广告', '03 施工管理', '04 突发事件', '05 街面秩序', '99 其他'],
    );
    assert.equal(tree.items.length, 6 + 9 + 4 + 5 + 9 + 13, 'every class and subclass of CJ/T 214');
    assert.deepEqual(
      tree.items.slice(0, 3).map((c) => c.code),
      ['01', '0101', '0102'],
      'each class is followed by its subclasses',
    );
    assert.ok(
      tree.items.every((c) => (c.level === 'class') === (c.rules === null)),
      'classes carry no rules and every subclass does',
    );
    assert.ok(
      tree.items.every((c) => c.validFrom === '2000-01-01' && c.validTo === null && c.version === 1),
      'built-in rows are version 1 from 2000-01-01',
    );

    const sub01 = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01`);
    assert.deepEqual(
      sub01.items.map((c) => c.code),
      ['0101', '0102', '0103', '0104', '0105', '0106', '0107', '0108', '0109'],
    );

    const garbage = await category('0102');
    assert.equal(garbage.nameZh, '暴露垃圾');
    assert.equal(garbage.name, '暴露垃圾', 'Chinese by default');
    assert.equal(garbage.parentCode, '01');
    assert.deepEqual(garbage.rules!.limits, {
      verify: { amount: 0.5, unit: 'working_hours' },
      dispatch: { amount: 1, unit: 'working_hours' },
      handle: { amount: 4, unit: 'working_hours' },
      check: { amount: 0.5, unit: 'working_hours' },
    });
    assert.deepEqual(
      garbage.rules!.urgency.map((u) => [u.level, u.handle.amount, u.handle.unit]),
      [
        ['normal', 4, 'working_hours'],
        ['urgent', 2, 'working_hours'],
        ['emergency', 2, 'working_hours'],
      ],
    );
    assert.equal(garbage.rules!.registration!['zh-CN'], '道路、广场等公共区域有暴露垃圾');
    assert.equal(garbage.rules!.closing!['zh-CN'], '垃圾清理干净');
    assert.deepEqual(garbage.versions, [{ version: 1, validFrom: '2000-01-01', validTo: null }]);

    const limits = async (code: string) => (await category(code)).rules!.limits.handle;
    assert.deepEqual(await limits('0103'), { amount: 4, unit: 'working_days' }, '积存垃圾渣土 4 working days');
    assert.deepEqual(await limits('0104'), { amount: 2, unit: 'working_hours' }, '道路不洁 2 working hours');
    assert.deepEqual(await limits('0105'), { amount: 15, unit: 'working_days' }, '水域不洁 15 working days');
    assert.deepEqual(await limits('0301'), { amount: 1, unit: 'working_days' }, 'others 1 working day');
    const building = await category('0101');
    assert.deepEqual(building.rules!.limits.handle, { amount: 20, unit: 'working_days' }, '私搭乱建 20 working days');
    assert.ok(
      /4 个工作时/.test(building.rules!.closing!['zh-CN']) && /7 个工作日/.test(building.rules!.closing!['zh-CN']),
      `私搭乱建's closing condition names stop-work and penalty: ${building.rules!.closing!['zh-CN']}`,
    );
    const road = await category('0104');
    assert.deepEqual(
      road.rules!.urgency.map((u) => `${u.level} ${u.handle.amount} ${u.handle.unit}`),
      ['normal 2 working_hours', 'urgent 1 working_hours', 'emergency 2 working_hours'],
      'an emergency is never given longer than the ordinary limit',
    );

    const components = await ok<ListJson>(dispatcher, 'GET', '/api/taxonomy/code-sets/cjt214.component/categories');
    assert.deepEqual(
      components.items.map((c) => `${c.code} ${c.nameZh}`),
      ['01 公用设施', '02 道路交通', '03 市容环境', '04 园林绿化', '05 房屋土地', '06 其他设施'],
    );
    const demands = await ok<ListJson>(dispatcher, 'GET', '/api/taxonomy/code-sets/12345.demand/categories');
    assert.deepEqual(
      demands.items.map((c) => c.nameZh),
      ['咨询', '求助', '投诉', '建议', '举报', '感谢', '其他'],
    );
    const matters = await ok<ListJson>(dispatcher, 'GET', '/api/taxonomy/code-sets/gbt47678.matter/categories');
    assert.deepEqual(
      matters.items.map((c) => c.code),
      ['06', '06010', '06011', '06012', '07', '08', '09', '09006', '09012', '10'],
    );
  });

  test('names come in English with Accept-Language: en-US; every class and subclass has one', async () => {
    const garbage = await ok<DetailJson>({ ...leader, ...EN }, 'GET', `${EVENT}/categories/0102`);
    assert.equal(garbage.name, 'Exposed garbage');
    assert.equal(garbage.nameZh, '暴露垃圾');
    for (const set of ['cjt214.event', 'cjt214.component', 'gbt47678.matter', '12345.demand']) {
      const list = await ok<ListJson>({ ...leader, ...EN }, 'GET', `/api/taxonomy/code-sets/${set}/categories`);
      const missing = list.items.filter((c) => c.name !== c.nameEn || !/^[A-Z]/.test(c.nameEn));
      assert.deepEqual(missing, [], `every category of ${set} has an English name`);
    }
    const sets = await ok<{ items: CodeSetJson[] }>({ ...leader, ...EN }, 'GET', '/api/taxonomy/code-sets');
    assert.ok(
      sets.items.every((s) => s.name === s.nameEn),
      'code set names in English too',
    );
    const missing = await refused(
      404,
      'TAXONOMY_CODE_SET_NOT_FOUND',
      { ...leader, ...EN },
      'GET',
      '/api/taxonomy/code-sets/no.such/categories',
    );
    assert.equal(missing.message, 'There is no code set "no.such"');
  });

  test('a search by the start of the code or part of a name, and by level', async () => {
    const byName = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?q=${encodeURIComponent('垃圾')}`);
    assert.deepEqual(
      byName.items.map((c) => c.code),
      ['0102', '0103'],
    );
    const byEnglish = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?q=GARBAGE`);
    assert.deepEqual(
      byEnglish.items.map((c) => c.code),
      ['0102', '0103'],
      'English names match whatever the case',
    );
    const byCode = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?q=020`);
    assert.deepEqual(
      byCode.items.map((c) => c.code),
      ['0201', '0202', '0203', '0204'],
    );
    const classes = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?level=class`);
    assert.equal(classes.items.length, 6);
    await refused(400, 'VALIDATION_FAILED', dispatcher, 'GET', `${EVENT}/categories?level=group`);
    await refused(400, 'VALIDATION_FAILED', dispatcher, 'GET', `${EVENT}/categories?at=2026-02-30`);
  });

  test('a revision effective from a future date leaves today’s limit alone; at= that date shows the new one', async () => {
    const revised = await ok<DetailJson>(admin, 'PUT', `${EVENT}/categories/0102`, {
      effectiveFrom: '2026-04-01',
      nameZh: '暴露垃圾',
      nameEn: 'Exposed garbage',
      rules: {
        ...rules(2),
        registration: { 'zh-CN': '公共区域有暴露垃圾', 'en-US': 'Exposed garbage in a public place' },
      },
    });
    assert.equal(revised.version, 2);
    assert.equal(revised.validFrom, '2026-04-01');
    assert.equal(revised.validTo, null);
    assert.equal(revised.position, 2, 'the position stays unless given');
    assert.deepEqual(revised.versions, [
      { version: 1, validFrom: '2000-01-01', validTo: '2026-04-01' },
      { version: 2, validFrom: '2026-04-01', validTo: null },
    ]);

    const today = await category('0102');
    assert.equal(today.version, 1, 'today the first version is in force');
    assert.deepEqual(today.rules!.limits.handle, { amount: 4, unit: 'working_hours' });
    assert.equal(today.validTo, '2026-04-01');
    const eve = await category('0102', '2026-03-31');
    assert.deepEqual(eve.rules!.limits.handle, { amount: 4, unit: 'working_hours' }, 'the day before: 4 hours');
    const then = await category('0102', '2026-04-01');
    assert.equal(then.version, 2);
    assert.deepEqual(then.rules!.limits.handle, { amount: 2, unit: 'working_hours' }, 'from 1 April: 2 hours');
    assert.equal(then.rules!.registration!['zh-CN'], '公共区域有暴露垃圾');
    assert.equal(then.updatedBy, revised.updatedBy);
    assert.notEqual(then.updatedBy, 'operator', 'the version records the administrator who made it');

    const listThen = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01&at=2026-04-01`);
    assert.deepEqual(listThen.items.find((c) => c.code === '0102')!.rules!.limits.handle, {
      amount: 2,
      unit: 'working_hours',
    });
    assert.equal(listThen.items.length, 9, 'still one version per code on any day');

    const before2000 = await refused(
      404,
      'TAXONOMY_CATEGORY_NOT_IN_FORCE',
      dispatcher,
      'GET',
      `${EVENT}/categories/0102?at=1999-12-31`,
    );
    assert.equal((before2000.details as { versions: unknown[] }).versions.length, 2, 'the 404 lists the versions');

    const audit = await audited('taxonomy.category.revised', 'cjt214.event:0102');
    assert.equal(audit.length, 1, 'one audit record for the revision');
    assert.equal(audit[0]!.details.version, 2);
    assert.equal(audit[0]!.details.effectiveFrom, '2026-04-01');
    assert.equal(audit[0]!.owner_division, '');
  });

  test('a revision on or before the latest version’s start, or before today, is a 409; an unknown code a 404', async () => {
    const body = (effectiveFrom: string) => ({
      effectiveFrom,
      nameZh: '道路不洁',
      nameEn: 'Unclean road',
      rules: rules(3),
    });
    const same = await refused(
      409,
      'TAXONOMY_EFFECTIVE_TOO_EARLY',
      admin,
      'PUT',
      `${EVENT}/categories/0104`,
      body('2000-01-01'),
    );
    assert.match(same.message, /2000-01-01/);
    const past = await refused(
      409,
      'TAXONOMY_PAST_DATE',
      { ...admin, ...EN },
      'PUT',
      `${EVENT}/categories/0104`,
      body('2026-03-01'),
    );
    assert.equal(
      past.message,
      'The date 2026-03-01 is before today (2026-03-02): the categories and limits already applied cannot be rewritten',
    );
    // 0102 has a version from 2026-04-01 (the test before): a revision must come after it.
    await refused(409, 'TAXONOMY_EFFECTIVE_TOO_EARLY', admin, 'PUT', `${EVENT}/categories/0102`, {
      ...body('2026-03-15'),
      nameZh: '暴露垃圾',
    });
    const unknown = await refused(
      404,
      'TAXONOMY_CATEGORY_NOT_FOUND',
      admin,
      'PUT',
      `${EVENT}/categories/0199`,
      body('2026-04-01'),
    );
    assert.equal(unknown.message, '代码集 cjt214.event 中没有分类 0199');
    await refused(
      404,
      'TAXONOMY_CODE_SET_NOT_FOUND',
      admin,
      'PUT',
      '/api/taxonomy/code-sets/no.such/categories/0104',
      body('2026-04-01'),
    );
    await refused(404, 'TAXONOMY_CATEGORY_NOT_FOUND', dispatcher, 'GET', `${EVENT}/categories/0199`);
    // Nothing was written by the refusals.
    assert.equal((await category('0104')).versions.length, 1, '0104 keeps its one version');

    // Today itself is fine: the new version applies from today.
    const now = await ok<DetailJson>(admin, 'PUT', `${EVENT}/categories/0104`, body(TODAY));
    assert.equal(now.version, 2);
    assert.deepEqual((await category('0104')).rules!.limits.handle, { amount: 3, unit: 'working_hours' });
  });

  test('only the system administrator changes the taxonomy: 403 for staff, 401 for nobody', async () => {
    const revision = { effectiveFrom: '2026-05-01', nameZh: '绿地脏乱', nameEn: 'Dirty green space', rules: rules(8) };
    const forbidden = await refused(403, 'FORBIDDEN', dispatcher, 'PUT', `${EVENT}/categories/0106`, revision);
    assert.equal(forbidden.message, '您没有权限执行此操作');
    await refused(403, 'FORBIDDEN', leader, 'POST', `${EVENT}/categories`, {
      code: '0110',
      parentCode: '01',
      nameZh: '占道洗车',
      nameEn: 'Car washing on the road',
      rules: rules(4),
    });
    await refused(403, 'FORBIDDEN', leader, 'DELETE', `${EVENT}/categories/0106`);
    await refused(403, 'FORBIDDEN', dispatcher, 'POST', '/api/taxonomy/code-sets', {
      key: 'local.x',
      kind: 'event',
      nameZh: '本地',
      nameEn: 'Local',
    });
    await refused(403, 'FORBIDDEN', dispatcher, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'gbt47678.matter',
      code: '06010',
      to: 'cjt214.event',
      codes: [],
    });
    await refused(401, 'AUTH_REQUIRED', {}, 'PUT', `${EVENT}/categories/0106`, revision);
    assert.equal((await category('0106')).versions.length, 1, 'nothing changed');
  });

  test('bad input is a 400 that lists every problem, in the caller’s language', async () => {
    // What the schema sees: a zero amount, an unknown unit, an unknown field.
    const shape = await refused(400, 'VALIDATION_FAILED', admin, 'POST', `${EVENT}/categories`, {
      code: '0110',
      parentCode: '01',
      nameZh: '占道洗车',
      nameEn: 'Car washing on the road',
      rules: { ...rules(4), limits: { handle: { amount: 0, unit: 'minutes' } } },
      colour: 'red',
    });
    const paths = (shape.details as { path: string; rule: string }[]).map((d) => `${d.path} ${d.rule}`);
    assert.ok(paths.includes('/rules/limits/handle/amount exclusiveMinimum'), `the zero amount: ${paths}`);
    assert.ok(
      paths.some((p) => p.startsWith('/rules/limits/handle/unit')),
      `the unknown unit: ${paths}`,
    );
    assert.ok(paths.includes('/ additionalProperties'), `the unknown field: ${paths}`);

    // What the rules see: a CJ/T 214 class code of 3 digits, a blank name and rules on a class.
    const rulesOnClass = await refused(400, 'TAXONOMY_CATEGORY_INVALID', admin, 'POST', `${EVENT}/categories`, {
      code: '123',
      nameZh: ' ',
      nameEn: 'Three',
      rules: rules(4),
    });
    const problems = (rulesOnClass.details as { problems: ProblemJson[] }).problems;
    assert.deepEqual(
      problems.map((p) => `${p.path} ${p.problem}`),
      ['/code CLASS_CODE_LENGTH', '/nameZh NAME_EMPTY', '/rules RULES_ON_CLASS'],
    );
    assert.equal(rulesOnClass.message, '分类不符合要求:发现 3 处问题(详见 details.problems)');
    assert.equal(problems[0]!.message, 'CJ/T 214-2007 的大类代码为 2 位数字,“123”不符合');

    // A subclass whose code is not under its class, without rules; another under a class that does not exist.
    const subclass = await refused(
      400,
      'TAXONOMY_CATEGORY_INVALID',
      { ...admin, ...EN },
      'POST',
      `${EVENT}/categories`,
      {
        code: '0210',
        parentCode: '01',
        nameZh: '占道洗车',
        nameEn: 'Car washing on the road',
      },
    );
    assert.deepEqual(
      (subclass.details as { problems: ProblemJson[] }).problems.map((p) => `${p.path} ${p.problem} ${p.message}`),
      [
        '/code SUBCLASS_CODE_PREFIX The subclass code "0210" must begin with its class code 01 and be longer',
        '/rules RULES_REQUIRED A subclass carries rules: registration and closing conditions, stage limits (a handle limit at least) and urgency levels',
      ],
    );
    const orphan = await refused(400, 'TAXONOMY_CATEGORY_INVALID', admin, 'POST', `${EVENT}/categories`, {
      code: '0801',
      parentCode: '08',
      nameZh: '测试',
      nameEn: 'Test',
      rules: {
        ...rules(4),
        urgency: [...rules(4).urgency, ...rules(4).urgency],
      },
    });
    assert.deepEqual(
      (orphan.details as { problems: ProblemJson[] }).problems.map((p) => `${p.path} ${p.problem}`),
      ['/rules/urgency/1/level URGENCY_DUPLICATE', '/parentCode PARENT_NOT_FOUND'],
    );
    // A subclass code that is not 4 digits in a CJ/T 214 set.
    const long = await refused(400, 'TAXONOMY_CATEGORY_INVALID', admin, 'POST', `${EVENT}/categories`, {
      code: '01101',
      parentCode: '01',
      nameZh: '占道洗车',
      nameEn: 'Car washing on the road',
      rules: rules(4),
    });
    assert.deepEqual(
      (long.details as { problems: ProblemJson[] }).problems.map((p) => p.problem),
      ['SUBCLASS_CODE_LENGTH'],
    );
    const listed = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01`);
    assert.ok(!listed.items.some((c) => c.code === '0110' || c.code === '01101'), 'nothing was written');
  });

  test('a new subclass joins its class today; a code that exists is a 409', async () => {
    const created = await ok<CategoryJson>(
      admin,
      'POST',
      `${EVENT}/categories`,
      { code: '0110', parentCode: '01', nameZh: '占道洗车', nameEn: 'Car washing on the road', rules: rules(4) },
      201,
    );
    assert.equal(created.level, 'subclass');
    assert.equal(created.version, 1);
    assert.equal(created.validFrom, TODAY);
    assert.equal(created.position, 10, 'after its siblings');
    assert.deepEqual(created.rules!.limits.handle, { amount: 4, unit: 'working_hours' });
    const list = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01`);
    assert.equal(list.items.length, 10);
    assert.equal(list.items.at(-1)!.code, '0110');
    const yesterday = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01&at=2026-03-01`);
    assert.ok(!yesterday.items.some((c) => c.code === '0110'), 'it did not exist yesterday');

    const again = await refused(409, 'TAXONOMY_CATEGORY_EXISTS', admin, 'POST', `${EVENT}/categories`, {
      code: '0110',
      parentCode: '01',
      nameZh: '占道洗车',
      nameEn: 'Car washing on the road',
      rules: rules(4),
    });
    assert.match(again.message, /PUT/);
    await refused(409, 'TAXONOMY_PAST_DATE', admin, 'POST', `${EVENT}/categories`, {
      code: '0111',
      parentCode: '01',
      nameZh: '占道洗车',
      nameEn: 'Car washing on the road',
      rules: rules(4),
      validFrom: '2026-01-01',
    });
    assert.equal((await audited('taxonomy.category.created', 'cjt214.event:0110')).length, 1, 'audited');
  });

  test('a new code set takes codes of other lengths; only a subclass’s prefix is checked there', async () => {
    const body = { key: 'local.community', kind: 'demand', nameZh: '社区诉求', nameEn: 'Community demands' };
    const headers = { ...admin, 'idempotency-key': 'taxonomy-set-1' };
    const set = await ok<CodeSetJson>(headers, 'POST', '/api/taxonomy/code-sets', body, 201);
    assert.deepEqual(
      { key: set.key, kind: set.kind, standard: set.standard, active: set.active },
      { key: 'local.community', kind: 'demand', standard: null, active: true },
    );
    const replay = await call(headers, 'POST', '/api/taxonomy/code-sets', body);
    assert.equal(replay.statusCode, 201, replay.body);
    assert.equal(replay.headers['idempotent-replayed'], 'true', 'a retry gets the first answer');
    await refused(409, 'TAXONOMY_CODE_SET_EXISTS', admin, 'POST', '/api/taxonomy/code-sets', body);
    await refused(400, 'VALIDATION_FAILED', admin, 'POST', '/api/taxonomy/code-sets', { ...body, key: 'Local Set' });

    const url = '/api/taxonomy/code-sets/local.community/categories';
    await ok(admin, 'POST', url, { code: 'A', nameZh: '环境', nameEn: 'Environment' }, 201);
    const sub = await ok<CategoryJson>(
      admin,
      'POST',
      url,
      {
        code: 'A001',
        parentCode: 'A',
        nameZh: '楼道堆物',
        nameEn: 'Stairwell clutter',
        rules: rules(2, 'working_days'),
      },
      201,
    );
    assert.equal(sub.parentCode, 'A');
    const wrong = await refused(400, 'TAXONOMY_CATEGORY_INVALID', admin, 'POST', url, {
      code: 'B001',
      parentCode: 'A',
      nameZh: '错',
      nameEn: 'Wrong',
      rules: rules(2),
    });
    assert.deepEqual(
      (wrong.details as { problems: ProblemJson[] }).problems.map((p) => p.problem),
      ['SUBCLASS_CODE_PREFIX'],
    );
    const { items } = await ok<{ items: CodeSetJson[] }>(leader, 'GET', '/api/taxonomy/code-sets');
    assert.ok(
      items.some((s) => s.key === 'local.community'),
      'the new set is listed',
    );
  });

  test('retiring: the category is gone from that day, history stays; twice, or a class with subclasses, is a 409', async () => {
    const retired = await ok<DetailJson>(admin, 'DELETE', `${EVENT}/categories/0109?effectiveFrom=2026-03-10`);
    assert.equal(retired.validTo, '2026-03-10');
    assert.deepEqual(retired.versions, [{ version: 1, validFrom: '2000-01-01', validTo: '2026-03-10' }]);
    const before10 = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01&at=2026-03-09`);
    assert.ok(
      before10.items.some((c) => c.code === '0109'),
      'in force until the day before',
    );
    const from10 = await ok<ListJson>(dispatcher, 'GET', `${EVENT}/categories?parent=01&at=2026-03-10`);
    assert.ok(!from10.items.some((c) => c.code === '0109'), 'gone from 10 March');
    await refused(404, 'TAXONOMY_CATEGORY_NOT_IN_FORCE', dispatcher, 'GET', `${EVENT}/categories/0109?at=2026-03-10`);

    const twice = await refused(409, 'TAXONOMY_CATEGORY_RETIRED', admin, 'DELETE', `${EVENT}/categories/0109`);
    assert.equal(twice.message, '分类 0109 已自 2026-03-10 起停用');
    const parent = await refused(409, 'TAXONOMY_CLASS_HAS_SUBCLASSES', admin, 'DELETE', `${EVENT}/categories/02`);
    assert.deepEqual((parent.details as { subclasses: string[] }).subclasses, ['0201', '0202', '0203', '0204']);
    await refused(409, 'TAXONOMY_PAST_DATE', admin, 'DELETE', `${EVENT}/categories/0108?effectiveFrom=2026-02-01`);
    await refused(404, 'TAXONOMY_CATEGORY_NOT_FOUND', admin, 'DELETE', `${EVENT}/categories/0198`);

    // Without a date: from today, so not in force today any more.
    const now = await ok<DetailJson>(admin, 'DELETE', `${EVENT}/categories/0107`);
    assert.equal(now.validTo, TODAY);
    await refused(404, 'TAXONOMY_CATEGORY_NOT_IN_FORCE', dispatcher, 'GET', `${EVENT}/categories/0107`);
    assert.equal((await audited('taxonomy.category.retired', 'cjt214.event:0107')).length, 1, 'audited');

    // A retired code comes back with a new version from a later day.
    const revived = await ok<DetailJson>(admin, 'PUT', `${EVENT}/categories/0107`, {
      effectiveFrom: '2026-03-20',
      nameZh: '废弃车辆',
      nameEn: 'Abandoned vehicle',
      rules: rules(2, 'working_days'),
    });
    assert.deepEqual(revived.versions, [
      { version: 1, validFrom: '2000-01-01', validTo: TODAY },
      { version: 2, validFrom: '2026-03-20', validTo: null },
    ]);

    // A class retires once its subclasses have: the last class of the 12345 set has none.
    const other = await ok<DetailJson>(
      admin,
      'DELETE',
      '/api/taxonomy/code-sets/12345.demand/categories/07?effectiveFrom=2026-06-01',
    );
    assert.equal(other.validTo, '2026-06-01');
  });

  test('the crosswalk reads both ways round; an administrator sets it', async () => {
    const forward = await ok<CrosswalkJson>(
      dispatcher,
      'GET',
      '/api/taxonomy/crosswalk?from=gbt47678.matter&code=06010&to=cjt214.event',
    );
    assert.deepEqual(forward.codes, ['0102']);
    assert.deepEqual(forward.items, [{ code: '0102', name: '暴露垃圾' }]);
    for (const [matter, event] of [
      ['06011', '0103'],
      ['06012', '0104'],
    ]) {
      const back = await ok<CrosswalkJson>(
        { ...dispatcher, ...EN },
        'GET',
        `/api/taxonomy/crosswalk?from=cjt214.event&code=${event}&to=gbt47678.matter`,
      );
      assert.deepEqual(back.codes, [matter], `${event} reads back to ${matter}`);
    }
    const none = await ok<CrosswalkJson>(
      dispatcher,
      'GET',
      '/api/taxonomy/crosswalk?from=cjt214.event&code=0505&to=gbt47678.matter',
    );
    assert.deepEqual(none.codes, []);

    const set = await ok<CrosswalkJson>({ ...admin, ...EN }, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'gbt47678.matter',
      code: '09006',
      to: 'cjt214.event',
      codes: ['0504', '0501'],
    });
    assert.deepEqual(set.codes, ['0501', '0504']);
    assert.deepEqual(
      set.items.map((i) => i.name),
      ['Unlicensed street vendor', 'Business outside the shop'],
    );
    const back = await ok<CrosswalkJson>(
      dispatcher,
      'GET',
      '/api/taxonomy/crosswalk?from=cjt214.event&code=0504&to=gbt47678.matter',
    );
    assert.deepEqual(back.codes, ['09006']);

    // Setting it from the other side replaces the pair stored the first way round.
    await ok(admin, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'cjt214.event',
      code: '0102',
      to: 'gbt47678.matter',
      codes: ['06010', '06011'],
    });
    assert.deepEqual(
      (
        await ok<CrosswalkJson>(
          dispatcher,
          'GET',
          '/api/taxonomy/crosswalk?from=gbt47678.matter&code=06011&to=cjt214.event',
        )
      ).codes,
      ['0102', '0103'],
    );
    await ok(admin, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'cjt214.event',
      code: '0102',
      to: 'gbt47678.matter',
      codes: [],
    });
    assert.deepEqual(
      (
        await ok<CrosswalkJson>(
          dispatcher,
          'GET',
          '/api/taxonomy/crosswalk?from=gbt47678.matter&code=06010&to=cjt214.event',
        )
      ).codes,
      [],
      'an empty list removes the correspondence',
    );

    const unknown = await refused(404, 'TAXONOMY_CROSSWALK_CODES_UNKNOWN', admin, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'gbt47678.matter',
      code: '09006',
      to: 'cjt214.event',
      codes: ['0504', '0599', '0598'],
    });
    assert.deepEqual((unknown.details as { unknown: string[] }).unknown, ['0598', '0599']);
    await refused(404, 'TAXONOMY_CATEGORY_NOT_FOUND', admin, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'gbt47678.matter',
      code: '09999',
      to: 'cjt214.event',
      codes: [],
    });
    await refused(400, 'TAXONOMY_CROSSWALK_SAME_SET', admin, 'PUT', '/api/taxonomy/crosswalk', {
      from: 'cjt214.event',
      code: '0102',
      to: 'cjt214.event',
      codes: ['0103'],
    });
    await refused(
      404,
      'TAXONOMY_CODE_SET_NOT_FOUND',
      dispatcher,
      'GET',
      '/api/taxonomy/crosswalk?from=no.such&code=01&to=cjt214.event',
    );
    const audit = await audited('taxonomy.crosswalk.set', 'gbt47678.matter:09006>cjt214.event');
    assert.equal(audit.length, 1, 'one audit record for the crosswalk set');
    assert.deepEqual(audit[0]!.details.codes, ['0501', '0504']);
  });
});
