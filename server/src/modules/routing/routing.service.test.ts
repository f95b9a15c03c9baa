import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import type { Db } from '../../db/database.ts';
import { operatorActor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutingRuleRow } from './routing.repo.ts';
import { type CategoryLookup, compareRules, RoutingService, windowContains } from './routing.service.ts';

const EVENTS = 'cjt214.event';

function row(overrides: Partial<RoutingRuleRow>): RoutingRuleRow {
  return {
    id: 'v',
    ruleId: 'r',
    version: 1,
    codeSet: EVENTS,
    categoryCode: '0102',
    divisionCode: '140403',
    fromMinute: null,
    toMinute: null,
    leadUnitId: 'u',
    assistUnitIds: [],
    priority: 0,
    note: null,
    validFrom: '2026-03-02',
    validTo: null,
    updatedAt: new Date(0),
    updatedBy: 'operator',
    ownerDivision: '140403',
    ...overrides,
  };
}

/** The AppError a promise is rejected with. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `an AppError, not ${String(err)}`);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('time windows and the order rules are tried in', () => {
  test('a window contains its start and not its end; one crossing midnight contains the small hours', () => {
    const day = { fromMinute: 8 * 60, toMinute: 18 * 60 };
    assert.ok(windowContains(day, 8 * 60), '08:00 is inside 08:00–18:00');
    assert.ok(!windowContains(day, 18 * 60), '18:00 is not: the end is exclusive');
    const night = { fromMinute: 22 * 60, toMinute: 6 * 60 };
    for (const m of [22 * 60, 23 * 60 + 59, 0, 5 * 60 + 59])
      assert.ok(windowContains(night, m), `${m} is inside 22:00–06:00`);
    for (const m of [6 * 60, 10 * 60, 21 * 60 + 59])
      assert.ok(!windowContains(night, m), `${m} is outside 22:00–06:00`);
    assert.ok(windowContains({ fromMinute: null, toMinute: null }, 0), 'a rule without a window applies all day');
  });

  test('division first, then subclass over class, window over all day, priority, the later start', () => {
    const rules = [
      row({ ruleId: 'county-class', categoryCode: '01', divisionCode: '140403' }),
      row({ ruleId: 'county-high', divisionCode: '140403', priority: 9 }),
      row({ ruleId: 'town-class', categoryCode: '01', divisionCode: '140403002' }),
      row({ ruleId: 'county-night', divisionCode: '140403', fromMinute: 1320, toMinute: 360 }),
      row({ ruleId: 'county-later', divisionCode: '140403', priority: 9, validFrom: '2026-03-05' }),
      row({ ruleId: 'city', divisionCode: '1404', priority: 1000, fromMinute: 0, toMinute: 1439 }),
    ];
    assert.deepEqual(
      rules.sort(compareRules).map((r) => r.ruleId),
      ['town-class', 'county-night', 'county-later', 'county-high', 'county-class', 'city'],
    );
  });
});

describe(`routing rules in the service (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let routing: RoutingService;
  const asked: [string, string, string][] = [];
  const units: Record<string, string> = {};
  const op = operatorActor();

  before(async () => {
    t = await createTestApp({ demo: true, now: '2026-03-02T02:00:00Z' });
    // The demo's own dispatch rules (seeder demo.urban.departments) would compete with the rules built here.
    await t.ctx.database.query('delete from routing_rule');
    // A taxonomy that knows every code but 0199, and says what it was asked.
    const categories: CategoryLookup = {
      async exists(codeSet: string, code: string, date: string, _db: Db) {
        asked.push([codeSet, code, date]);
        return code !== '0199';
      },
    };
    const { db } = t.ctx.database;
    routing = new RoutingService({
      db,
      time: t.ctx.time,
      audit: t.ctx.audit,
      access: t.ctx.access,
      regions: t.ctx.regions,
      categories,
    });
    const unit = async (
      key: string,
      name: string,
      kind: 'department' | 'street_office' | 'government',
      division: string,
    ) => {
      units[key] = (await t.ctx.access.createOrgUnit(op, { name, kind, divisionCode: division })).id;
    };
    await unit('sanitation', '潞州区环境卫生服务中心', 'department', '140403');
    await unit('patrol', '潞州区城市管理综合执法大队', 'department', '140403');
    await unit('xijieGov', '西街(政府)', 'government', '140403002');
    await unit('xijieOffice', '潞州区西街街道办事处', 'street_office', '140403002');
  });
  after(() => t.close());

  test('the category is checked through the taxonomy on the day the version takes effect', async () => {
    const unknown = await refusal(
      routing.create(op, {
        codeSet: EVENTS,
        categoryCode: '0199',
        divisionCode: '140403',
        leadUnitId: units.sanitation!,
        effectiveFrom: '2026-03-09',
      }),
    );
    assert.equal(unknown.code, 'ROUTING_RULE_REFERENCES_INVALID');
    assert.equal(unknown.status, 422);
    assert.deepEqual(
      (unknown.details as { problems: { field: string; problem: string }[] }).problems.map((p) => [p.field, p.problem]),
      [['categoryCode', 'CATEGORY_UNKNOWN']],
    );
    assert.deepEqual(asked.at(-1), [EVENTS, '0199', '2026-03-09'], 'asked about the effective date');
    const known = await routing.create(op, {
      codeSet: EVENTS,
      categoryCode: '0102',
      divisionCode: '140403',
      leadUnitId: units.sanitation!,
    });
    assert.equal(known.current?.categoryCode, '0102', 'a known category is accepted');
    assert.deepEqual(asked.at(-1), [EVENTS, '0102', '2026-03-02'], 'today, by default');
  });

  test('every problem of form is listed at once, in the language asked for, and nothing is asked of the taxonomy', async () => {
    const before = asked.length;
    const error = await refusal(
      routing.create(
        op,
        {
          codeSet: 'CJT 214',
          categoryCode: '',
          divisionCode: '14040',
          fromMinute: 1440,
          leadUnitId: units.sanitation!,
          assistUnitIds: [units.patrol!, units.patrol!, units.sanitation!, 'not-a-unit'],
          priority: 1.5,
          note: 'x'.repeat(501),
          effectiveFrom: '2026-02-30',
        },
        undefined,
        'en-US',
      ),
    );
    assert.equal(error.code, 'ROUTING_RULE_INVALID');
    assert.equal(error.status, 400);
    const problems = (error.details as { problems: { field: string; problem: string; message: string }[] }).problems;
    assert.deepEqual(
      problems.map((p) => [p.field, p.problem]),
      [
        ['codeSet', 'CODE_SET_INVALID'],
        ['categoryCode', 'CATEGORY_INVALID'],
        ['divisionCode', 'DIVISION_INVALID'],
        ['fromMinute', 'MINUTE_RANGE'],
        ['toMinute', 'WINDOW_INCOMPLETE'],
        ['assistUnitIds/1', 'ASSIST_DUPLICATE'],
        ['assistUnitIds/2', 'LEAD_ALSO_ASSISTING'],
        ['assistUnitIds/3', 'UNIT_ID_INVALID'],
        ['priority', 'PRIORITY_RANGE'],
        ['note', 'NOTE_TOO_LONG'],
        ['effectiveFrom', 'DATE_INVALID'],
      ],
    );
    assert.ok(error.messageIn('zh-CN').includes('11 处问题'), error.messageIn('zh-CN'));
    assert.ok(problems[3]!.message.includes('0–1439'), `English, with the range: ${problems[3]!.message}`);
    assert.equal(asked.length, before, 'a malformed rule is not looked up');
  });

  test('the business date decides the version: 00:30 in Shanghai is already the next day', async () => {
    const first = await routing.create(op, {
      codeSet: EVENTS,
      categoryCode: '0104',
      divisionCode: '140403',
      leadUnitId: units.sanitation!,
    });
    await routing.revise(op, first.ruleId, {
      codeSet: EVENTS,
      categoryCode: '0104',
      divisionCode: '140403',
      leadUnitId: units.patrol!,
      effectiveFrom: '2026-03-03',
    });
    const at = (iso: string) =>
      routing.suggest({ codeSet: EVENTS, categoryCode: '0104', divisionCode: '140403001001', at: new Date(iso) });
    assert.equal((await at('2026-03-02T15:59:00Z')).leadUnitId, units.sanitation, '23:59 on 2 March: version 1');
    const early = await at('2026-03-02T16:30:00Z');
    assert.equal(early.leadUnitId, units.patrol, '00:30 on 3 March in Shanghai (still 2 March in UTC): version 2');
    assert.equal(early.source.kind === 'rule' && early.source.version, 2);
  });

  test('the town’s street office answers before its government, and a county-level case falls back to the county', async () => {
    const town = await routing.suggest({
      codeSet: EVENTS,
      categoryCode: '0301',
      divisionCode: '140403002001',
      at: t.clock.now(),
    });
    assert.equal(town.leadUnitId, units.xijieOffice, 'the street office of 西街街道');
    assert.deepEqual(town.source, { kind: 'fallback', divisionCode: '140403002' });
    const county = await routing.suggest({
      codeSet: EVENTS,
      categoryCode: '0301',
      divisionCode: '140403',
      at: t.clock.now(),
    });
    const [government] = await t.ctx.access.unitsServing('140403', ['government']);
    assert.ok(government, 'the demo data has 潞州区人民政府');
    assert.equal(county.leadUnitId, government.id, 'a problem placed in the county as a whole: the county government');
    assert.ok(county.explanation['zh-CN'].includes('潞州区人民政府'), county.explanation['zh-CN']);
  });

  test('among equal rules the higher priority wins, then the one that started later', async () => {
    const base = { codeSet: EVENTS, categoryCode: '0302', divisionCode: '140403' };
    const low = await routing.create(op, { ...base, leadUnitId: units.sanitation!, priority: 1 });
    const high = await routing.create(op, { ...base, leadUnitId: units.patrol!, priority: 2 });
    const ask = (date: string) =>
      routing.suggest({ ...base, categoryCode: '0302', divisionCode: '140403001', at: new Date(`${date}T02:00:00Z`) });
    const today = await ask('2026-03-02');
    assert.equal(today.source.kind === 'rule' && today.source.ruleId, high.ruleId, 'priority 2 over priority 1');
    const later = await routing.create(op, {
      ...base,
      leadUnitId: units.sanitation!,
      priority: 2,
      effectiveFrom: '2026-03-04',
    });
    const then = await ask('2026-03-04');
    assert.equal(then.source.kind === 'rule' && then.source.ruleId, later.ruleId, 'equal priority: the later start');
    assert.ok(low.ruleId !== later.ruleId, 'three rules');
  });

  test('writing and retiring a rule put the version and its window on the audit record', async () => {
    const created = await routing.create(op, {
      codeSet: EVENTS,
      categoryCode: '0303',
      divisionCode: '140403002',
      leadUnitId: units.patrol!,
      fromMinute: 1200,
      toMinute: 1380,
    });
    await routing.retire(op, created.ruleId, '2026-03-10');
    const records = await t.ctx.database.query<{ action: string; details: { window: string | null; version: number } }>(
      `SELECT action, details FROM audit_record WHERE target_type = 'routing_rule' AND target_id = $1 ORDER BY seq`,
      [created.ruleId],
    );
    assert.deepEqual(
      records.map((r) => [r.action, r.details.version, r.details.window]),
      [
        ['routing.rule.created', 1, '20:00–23:00'],
        ['routing.rule.retired', 1, '20:00–23:00'],
      ],
    );
  });
});
