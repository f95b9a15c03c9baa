import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { ANONYMOUS, operatorActor } from '../../platform/access.ts';
import type { AppError } from '../../platform/errors.ts';
import type { CityDataset, DatasetDivision, DivisionDataset } from './regions.china-division.ts';
import { RegionsService } from './regions.service.ts';
import { divisions } from './regions.tables.ts';

const d = (code: string, name: string, parentCode: string | null, extra: Partial<DatasetDivision> = {}) => {
  const level = (['province', 'city', 'county', 'town', 'village'] as const)[[2, 4, 6, 9, 12].indexOf(code.length)]!;
  return { code, name, level, kind: level === 'county' ? 'county' : level, parentCode, ...extra } as DatasetDivision;
};

/**
 * A made-up city in the made-up province 99: one county, two towns, three villages, and a town the city
 * runs without a county. Each test takes a city of its own, so the tests share one database.
 */
function city(c4: string, changes: (c: CityDataset) => void = () => {}): CityDataset {
  const c: CityDataset = {
    source: 'test-dataset@1',
    province: d('99', '测试省', null, { kind: 'province' }),
    city: d(c4, '测试市', '99', { kind: 'city' }),
    counties: [d(`${c4}01`, '甲县', c4)],
    towns: [
      d(`${c4}01001`, '东街道', `${c4}01`, { kind: 'street' }),
      d(`${c4}01100`, '北镇', `${c4}01`),
      d(`${c4}00001`, '直管镇', c4),
    ],
    villages: [
      d(`${c4}01001001`, '一社区居委会', `${c4}01001`, { kind: 'community' }),
      d(`${c4}01100001`, '二村委会', `${c4}01100`),
      d(`${c4}00001001`, '三村委会', `${c4}00001`),
    ],
  };
  changes(c);
  return c;
}

const square = (lng: number, lat: number, size = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

describe('RegionsService with a dataset of its own', () => {
  let t: TestApp;
  /** What the dataset answers for each city, changed by the tests between imports. */
  const data = new Map<string, CityDataset>();
  let regions: RegionsService;
  let n = 0;
  const actor = operatorActor();

  before(async () => {
    t = await createTestApp();
    const dataset: DivisionDataset = { source: 'test-dataset@1', readCity: async (code) => data.get(code) ?? null };
    regions = new RegionsService({ db: t.ctx.database.db, time: t.ctx.time, audit: t.ctx.audit, dataset });
  });
  after(() => t.close());

  /** A fresh city code (9901, 9902…) with its data. */
  function newCity(): string {
    const code = `99${String(++n).padStart(2, '0')}`;
    data.set(code, city(code));
    return code;
  }

  const versions = (code: string) =>
    t.ctx.database.db.select().from(divisions).where(eq(divisions.code, code)).orderBy(asc(divisions.validFrom));

  test('an import creates every division once; the same data again changes nothing', async () => {
    const c = newCity();
    const first = await regions.importCity(actor, { cityCode: `${c}00`, validFrom: '2026-01-01' });
    assert.equal(first.cityCode, c);
    assert.equal(first.validFrom, '2026-01-01');
    assert.equal(first.source, 'test-dataset@1');
    // The province is shared with the other tests' cities: created by whichever came first.
    assert.deepEqual([first.created + first.unchanged, first.renamed, first.retired], [9, 0, 0]);
    assert.ok(first.created >= 8);
    const again = await regions.importCity(actor, { cityCode: c });
    assert.deepEqual([again.created, again.renamed, again.retired, again.unchanged], [0, 0, 0, 9]);
    assert.equal(again.validFrom, '2026-03-02', 'today in business time');
    assert.deepEqual(
      (await regions.children('')).map((r) => r.code),
      ['99'],
    );
    assert.deepEqual(
      (await regions.children(c)).map((r) => r.code),
      [`${c}00001`, `${c}01`],
      'a town directly under the city sits beside the county',
    );
    assert.deepEqual(await regions.countsByLevel(c), { province: 0, city: 0, county: 1, town: 3, village: 3 });
  });

  test('a new kind or parent is a new version too, and a renamed division keeps its boundary', async () => {
    const c = newCity();
    await regions.importCity(actor, { cityCode: c, validFrom: '2026-01-01' });
    const town = `${c}01100`;
    assert.equal(
      await regions.setGeometries(actor, [{ code: town, geometry: square(113, 36), source: 'imported' }]),
      1,
    );
    data.set(
      c,
      city(c, (x) => {
        x.towns[1] = d(town, '北街道', `${c}01`, { kind: 'street' });
        x.villages[2] = d(`${c}00001001`, '三村委会', town);
      }),
    );
    const r = await regions.importCity(actor, { cityCode: c, validFrom: '2026-02-01' });
    assert.deepEqual([r.created, r.renamed, r.retired, r.unchanged], [0, 2, 0, 7]);
    const now = await regions.require(town);
    assert.equal(now.name, '北街道');
    assert.equal(now.kind, 'street');
    assert.deepEqual(now.geometry, square(113, 36));
    assert.equal(now.geometrySource, 'imported');
    assert.ok(now.areaM2! > 0);
    assert.equal((await regions.require(town, { at: '2026-01-31' })).name, '北镇');
    assert.equal((await regions.require(`${c}00001001`)).parentCode, town);
    assert.equal((await versions(town)).length, 2);
  });

  test('a division the dataset drops is closed on the import’s date, and stays readable before it', async () => {
    const c = newCity();
    await regions.importCity(actor, { cityCode: c, validFrom: '2026-01-01' });
    data.set(
      c,
      city(c, (x) => {
        x.villages.pop();
      }),
    );
    const r = await regions.importCity(actor, { cityCode: c, validFrom: '2026-02-01' });
    assert.equal(r.retired, 1);
    const dropped = `${c}00001001`;
    assert.equal(await regions.get(dropped), null);
    assert.equal((await regions.get(dropped, { at: '2026-01-31' }))?.validTo, '2026-02-01');
    await assert.rejects(regions.require(dropped), (e: AppError) => e.code === 'DIVISION_NOT_FOUND');
  });

  test('lineage walks up by the code and skips a level the city does not have', async () => {
    const c = newCity();
    await regions.importCity(actor, { cityCode: c, validFrom: '2026-01-01' });
    assert.deepEqual(
      (await regions.lineage(`${c}00001001`)).map((l) => l.code),
      [`${c}00001001`, `${c}00001`, c, '99'],
    );
    assert.deepEqual(await regions.lineage(`${c}99999999`), []);
  });

  test('a replaced boundary opens a new version from today; a first boundary fills in the current one', async () => {
    const c = newCity();
    await regions.importCity(actor, { cityCode: c, validFrom: '2026-01-01' });
    const county = `${c}01`;
    await regions.setGeometries(actor, [{ code: county, geometry: square(113, 36, 0.1), source: 'synthetic' }]);
    assert.equal((await versions(county)).length, 1);
    await regions.setGeometries(actor, [{ code: county, geometry: square(113, 36, 0.2), source: 'imported' }]);
    const [old, current] = await versions(county);
    assert.equal(old!.validTo, '2026-03-02');
    assert.equal(old!.geometrySource, 'synthetic');
    assert.equal(current!.validFrom, '2026-03-02');
    assert.equal(current!.geometrySource, 'imported');
    assert.equal(current!.name, '甲县');
    const shapes = await t.ctx.audit.list(
      actor,
      { page: 1, pageSize: 10, sort: [] },
      { action: 'regions.geometries.set', targetId: county },
    );
    assert.equal(shapes.total, 2);
    assert.equal((shapes.items[0] as { ownerDivision: string }).ownerDivision, county);
  });

  test('boundaries are checked, and only regions.manage within scope may change anything', async () => {
    const c = newCity();
    await regions.importCity(actor, { cityCode: c, validFrom: '2026-01-01' });
    const bowtie = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [113, 36],
          [113.1, 36.1],
          [113.1, 36],
          [113, 36.1],
          [113, 36],
        ],
      ],
    };
    await assert.rejects(
      regions.setGeometries(actor, [{ code: `${c}01`, geometry: bowtie, source: 'imported' }]),
      (e: AppError) => e.code === 'DIVISION_GEOMETRY_INVALID' && /SELF_INTERSECTION/.test(e.messageIn('en-US')),
    );
    await assert.rejects(
      regions.setGeometries(actor, [{ code: `${c}02`, geometry: square(113, 36), source: 'imported' }]),
      (e: AppError) => e.code === 'DIVISION_NOT_FOUND',
    );
    await assert.rejects(regions.importCity(ANONYMOUS, { cityCode: c }), (e: AppError) => e.status === 401);
    const countyOnly = { ...actor, scope: { divisions: [`${c}01`], grids: [], orgUnits: [] } };
    await assert.rejects(regions.importCity(countyOnly, { cityCode: c }), (e: AppError) => e.status === 403);
    assert.equal(
      await regions.setGeometries(countyOnly, [{ code: `${c}01001`, geometry: square(113, 36), source: 'imported' }]),
      1,
    );
    await assert.rejects(regions.get('12345'), (e: AppError) => e.code === 'BAD_DIVISION_CODE');
    await assert.rejects(
      regions.importCity(actor, { cityCode: c, validFrom: '2026-02-30' }),
      (e: AppError) => e.code === 'VALIDATION_FAILED',
    );
  });
});
