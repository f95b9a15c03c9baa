import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type Actor, operatorActor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { BUILTIN_CATEGORIES, BUILTIN_CODE_SETS } from './taxonomy.builtin.ts';
import { type CategoryRules, categoryProblems, type TaxonomyService } from './taxonomy.service.ts';

const EVENT = 'cjt214.event';
const MATTER = 'gbt47678.matter';

const rules = (amount: number): CategoryRules => ({
  registration: { 'zh-CN': '公共区域有暴露垃圾', 'en-US': 'Exposed garbage in a public place' },
  closing: { 'zh-CN': '垃圾清理干净', 'en-US': 'The garbage is cleared away' },
  limits: { handle: { amount, unit: 'working_hours' } },
  urgency: [],
});
const revision = (effectiveFrom: string, amount: number) => ({
  effectiveFrom,
  nameZh: '暴露垃圾',
  nameEn: 'Exposed garbage',
  rules: rules(amount),
});

/** The code of an AppError a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  assert.fail('expected the call to be refused');
}

describe('the taxonomy service (what other modules call)', () => {
  let t: TestApp;
  let taxonomy: TaxonomyService;
  const system: Actor = operatorActor();

  before(async () => {
    // Several connections on PostgreSQL, so that concurrent revisions really run side by side.
    t = await createTestApp({ poolSize: 4 });
    taxonomy = t.ctx.taxonomy;
    const first = await taxonomy.installBuiltin(system);
    assert.deepEqual(first, { codeSets: 4, categories: BUILTIN_CATEGORIES.length, crosswalk: 3 });
  });
  after(() => t.close());

  test('every built-in category keeps the rules the service enforces', () => {
    const sets = new Map(BUILTIN_CODE_SETS.map((s) => [s.key, s]));
    for (const c of BUILTIN_CATEGORIES) {
      const problems = categoryProblems(sets.get(c.codeSet)!, c);
      assert.deepEqual(problems, [], `${c.codeSet} ${c.code} ${c.nameZh}`);
      if (c.parentCode !== null)
        assert.ok(
          BUILTIN_CATEGORIES.some((p) => p.codeSet === c.codeSet && p.code === c.parentCode && p.parentCode === null),
          `${c.codeSet} ${c.code} has its class`,
        );
    }
  });

  test('installing the built-in taxonomy again adds nothing and records nothing', async () => {
    const again = await taxonomy.installBuiltin(system);
    assert.deepEqual(again, { codeSets: 0, categories: 0, crosswalk: 0 });
    const audit = await t.ctx.database.query(`SELECT 1 FROM audit_record WHERE action = 'taxonomy.builtin.installed'`);
    assert.equal(audit.length, 1, 'only the first install is audited');
  });

  test('categoryAt, categoriesAt and crosswalk answer for a business date', async () => {
    const garbage = await taxonomy.categoryAt(EVENT, '0102', '2026-03-02');
    assert.ok(garbage, '0102 is in force');
    assert.equal(garbage.nameZh, '暴露垃圾');
    assert.deepEqual(garbage.rules?.limits.handle, { amount: 4, unit: 'working_hours' });
    assert.equal(await taxonomy.categoryAt(EVENT, '0102', '1999-12-31'), null, 'nothing before 2000');
    assert.equal(await taxonomy.categoryAt(EVENT, '0199', '2026-03-02'), null, 'an unknown code');
    assert.equal(await taxonomy.categoryAt('no.such', '0102', '2026-03-02'), null, 'an unknown set');
    assert.equal(await codeOf(taxonomy.categoryAt(EVENT, '0102', '2026-13-01')), 'VALIDATION_FAILED');

    const subclasses = await taxonomy.categoriesAt(EVENT, '2026-03-02', { level: 'subclass', parent: '04' });
    assert.equal(subclasses.length, 9, '04 突发事件 has 9 subclasses');
    assert.ok(
      subclasses.every((c) => c.level === 'subclass' && c.parentCode === '04'),
      'only the subclasses of 04',
    );
    const found = await taxonomy.categoriesAt(EVENT, '2026-03-02', { q: '  乱停放 ' });
    assert.deepEqual(
      found.map((c) => c.code),
      ['0505', '0506'],
    );
    assert.deepEqual(await taxonomy.categoriesAt('no.such', '2026-03-02'), [], 'an unknown set has none');

    assert.deepEqual(await taxonomy.crosswalk(MATTER, '06012', EVENT), ['0104']);
    assert.deepEqual(await taxonomy.crosswalk(EVENT, '0104', MATTER), ['06012']);
    assert.deepEqual(await taxonomy.crosswalk(EVENT, '0104', 'cjt214.component'), []);
  });

  test('a write joins the caller’s transaction and goes when it rolls back', async () => {
    await assert.rejects(
      t.ctx.database.db.transaction(async (tx) => {
        await taxonomy.createCategory(
          system,
          EVENT,
          { code: '0111', parentCode: '01', nameZh: '临时', nameEn: 'Temporary', rules: rules(1) },
          'zh-CN',
          tx,
        );
        assert.ok(await taxonomy.categoryAt(EVENT, '0111', '2026-03-02', tx), 'visible inside the transaction');
        throw new Error('the caller changes its mind');
      }),
      /changes its mind/,
    );
    assert.equal(await taxonomy.categoryAt(EVENT, '0111', '2026-03-02'), null, 'gone with the rollback');
    const audit = await t.ctx.database.query(
      `SELECT 1 FROM audit_record WHERE action = 'taxonomy.category.created' AND target_id = 'cjt214.event:0111'`,
    );
    assert.equal(audit.length, 0, 'and so is its audit record');
  });

  test('the policy is the service’s: a caller without taxonomy.manage is refused whatever the route', async () => {
    const clerk: Actor = { ...system, kind: 'user', id: 'clerk', permissions: new Set(['cases.read']) };
    assert.equal(await codeOf(taxonomy.reviseCategory(clerk, EVENT, '0102', revision('2026-06-01', 3))), 'FORBIDDEN');
    assert.equal(await codeOf(taxonomy.retireCategory(clerk, EVENT, '0102')), 'FORBIDDEN');
    assert.equal(
      await codeOf(taxonomy.setCrosswalk(clerk, { fromSet: MATTER, code: '06010', toSet: EVENT, codes: [] })),
      'FORBIDDEN',
    );
  });

  test('rules from a caller that is not the API are checked as thoroughly', () => {
    const problems = categoryProblems(
      { standard: 'CJ/T 214-2007' },
      {
        code: '0112',
        parentCode: '01',
        nameZh: '测试',
        nameEn: 'Test',
        rules: {
          registration: { 'zh-CN': '', 'en-US': 'x' },
          closing: null,
          limits: { handle: { amount: -1, unit: 'minutes' }, later: { amount: 1, unit: 'working_days' } },
          urgency: [{ level: 'soon', name: { 'zh-CN': '快', 'en-US': 'Soon' }, handle: { amount: Number.NaN } }],
        },
      },
      'en-US',
    );
    assert.deepEqual(
      problems.map((p) => `${p.path} ${p.problem}`),
      [
        '/rules/registration TEXT_EMPTY',
        '/rules/limits/later STAGE_UNKNOWN',
        '/rules/limits/handle/amount LIMIT_AMOUNT',
        '/rules/limits/handle/unit LIMIT_UNIT',
        '/rules/urgency/0/level URGENCY_LEVEL',
        '/rules/urgency/0/handle/amount LIMIT_AMOUNT',
        '/rules/urgency/0/handle/unit LIMIT_UNIT',
      ],
    );
    assert.equal(problems[2]!.message, 'A limit must be more than 0 and at most 1000 (it is -1)');
  });

  test('concurrent revisions of one code queue on its code set: the versions stay one contiguous timeline', async () => {
    const results = await Promise.allSettled([
      taxonomy.reviseCategory(system, EVENT, '0106', revision('2026-05-01', 3)),
      taxonomy.reviseCategory(system, EVENT, '0106', revision('2026-06-01', 5)),
      taxonomy.reviseCategory(system, EVENT, '0106', revision('2026-06-01', 6)),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    // Whichever order they ran in, the 1 June ones cannot both succeed; 1 May fails only after a 1 June one.
    assert.ok(refused.length >= 1 && refused.length <= 2, `one or two are refused: ${results.map((r) => r.status)}`);
    for (const r of refused)
      assert.equal((r.reason as AppError).code, 'TAXONOMY_EFFECTIVE_TOO_EARLY', String(r.reason));
    const versions = await taxonomy.versions(EVENT, '0106');
    assert.equal(versions.length, 1 + results.length - refused.length);
    assert.equal(versions.filter((v) => v.validTo === null).length, 1, 'one open version');
    versions.forEach((v, i) => {
      assert.equal(v.version, i + 1, 'versions numbered in order');
      if (i > 0) assert.equal(versions[i - 1]!.validTo, v.validFrom, 'each version ends where the next begins');
    });
  });

  test('"today" is the business date in the configured zone, not the machine’s', async () => {
    // 00:30 on 5 March in Shanghai is still 4 March in UTC.
    t.clock.set('2026-03-04T16:30:00Z');
    const retired = await taxonomy.retireCategory(system, EVENT, '0108');
    assert.equal(retired.category.validTo, '2026-03-05');
    assert.equal(
      await codeOf(taxonomy.reviseCategory(system, EVENT, '0104', revision('2026-03-04', 2))),
      'TAXONOMY_PAST_DATE',
      '4 March is yesterday in Shanghai',
    );
  });
});
