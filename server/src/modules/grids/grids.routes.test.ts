import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import { fromWgs84 } from '../../platform/geo/crs.ts';
import { areaM2 } from '../../platform/geo/measure.ts';

const TOWN = '140403001';
type Json = Record<string, unknown>;

interface GridDetailJson {
  code: string;
  name: string;
  communityCode: string;
  version: number;
  areaM2: number;
  geometry: Polygon;
  label: [number, number];
  lineage: { code: string; level: string }[];
  staff: { post: string; displayName: string; phone: string | null }[];
}

describe('grids over HTTP (demo town 东街街道 140403001)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let outsider: Record<string, string>;

  const get = async <T = Json>(url: string, headers: Record<string, string> = admin) => {
    const r = await t.inject({ method: 'GET', url, headers });
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    return r.json() as T;
  };
  const townGrids = async () =>
    (await get<{ items: { code: string; communityCode: string }[] }>(`/api/grids?under=${TOWN}&pageSize=200`)).items;
  const detail = (code: string) => get<GridDetailJson>(`/api/grids/${code}`);

  /** Two grids of one community that share an edge, and that edge. */
  async function neighbours() {
    const all = await townGrids();
    for (const a of all)
      for (const b of all) {
        if (a.code >= b.code || a.communityCode !== b.communityCode) continue;
        const [da, db] = [await detail(a.code), await detail(b.code)];
        const ringA = da.geometry.coordinates[0]!;
        const ringB = db.geometry.coordinates[0]!;
        const key = (p: number[]) => `${p[0]},${p[1]}`;
        const inB = new Set(ringB.map(key));
        for (let i = 0; i < ringA.length - 1; i++)
          if (inB.has(key(ringA[i]!)) && inB.has(key(ringA[i + 1]!))) return { a: da, b: db, edgeIndex: i };
      }
    throw new Error('no two grids share an edge');
  }

  before(async () => {
    t = await createTestApp({ demo: true });
    admin = await loginAs(t, 'gridadmin');
    // A county grid administrator of 上党区 sees nothing of 潞州区.
    const user = await t.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: t.operator,
      payload: {
        username: 'shangdang',
        displayName: '上党区网格管理员',
        ownerDivision: '140404',
        password: 'County-Grid-2026!q',
        mustChangePassword: false,
      },
    });
    assert.equal(user.statusCode, 201, user.body);
    await t.inject({
      method: 'POST',
      url: '/api/admin/grants',
      headers: t.operator,
      payload: { accountId: user.json().id, roleCode: 'gridadmin', scopeKind: 'division', scopeValues: ['140404'] },
    });
    outsider = await loginAs(t, 'shangdang', 'County-Grid-2026!q');
  });
  after(() => t.close());

  test('the demo town is covered without gaps or overlaps, and its outlines say they are synthetic', async () => {
    const report = await get<Json>(`/api/grids/coverage?division=${TOWN}`);
    assert.equal(report.synthetic, true);
    assert.ok((report.grids as number) > 10, `grids: ${report.grids}`);
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(report.overlaps, []);
    assert.deepEqual(report.outside, []);
    assert.ok(
      Math.abs((report.coveredM2 as number) - (report.areaM2 as number)) < 1,
      `${report.coveredM2} vs ${report.areaM2}`,
    );
  });

  test('retiring one grid leaves exactly its area as a gap', async () => {
    // Not the last grid (left without a full-time worker) nor the first four (the part-timer's): the flags test counts them.
    const [victim] = (await townGrids()).slice(5, 6);
    const before = await detail(victim!.code);
    const r = await t.inject({
      method: 'DELETE',
      url: `/api/grids/${victim!.code}`,
      headers: admin,
      payload: { reason: '测试撤销网格' },
    });
    assert.equal(r.statusCode, 204, r.body);
    const report = await get<{ gaps: { areaM2: number; geometry: Polygon }[]; toleranceM2: number }>(
      `/api/grids/coverage?division=${TOWN}`,
    );
    assert.equal(report.gaps.length, 1);
    assert.ok(
      Math.abs(report.gaps[0]!.areaM2 - before.areaM2) <= report.toleranceM2,
      `gap ${report.gaps[0]!.areaM2} m² vs grid ${before.areaM2} m²`,
    );
    assert.equal(
      (await t.inject({ method: 'GET', url: `/api/grids/${victim!.code}`, headers: admin })).statusCode,
      404,
    );
  });

  test('a vertex moved into the neighbour: the edit is refused with the overlap, and legacy data shows it in coverage', async () => {
    const { a, b, edgeIndex } = await neighbours();
    const ring = a.geometry.coordinates[0]!;
    const [p, q] = [ring[edgeIndex]!, ring[edgeIndex + 1]!];
    // A new vertex in the middle of the shared edge, pushed 30 m (about 0.00027°) into B.
    const mid = [(p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2];
    const inwards = (d: number) => {
      const nx = -(q[1]! - p[1]!);
      const ny = q[0]! - p[0]!;
      const len = Math.hypot(nx, ny);
      return [mid[0]! + (nx / len) * d, mid[1]! + (ny / len) * d];
    };
    let pushed = inwards(0.00027);
    if (!booleanPointInPolygon(pushed, b.geometry)) pushed = inwards(-0.00027);
    assert.ok(booleanPointInPolygon(pushed, b.geometry), 'the moved vertex lies in the neighbour');
    const moved: Polygon = {
      type: 'Polygon',
      coordinates: [[...ring.slice(0, edgeIndex + 1), pushed, ...ring.slice(edgeIndex + 1)]],
    };
    const triangle: Polygon = { type: 'Polygon', coordinates: [[p, pushed, q, p]] };
    const expected = areaM2(triangle);

    const r = await t.inject({
      method: 'PATCH',
      url: `/api/grids/${a.code}`,
      headers: admin,
      payload: { version: a.version, geometry: moved },
    });
    assert.equal(r.statusCode, 409, r.body);
    const error = r.json().error;
    assert.equal(error.code, 'GRID_OVERLAP');
    assert.match(error.message, new RegExp(b.code));
    assert.deepEqual(
      error.details.overlaps.map((o: { code: string }) => o.code),
      [b.code],
    );
    assert.ok(
      Math.abs(error.details.overlaps[0].areaM2 - expected) < 1,
      `${error.details.overlaps[0].areaM2} vs ${expected}`,
    );

    // Outlines drawn before the checks existed can still overlap: the coverage check finds them.
    await t.ctx.database.query('UPDATE grid SET geometry = $1 WHERE code = $2 AND valid_to IS NULL', [
      JSON.stringify(moved),
      a.code,
    ]);
    const report = await get<{ overlaps: { codes: string[]; areaM2: number }[]; toleranceM2: number }>(
      `/api/grids/coverage?division=${TOWN}`,
    );
    assert.equal(report.overlaps.length, 1);
    assert.deepEqual(report.overlaps[0]!.codes, [a.code, b.code].sort());
    assert.ok(
      Math.abs(report.overlaps[0]!.areaM2 - expected) <= report.toleranceM2,
      `${report.overlaps[0]!.areaM2} vs ${expected}`,
    );
    await t.ctx.database.query('UPDATE grid SET geometry = $1 WHERE code = $2 AND valid_to IS NULL', [
      JSON.stringify(a.geometry),
      a.code,
    ]);
  });

  test('locate: a point lands in its grid with the divisions above it, in WGS84 and in GCJ-02 alike', async () => {
    const [first] = await townGrids();
    const grid = await detail(first!.code);
    const [lng, lat] = grid.label;
    const wgs = await get<Json>(`/api/grids/locate?lng=${lng}&lat=${lat}&crs=wgs84`, admin);
    assert.equal((wgs.grid as Json).code, grid.code);
    assert.equal(wgs.inside, true);
    assert.deepEqual(
      (wgs.lineage as { code: string }[]).map((l) => l.code),
      [grid.communityCode, TOWN, '140403', '1404', '14'],
    );
    const [gLng, gLat] = fromWgs84(lng, lat, 'gcj02');
    assert.ok(Math.hypot(gLng - lng, gLat - lat) > 0.002, 'GCJ-02 is offset by hundreds of metres');
    const gcj = await get<Json>(`/api/grids/locate?lng=${gLng}&lat=${gLat}&crs=gcj02`, admin);
    assert.equal((gcj.grid as Json).code, grid.code);
    const wrong = await get<Json>(`/api/grids/locate?lng=${gLng}&lat=${gLat}&crs=wgs84`, admin);
    assert.notEqual((wrong.grid as Json | null)?.code, grid.code, 'read as WGS84 the offset point is elsewhere');
    // Any signed-in user may locate; strangers may not.
    assert.equal((await t.inject({ method: 'GET', url: `/api/grids/locate?lng=${lng}&lat=${lat}` })).statusCode, 401);
    await get(`/api/grids/locate?lng=${lng}&lat=${lat}`, await loginAs(t, 'resident'));
  });

  test('locate: a shared vertex goes to the smallest code; a point in no grid gets the nearest one, flagged', async () => {
    const { a, b, edgeIndex } = await neighbours();
    const vertex = a.geometry.coordinates[0]![edgeIndex]!;
    const onVertex = await get<Json>(`/api/grids/locate?lng=${vertex[0]}&lat=${vertex[1]}`);
    assert.ok(String((onVertex.grid as Json).code) <= [a.code, b.code].sort()[0]!, JSON.stringify(onVertex.grid));
    const far = await get<Json>('/api/grids/locate?lng=113.9&lat=37.5');
    assert.equal(far.inside, false);
    assert.ok((far.distanceM as number) > 1000, `distance ${far.distanceM}`);
    assert.match(String((far.grid as Json).code), /^140403001/);
  });

  test('a changed outline is seen by locate at once', async () => {
    const [first] = await townGrids();
    const grid = await detail(first!.code);
    const [lng, lat] = grid.label;
    assert.equal(((await get<Json>(`/api/grids/locate?lng=${lng}&lat=${lat}`)).grid as Json).code, grid.code);
    const shrunk = shrinkAwayFrom(grid.geometry, grid.label);
    const r = await t.inject({
      method: 'PATCH',
      url: `/api/grids/${grid.code}`,
      headers: admin,
      payload: { version: grid.version, geometry: shrunk },
    });
    assert.equal(r.statusCode, 200, r.body);
    const after = await get<Json>(`/api/grids/locate?lng=${lng}&lat=${lat}`);
    assert.ok(after.inside === false || (after.grid as Json).code !== grid.code, JSON.stringify(after));
    const again = await t.inject({
      method: 'PATCH',
      url: `/api/grids/${grid.code}`,
      headers: admin,
      payload: { version: grid.version, name: '过期的修改' },
    });
    assert.equal(again.statusCode, 409, 'a stale version is refused');
    assert.equal(again.json().error.code, 'GRID_STALE_VERSION');
    const restored = await t.inject({
      method: 'PATCH',
      url: `/api/grids/${grid.code}`,
      headers: admin,
      payload: { version: grid.version + 1, geometry: grid.geometry },
    });
    assert.equal(restored.statusCode, 200, restored.body);
  });

  test('an import with an overlapping polygon is refused with both grids and the area named, and nothing is written', async () => {
    const { a, b } = await neighbours();
    const countBefore = (await townGrids()).length;
    // A new grid in a's community drawn over part of b: a square around b's label point.
    const [x, y] = b.label;
    const d = 0.0002;
    const square: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [x - d, y - d],
          [x + d, y - d],
          [x + d, y + d],
          [x - d, y + d],
          [x - d, y - d],
        ],
      ],
    };
    const newCode = `${b.communityCode}9Z9`;
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + d, y + d],
          [x + d, y],
          [x, y + d],
          [x, y],
        ],
      ],
    };
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: newCode, name: '新网格' }, geometry: square },
        { type: 'Feature', properties: { code: '1404', name: '编码错误' }, geometry: square },
        { type: 'Feature', properties: { code: `${a.communityCode}9Z8`, name: '自相交' }, geometry: bowTie },
        { type: 'Feature', properties: { code: newCode, name: '重复' }, geometry: square },
      ],
    };
    const dry = await t.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: { ...admin, 'accept-language': 'en-US' },
      payload: { featureCollection: collection },
    });
    assert.equal(dry.statusCode, 200, dry.body);
    const report = dry.json();
    assert.equal(report.ok, false);
    assert.equal(report.written, false);
    const overlap = report.overlaps.find((o: { codes: string[] }) => o.codes.includes(newCode));
    assert.ok(overlap, JSON.stringify(report.overlaps));
    assert.deepEqual(overlap.codes, [b.code, newCode].sort());
    assert.ok(Math.abs(overlap.areaM2 - areaM2(square)) < 1, `${overlap.areaM2} vs ${areaM2(square)}`);
    const problems = report.problems.map((p: { feature: number; problem: string }) => `${p.feature}:${p.problem}`);
    assert.ok(problems.includes('1:CODE_INVALID'), problems.join());
    assert.ok(problems.includes('2:GEOMETRY_SELF_INTERSECTION'), problems.join());
    assert.ok(problems.includes('3:CODE_DUPLICATE'), problems.join());
    assert.match(report.problems[0].message, /[a-z]/, 'messages in the caller’s language');

    const real = await t.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: admin,
      payload: { featureCollection: collection, dryRun: false },
    });
    assert.equal(real.statusCode, 422, real.body);
    assert.equal(real.json().error.code, 'GRID_IMPORT_REFUSED');
    assert.equal((await townGrids()).length, countBefore, 'nothing was written');
  });

  test('a clean import replaces outlines all at once; export gives them back, in GCJ-02 on request', async () => {
    const exported = await t.inject({
      method: 'GET',
      url: `/api/grids/geojson?under=${TOWN}&download=true`,
      headers: admin,
    });
    assert.equal(exported.statusCode, 200);
    assert.match(
      String(exported.headers['content-disposition']),
      /attachment; filename="grids-140403001-wgs84.geojson"/,
    );
    const collection = exported.json() as FeatureCollection & { synthetic: boolean };
    assert.equal(collection.synthetic, true);
    assert.equal(collection.features.length, (await townGrids()).length);
    const some = collection.features.slice(0, 3) as Feature<Polygon>[];
    const renamed = some.map((f) => ({ ...f, properties: { ...f.properties, name: `${f.properties!.name}(导入)` } }));
    const r = await t.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: admin,
      payload: { featureCollection: { type: 'FeatureCollection', features: renamed }, dryRun: false },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().written, true);
    assert.deepEqual(
      r.json().update,
      some.map((f) => f.properties!.code),
    );
    assert.match((await detail(String(some[0]!.properties!.code))).name, /导入/);

    const gcj = await get<FeatureCollection<Polygon>>(`/api/grids/geojson?under=${TOWN}&crs=gcj02`);
    const w = (collection.features[0] as Feature<Polygon>).geometry.coordinates[0]![0]!;
    const g = gcj.features[0]!.geometry.coordinates[0]![0]!;
    const [eLng, eLat] = fromWgs84(w[0]!, w[1]!, 'gcj02');
    assert.ok(Math.abs(g[0]! - eLng) < 1e-6 && Math.abs(g[1]! - eLat) < 1e-6, `${g} vs ${eLng},${eLat} from ${w}`);
  });

  test('staffing: posts with history, schedules, and the 定人定时 flags', async () => {
    const flags = await get<{
      withoutFullTimeWorker: { code: string }[];
      overloadedPeople: { grids: string[] }[];
      uncoveredHours: { weekday: number; from: string; to: string }[];
      maxGridsPerPerson: number;
    }>(`/api/grids/staffing-flags?division=${TOWN}`);
    assert.ok(flags.withoutFullTimeWorker.length >= 1, 'a grid without a full-time worker');
    assert.equal(flags.maxGridsPerPerson, 3);
    assert.equal(flags.overloadedPeople.length, 1);
    assert.equal(flags.overloadedPeople[0]!.grids.length, 4);
    assert.ok(
      flags.uncoveredHours.some((h) => h.weekday === 1 && h.from === '12:00' && h.to === '14:30'),
      JSON.stringify(flags.uncoveredHours.slice(0, 5)),
    );

    const [first] = await townGrids();
    const grid = await detail(first!.code);
    assert.ok(
      grid.staff.some((s) => s.post === 'full_time' && s.displayName === '徐芳'),
      'the demo grid worker',
    );
    assert.ok(
      grid.staff.every((s) => s.phone === null || /\*{4}/.test(s.phone)),
      'phones masked',
    );

    const person = await t.inject({
      method: 'POST',
      url: '/api/people',
      headers: t.operator,
      payload: { displayName: '新网格员', ownerDivision: TOWN },
    });
    const add = (headers: Record<string, string>) =>
      t.inject({
        method: 'POST',
        url: `/api/grids/${grid.code}/posts`,
        headers,
        payload: { personId: person.json().id, post: 'supervisor' },
      });
    assert.equal((await add(outsider)).statusCode, 404, 'another county’s administrator does not see the grid');
    const created = await add(admin);
    assert.equal(created.statusCode, 201, created.body);
    assert.ok(created.json().duties.length > 0, 'duties of the post from configuration');
    assert.equal((await add(admin)).statusCode, 409, 'the same post twice');
    const ended = await t.inject({
      method: 'POST',
      url: `/api/grids/${grid.code}/posts/${created.json().postId}/end`,
      headers: admin,
      payload: { reason: '调岗' },
    });
    assert.equal(ended.statusCode, 200, ended.body);
    const now = await get<{ items: { postId: string }[] }>(`/api/grids/${grid.code}/posts`);
    assert.ok(!now.items.some((p) => p.postId === created.json().postId), 'the ended post is gone');
    const history = await get<{ items: { postId: string; endReason: string }[] }>(
      `/api/grids/${grid.code}/posts?history=true`,
    );
    assert.equal(history.items.find((p) => p.postId === created.json().postId)?.endReason, '调岗');
  });

  test('a county user sees no other county’s grids, in lists or one by one', async () => {
    const [first] = await townGrids();
    const list = await get<{ total: number }>(`/api/grids?under=${TOWN}`, outsider);
    assert.equal(list.total, 0);
    const r = await t.inject({ method: 'GET', url: `/api/grids/${first!.code}`, headers: outsider });
    assert.equal(r.statusCode, 404);
    const coverage = await t.inject({ method: 'GET', url: `/api/grids/coverage?division=${TOWN}`, headers: outsider });
    assert.equal(coverage.statusCode, 403);
  });
});

/**
 * A small triangle in the corner of the polygon farthest from `away`: that vertex is on the convex hull, so
 * the corner is convex and the triangle lies inside the old outline, no longer holding `away`.
 */
function shrinkAwayFrom(polygon: Polygon, away: [number, number]): Polygon {
  const ring = polygon.coordinates[0]!.slice(0, -1);
  const distance = (p: number[]) => Math.hypot(p[0]! - away[0], p[1]! - away[1]);
  let k = 0;
  for (let i = 1; i < ring.length; i++) if (distance(ring[i]!) > distance(ring[k]!)) k = i;
  const f = ring[k]!;
  const towards = (p: number[]) => [f[0]! + (p[0]! - f[0]!) * 0.2, f[1]! + (p[1]! - f[1]!) * 0.2];
  const prev = towards(ring[(k - 1 + ring.length) % ring.length]!);
  const next = towards(ring[(k + 1) % ring.length]!);
  return { type: 'Polygon', coordinates: [[f, next, prev, f]] };
}
