import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import pg from 'pg';
import { GridLocator, type LocatorEntry } from '../../server/src/modules/grids/grids.locator.ts';
import { createEmptyPostgresDatabase } from '../../server/test/engines.ts';
import { type ServerProcess, sleep, startServer } from '../../server/test/processes.ts';

const TOKEN = 'bench-grid-locate-operator-token-0123456789';
const TOWN = '140403001';
const POLL_MS = 20;
const GIVE_UP_MS = 30_000;
const PAUSE_MAX_MS = 1_000;

interface LocateAnswer {
  inside: boolean;
  grid: { code: string } | null;
}

/**
 * Two server processes on one PostgreSQL database, demo grids of one town, plus `extra` grids of kind
 * unit written straight into the table so that every rebuild has a city's worth of outlines to read and
 * index (locate asks for social grids, so they change no answer here). Each change moves a point
 * across a shared edge: the edge between grids X and Y gets a vertex pushed 3 m into X (X gives up a thin
 * triangle, Y takes it, so they never overlap), with the point 1 m inside X next to that edge. Grids of a
 * kind may not overlap, so X shrinks first and Y grows second; the clock starts when the second PATCH has
 * answered on A and stops when B's locate answers Y with inside=true. The next change puts the edge back
 * (Y shrinks, X grows) and is measured the same way, the point moving from Y to X. Before each change B
 * is polled for a random 0–1 s, so changes fall at random points of B's check interval.
 */
export async function measureCrossProcess(changes: number, extra: readonly LocatorEntry[]): Promise<void> {
  console.log(
    `\n## change visibility across processes: ${changes} changes, B polled every ${POLL_MS} ms (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  const database = await createEmptyPostgresDatabase();
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  const env = {
    DATABASE_URL: database.url,
    CIVICGRID_OPERATOR_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    // Processes sharing one database share its personal-data keys.
    CIVICGRID_DATA_KEYS: JSON.stringify({
      active: 'k1',
      keys: { k1: Buffer.alloc(32, 7).toString('base64') },
      index: Buffer.alloc(32, 9).toString('base64'),
    }),
  };
  const start = async (extra: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-bench-locate-'));
    dirs.push(dir);
    const s = await startServer(['--data-dir', dir], { ...env, ...extra });
    servers.push(s);
    return s;
  };
  try {
    const a = await start({ CIVICGRID_DEMO: '1', CIVICGRID_DEMO_GEOGRAPHY: TOWN });
    if (extra.length > 0) await addUnitGrids(database.url, extra);
    const b = await start({});
    const probe = await call(b, 'GET', '/api/grids/locate?lng=113.1&lat=36.2&crs=wgs84');
    if (probe.status === 404) {
      console.log('GET /api/grids/locate is not there (404): cross-process measurement pending');
      return;
    }
    const checkMs = process.env.CIVICGRID_GRID_INDEX_CHECK_MS ?? '500 (default)';
    console.log(`servers A ${a.url}, B ${b.url}; CIVICGRID_GRID_INDEX_CHECK_MS ${checkMs}`);

    const plan = await planChange(a);
    console.log(
      `X ${plan.x.code}, Y ${plan.y.code} (community ${plan.community}), shared edge ${plan.edgeM.toFixed(0)} m, point ${plan.point.map((c) => c.toFixed(7)).join(', ')}`,
    );
    const before = await locateOn(b, plan.point);
    if (before.grid?.code !== plan.x.code || !before.inside)
      throw new Error(`B places the point in ${JSON.stringify(before)}, not inside ${plan.x.code}`);

    const pause = (() => {
      let state = 12345;
      return () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return (state / 2 ** 32) * PAUSE_MAX_MS;
      };
    })();
    const visible: number[] = [];
    const ownAtA: number[] = [];
    const slowestB: number[] = [];
    for (let i = 0; i < changes; i++) {
      // B checks for changes when asked to locate, at most every CIVICGRID_GRID_INDEX_CHECK_MS: it is kept
      // busy through a random pause, as under steady traffic, so the change lands at a random point of
      // B's check interval instead of just after a check (or, with B idle, just before one).
      const until = performance.now() + pause();
      while (performance.now() < until) {
        await locateOn(b, plan.point);
        await sleep(POLL_MS);
      }
      const forward = i % 2 === 0;
      const [shrink, grow] = forward ? [plan.x, plan.y] : [plan.y, plan.x];
      const target = grow.code;
      await patch(a, shrink.code, forward ? plan.xShrunk : plan.yOriginal);
      await patch(a, grow.code, forward ? plan.yGrown : plan.xOriginal);
      const t0 = performance.now();
      // A is asked alongside, not first: its own rebuild must not delay the first look at B.
      const atA = locateOn(a, plan.point).then((r) => ({ r, ms: performance.now() - t0 }));
      let slowestAtB = 0;
      for (;;) {
        const asked = performance.now();
        const r = await locateOn(b, plan.point);
        const now = performance.now();
        slowestAtB = Math.max(slowestAtB, now - asked);
        if (r.grid?.code === target && r.inside) {
          visible.push(now - t0);
          break;
        }
        if (now - t0 > GIVE_UP_MS) throw new Error(`B still answers ${JSON.stringify(r)} after ${GIVE_UP_MS} ms`);
        await sleep(POLL_MS);
      }
      const { r: fromA, ms: msAtA } = await atA;
      if (fromA.grid?.code !== target || !fromA.inside)
        throw new Error(`A answers ${JSON.stringify(fromA)} after its own change`);
      ownAtA.push(msAtA);
      slowestB.push(slowestAtB);
      console.log(
        `change ${i + 1}: ${forward ? 'X→Y' : 'Y→X'} visible on B after ${visible.at(-1)!.toFixed(0)} ms; slowest locate on B meanwhile ${slowestAtB.toFixed(0)} ms; A's own first locate after the change ${msAtA.toFixed(0)} ms`,
      );
    }
    const summary = (xs: number[]) => {
      const sorted = [...xs].sort((p, q) => p - q);
      return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
    };
    console.log(`visible on B: ${summary(visible)} over ${visible.length} changes`);
    console.log(`slowest locate on B while it caught up: ${summary(slowestB)}`);
    console.log(`A's own first locate after its change: ${summary(ownAtA)}`);
  } finally {
    for (const s of servers.reverse()) if (s.child.exitCode === null) await s.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await database.drop();
  }
}

async function call(server: ServerProcess, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json<T>(server: ServerProcess, method: string, url: string, body?: unknown): Promise<T> {
  const r = await call(server, method, url, body);
  if (!r.ok) throw new Error(`${method} ${url}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

const locateOn = (server: ServerProcess, [lng, lat]: Position) =>
  json<LocateAnswer>(server, 'GET', `/api/grids/locate?lng=${lng}&lat=${lat}&crs=wgs84`);

async function patch(server: ServerProcess, code: string, geometry: Polygon): Promise<void> {
  const { version } = await json<{ version: number }>(server, 'GET', `/api/grids/${code}?crs=wgs84`);
  await json(server, 'PATCH', `/api/grids/${code}`, { version, crs: 'wgs84', geometry });
}

interface Plan {
  community: string;
  x: { code: string };
  y: { code: string };
  edgeM: number;
  point: Position;
  xOriginal: Polygon;
  yOriginal: Polygon;
  xShrunk: Polygon;
  yGrown: Polygon;
}

/** The longest edge two single-polygon social grids of one community share, and the change across it. */
async function planChange(a: ServerProcess): Promise<Plan> {
  const collection = await json<{
    features: Feature<Polygon | MultiPolygon, { code: string; communityCode: string }>[];
  }>(a, 'GET', `/api/grids/geojson?under=${TOWN}&kind=social&crs=wgs84`);
  const polygons = collection.features.filter(
    (f): f is Feature<Polygon, { code: string; communityCode: string }> => f.geometry.type === 'Polygon',
  );
  const key = (p: Position) => `${p[0]!.toFixed(8)},${p[1]!.toFixed(8)}`;
  const edges = new Map<string, { f: (typeof polygons)[number]; k: number }[]>();
  for (const f of polygons) {
    const ring = f.geometry.coordinates[0]!;
    for (let k = 0; k < ring.length - 1; k++) {
      const [ka, kb] = [key(ring[k]!), key(ring[k + 1]!)];
      const id = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
      edges.set(id, [...(edges.get(id) ?? []), { f, k }]);
    }
  }
  let best: { x: (typeof polygons)[number]; y: (typeof polygons)[number]; kx: number; ky: number; m: number } | null =
    null;
  for (const uses of edges.values()) {
    if (uses.length !== 2) continue;
    const [u, v] = uses as [{ f: (typeof polygons)[number]; k: number }, { f: (typeof polygons)[number]; k: number }];
    if (u.f.properties.communityCode !== v.f.properties.communityCode) continue;
    const ring = u.f.geometry.coordinates[0]!;
    const m = metres(ring[u.k]!, ring[u.k + 1]!);
    if (!best || m > best.m) best = { x: u.f, y: v.f, kx: u.k, ky: v.k, m };
  }
  if (!best) throw new Error(`no two polygon grids of one community under ${TOWN} share an edge`);
  console.log(`${collection.features.length} social grids under ${TOWN}`);

  const xRing = best.x.geometry.coordinates[0]!;
  const yRing = best.y.geometry.coordinates[0]!;
  const a0 = xRing[best.kx]!;
  const b0 = xRing[best.kx + 1]!;
  const mid: Position = [(a0[0]! + b0[0]!) / 2, (a0[1]! + b0[1]!) / 2];
  // A unit normal in degrees scaled to metres; which side is X is asked of the locator itself.
  const degPerM = 1 / 111_195;
  const cos = Math.cos((mid[1]! * Math.PI) / 180);
  const ex = (b0[0]! - a0[0]!) * cos;
  const ey = b0[1]! - a0[1]!;
  const len = Math.hypot(ex, ey);
  const shifted = (m: number, sign: number): Position => [
    mid[0]! + (sign * -ey * m * degPerM) / len / cos,
    mid[1]! + (sign * ex * m * degPerM) / len,
  ];
  const pair = GridLocator.build([
    { code: best.x.properties.code, geometry: best.x.geometry },
    { code: best.y.properties.code, geometry: best.y.geometry },
  ]);
  const sign = pair.locate(...(shifted(1, 1) as [number, number]))?.code === best.x.properties.code ? 1 : -1;
  const point = shifted(1, sign);
  const apex = shifted(3, sign);
  const insert = (ring: Position[], k: number) => [...ring.slice(0, k + 1), apex, ...ring.slice(k + 1)];
  const plan: Plan = {
    community: best.x.properties.communityCode,
    x: { code: best.x.properties.code },
    y: { code: best.y.properties.code },
    edgeM: best.m,
    point,
    xOriginal: best.x.geometry,
    yOriginal: best.y.geometry,
    xShrunk: { type: 'Polygon', coordinates: [insert(xRing, best.kx), ...best.x.geometry.coordinates.slice(1)] },
    yGrown: { type: 'Polygon', coordinates: [insert(yRing, best.ky), ...best.y.geometry.coordinates.slice(1)] },
  };
  // The plan is checked with the locator before any server sees it.
  const after = GridLocator.build([
    { code: plan.x.code, geometry: plan.xShrunk },
    { code: plan.y.code, geometry: plan.yGrown },
  ]);
  const moved = after.locate(point[0]!, point[1]!);
  if (pair.locate(point[0]!, point[1]!)?.code !== plan.x.code || moved?.code !== plan.y.code || !moved.inside)
    throw new Error('the planned change does not move the point from X to Y');
  return plan;
}

function metres(a: Position, b: Position): number {
  const cos = Math.cos((((a[1]! + b[1]!) / 2) * Math.PI) / 180);
  return Math.hypot((b[0]! - a[0]!) * cos, b[1]! - a[1]!) * 111_195;
}

/**
 * Written with SQL, not the API: they lie over the demo town (kind unit, so no overlap rule applies) in
 * communities that do not exist, which the service would rightly refuse. Codes start with 99 to stay clear
 * of the demo's. The index version is bumped as a grid change would.
 */
async function addUnitGrids(url: string, entries: readonly LocatorEntry[]): Promise<void> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < entries.length; i += 1_000) {
      const chunk = entries.slice(i, i + 1_000);
      const boxes = chunk.map((e) => {
        const xs = e.geometry.coordinates.flat(2).filter((_, k) => k % 2 === 0) as number[];
        const ys = e.geometry.coordinates.flat(2).filter((_, k) => k % 2 === 1) as number[];
        return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      });
      await client.query(
        `INSERT INTO grid (id, code, name, kind, community_code, status, geometry, area_m2, min_lng, min_lat, max_lng,
           max_lat, geometry_source, valid_from, version, owner_division, created_at, updated_at)
         SELECT gen_random_uuid(), code, 'bench ' || code, 'unit', '999999999999', 'active', geometry::jsonb, 0,
           min_lng, min_lat, max_lng, max_lat, 'synthetic', DATE '2026-01-01', 1, '140403', now(), now()
         FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[])
           AS t(code, geometry, min_lng, min_lat, max_lng, max_lat)`,
        [
          chunk.map((e) => `99${e.code.slice(2)}`),
          chunk.map((e) => JSON.stringify(e.geometry)),
          ...[0, 1, 2, 3].map((k) => boxes.map((box) => box[k])),
        ],
      );
    }
    await client.query('UPDATE grid_index_version SET version = version + 1, changed_at = now()');
    console.log(`${entries.length} unit grids added with SQL in ${(performance.now() - started).toFixed(0)} ms`);
    // What a rebuild costs outside the locator: the rows it is built from, read as the repo reads them.
    for (let round = 0; round < 3; round++) {
      let t = performance.now();
      const { rows } = await client.query<LocatorEntry & { kind: string }>(
        `SELECT code, name, kind, community_code, geometry FROM grid
         WHERE valid_to IS NULL AND status <> 'retired' ORDER BY code`,
      );
      const readMs = performance.now() - t;
      t = performance.now();
      GridLocator.build(rows.filter((r) => r.kind === 'unit'));
      console.log(
        `rebuild parts, outside the servers: reading ${rows.length} rows ${readMs.toFixed(0)} ms, GridLocator.build of the unit grids ${(performance.now() - t).toFixed(0)} ms`,
      );
    }
  } finally {
    await client.end();
  }
}
