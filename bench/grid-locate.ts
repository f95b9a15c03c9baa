/**
 * Point → grid lookup (`GridLocator`, server/src/modules/grids/grids.locator.ts), in three steps:
 * - memory: 10,000 tiling polygons of ~20 and ~60 vertices; index build time, lookups/s on one core
 *   (random points inside the extent, and points outside every grid), per-lookup latency;
 * - postgis: the same polygons in PostGIS with a GiST index, the same points with ST_Contains one point per
 *   query and 1,000 per query, and whether the answers agree with the locator (installs Debian's
 *   postgresql-15-postgis-3 when the extension is missing; PostgreSQL at CIVICGRID_TEST_DATABASE_URL,
 *   default postgres://postgres@127.0.0.1:5432/test; uses a database civicgrid_bench_locate);
 * - cross-process: two `civicgrid serve` processes on one PostgreSQL database (demo data, one town, plus
 *   10,000 unit grids of 60 vertices so every rebuild reads and indexes a city's worth of outlines); a grid
 *   change made through A, then B's GET /api/grids/locate polled every 20 ms until it answers the new grid.
 * Usage: node --import tsx bench/grid-locate.ts [--only=memory,postgis,cross-process] [--points=2000000]
 *        [--pg-points=20000] [--changes=10] [--extra-grids=10000]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Position } from 'geojson';
import pg from 'pg';
import { GridLocator } from '../server/src/modules/grids/grids.locator.ts';
import { measureCrossProcess } from './grid-locate/cross-process.ts';
import { randomPoints, type Tessellation, tessellation } from './grid-locate/tessellation.ts';
import { benchArgs } from './report.ts';

const args = benchArgs();
const steps = new Set((args.get('only') || 'memory,postgis,cross-process').split(','));
const POINTS = Number(args.get('points') || 2_000_000);
const PG_POINTS = Number(args.get('pg-points') || 20_000);
const CHANGES = Number(args.get('changes') || 10);
const EXTRA_GRIDS = Number(args.get('extra-grids') ?? 10_000);
const CELLS = 10_000;
const VERTEX_COUNTS = [20, 60];
const POINT_SEED = 42;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const quantile = (sorted: ArrayLike<number>, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${new Date().toISOString()}, steps: ${[...steps].join(', ')}`,
);
/** Other work on the machine slows every figure here; the load average says how much there was. */
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

const tessellations = new Map<number, Tessellation>();
function tessellationOf(vertices: number): Tessellation {
  const known = tessellations.get(vertices);
  if (known) return known;
  const made = tessellation(CELLS, vertices);
  tessellations.set(vertices, made);
  return made;
}

function measureMemory(t: Tessellation): void {
  const { entries, extent } = t;
  console.log(
    `\n## in-process locator: ${fmt(entries.length)} polygons, ${fmt(t.meanVertices, 1)} vertices on average (${load()})`,
  );

  let started = performance.now();
  let locator = GridLocator.build(entries);
  const cold = performance.now() - started;
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    locator = GridLocator.build(entries);
    builds.push(performance.now() - started);
  }
  console.log(
    `build: first ${fmt(cold, 1)} ms, then median ${fmt(median(builds), 1)} ms of 5 (max ${fmt(Math.max(...builds), 1)})`,
  );

  const points = randomPoints(POINTS, extent, POINT_SEED);
  const n = POINTS;
  // Warm-up lets the JIT settle before anything is timed.
  for (let i = 0; i < Math.min(n, 200_000); i++) locator.locate(points[2 * i]!, points[2 * i + 1]!);

  // Throughput: tight loops over slices of 100,000 points, every point once; the checksum keeps the lookups
  // from being optimised away. On a shared machine the fastest slices are the ones that had a core to
  // themselves, so the best slice is printed beside the whole run.
  let outside = 0;
  let checksum = 0;
  const slice = 100_000;
  const slices: number[] = [];
  const whole = performance.now();
  for (let from = 0; from < n; from += slice) {
    const to = Math.min(n, from + slice);
    started = performance.now();
    for (let i = from; i < to; i++) {
      const r = locator.locate(points[2 * i]!, points[2 * i + 1]!)!;
      checksum += r.code.length;
      if (!r.inside) outside++;
    }
    slices.push(((to - from) / (performance.now() - started)) * 1000);
  }
  const overall = (n / (performance.now() - whole)) * 1000;
  console.log(
    `lookups, points inside: ${fmt(overall)}/s over ${fmt(n)} points; slices of ${fmt(slice)}: median ${fmt(median(slices))}/s, best ${fmt(Math.max(...slices))}/s, worst ${fmt(Math.min(...slices))}/s; answered inside=false: ${outside} (expected 0)`,
  );

  // Latency in batches of 1,000: a lookup (~1 µs) is too close to the cost of reading the clock to be timed
  // alone, so each batch's time is divided by 1,000; the spread across batches shows GC pauses and
  // slow neighbourhoods, not single slow lookups.
  const batch = 1_000;
  const perLookup = new Float64Array(Math.floor(n / batch));
  for (let b = 0; b < perLookup.length; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = b * batch; i < (b + 1) * batch; i++)
      checksum += locator.locate(points[2 * i]!, points[2 * i + 1]!)!.code.length;
    perLookup[b] = Number(process.hrtime.bigint() - t0) / batch;
  }
  perLookup.sort();
  console.log(
    `latency per lookup (batches of ${batch}): p50 ${fmt(quantile(perLookup, 0.5))} ns, p99 ${fmt(quantile(perLookup, 0.99))} ns, max ${fmt(perLookup[perLookup.length - 1]!)} ns`,
  );
  // Single lookups, timer included, for the tail a batch averages away.
  const singles = new Float64Array(Math.min(n, 200_000));
  let overhead = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10_000; i++) {
    const t0 = process.hrtime.bigint();
    overhead = Math.min(overhead, Number(process.hrtime.bigint() - t0));
  }
  for (let i = 0; i < singles.length; i++) {
    const t0 = process.hrtime.bigint();
    checksum += locator.locate(points[2 * i]!, points[2 * i + 1]!)!.code.length;
    singles[i] = Number(process.hrtime.bigint() - t0);
  }
  singles.sort();
  console.log(
    `latency of single lookups (${fmt(singles.length)}, clock read included, its minimum ${fmt(overhead)} ns): p50 ${fmt(quantile(singles, 0.5))} ns, p99 ${fmt(quantile(singles, 0.99))} ns, p99.9 ${fmt(quantile(singles, 0.999))} ns, max ${fmt(singles[singles.length - 1]! / 1000, 1)} µs`,
  );

  // Points in no grid take the nearest-grid path: from a few metres to ~5 km outside the extent.
  const far = outsidePoints(100_000, t);
  started = performance.now();
  let nearest = 0;
  for (let i = 0; i < far.length / 2; i++) if (!locator.locate(far[2 * i]!, far[2 * i + 1]!)!.inside) nearest++;
  const farRate = (far.length / 2 / (performance.now() - started)) * 1000;
  console.log(
    `lookups, points outside every grid (nearest grid): ${fmt(farRate)}/s over ${fmt(far.length / 2)} points (${fmt(nearest)} answered inside=false)`,
  );
  if (checksum === 0) console.log('(checksum 0)');
  console.log(`(${load()})`);
}

function outsidePoints(count: number, t: Tessellation): Float64Array {
  const [x0, y0, x1, y1] = t.extent;
  const out = new Float64Array(count * 2);
  const unit = randomPoints(count, [0, 0, 1, 1], POINT_SEED + 1);
  for (let i = 0; i < count; i++) {
    const u = unit[2 * i]!;
    const away = 10 ** (-4 - 0 + unit[2 * i + 1]! * 2.7); // 1e-4° … 0.05°: ~10 m … ~5 km
    const side = Math.floor(u * 4);
    const along = (u * 4) % 1;
    out[2 * i] = side === 0 ? x0 - away : side === 1 ? x1 + away : x0 + along * (x1 - x0);
    out[2 * i + 1] = side === 2 ? y0 - away : side === 3 ? y1 + away : y0 + along * (y1 - y0);
  }
  return out;
}

const ADMIN_URL = process.env.CIVICGRID_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'civicgrid_bench_locate';
const benchUrl = () => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
};

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function ensurePostgis(): Promise<void> {
  const available = () =>
    withClient(
      ADMIN_URL,
      async (c) => (await c.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`)).rowCount === 1,
    );
  if (!(await available())) {
    console.log('postgis missing: apt-get install -y postgresql-15-postgis-3');
    const install = () =>
      spawnSync('apt-get', ['install', '-y', 'postgresql-15-postgis-3'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status;
    if (install() !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit' });
      if (install() !== 0) throw new Error('could not install postgresql-15-postgis-3');
    }
    if (!(await available())) throw new Error('postgis still not available to the server after installing it');
  }
  await withClient(ADMIN_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${BENCH_DB}`);
  });
  await withClient(benchUrl(), async (c) => {
    await c.query('CREATE EXTENSION postgis');
    const v = await c.query<{ v: string }>('SELECT postgis_lib_version() AS v');
    console.log(`\nPostGIS ${v.rows[0]!.v} in database ${BENCH_DB}`);
  });
}

async function measurePostgis(t: Tessellation): Promise<void> {
  const table = `grid_v${Math.round(t.meanVertices)}`;
  console.log(
    `\n## PostGIS: ${fmt(t.entries.length)} polygons, ${fmt(t.meanVertices, 1)} vertices on average (table ${table}; ${load()})`,
  );
  const locator = GridLocator.build(t.entries);
  await withClient(benchUrl(), async (c) => {
    let started = performance.now();
    await c.query(`CREATE TABLE ${table} (code text PRIMARY KEY, geom geometry(Polygon, 4326) NOT NULL)`);
    for (let i = 0; i < t.entries.length; i += 1_000) {
      const chunk = t.entries.slice(i, i + 1_000);
      await c.query(
        `INSERT INTO ${table} SELECT code, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) FROM unnest($1::text[], $2::text[]) AS t(code, g)`,
        [chunk.map((e) => e.code), chunk.map((e) => JSON.stringify(e.geometry))],
      );
    }
    const loaded = performance.now() - started;
    started = performance.now();
    await c.query(`CREATE INDEX ${table}_geom ON ${table} USING gist (geom)`);
    await c.query(`ANALYZE ${table}`);
    const indexed = performance.now() - started;
    const invalid = (await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE NOT ST_IsValid(geom)`))
      .rows[0]!.n;
    console.log(`load ${fmt(loaded)} ms, GiST index + ANALYZE ${fmt(indexed)} ms, invalid polygons: ${invalid}`);

    const points = randomPoints(PG_POINTS, t.extent, POINT_SEED);
    const n = PG_POINTS;
    const single = {
      name: `locate_${table}`,
      text: `SELECT code FROM ${table} WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY code LIMIT 1`,
    };
    for (let i = 0; i < 500; i++) await c.query({ ...single, values: [points[2 * i], points[2 * i + 1]] });
    const singleAnswers: (string | null)[] = [];
    const latencies = new Float64Array(n);
    started = performance.now();
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await c.query<{ code: string }>({ ...single, values: [points[2 * i], points[2 * i + 1]] });
      latencies[i] = performance.now() - t0;
      singleAnswers.push(r.rows[0]?.code ?? null);
    }
    const singleRate = (n / (performance.now() - started)) * 1000;
    latencies.sort();
    console.log(
      `ST_Contains, one point per query (sequential, one connection): ${fmt(singleRate)} points/s; p50 ${fmt(quantile(latencies, 0.5), 3)} ms, p99 ${fmt(quantile(latencies, 0.99), 3)} ms`,
    );

    const batched = (name: string, predicate: string) => ({
      name: `${name}_${table}`,
      text: `SELECT p.i, g.code FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lng, lat, i)
             LEFT JOIN LATERAL (
               SELECT code FROM ${table} WHERE ${predicate}(geom, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326))
               ORDER BY code LIMIT 1
             ) g ON true ORDER BY p.i`,
    });
    const runBatched = async (q: { name: string; text: string }, pts: Position[]) => {
      const answers: (string | null)[] = [];
      for (let i = 0; i < pts.length; i += 1_000) {
        const chunk = pts.slice(i, i + 1_000);
        const r = await c.query<{ i: string; code: string | null }>({
          ...q,
          values: [chunk.map((p) => p[0]), chunk.map((p) => p[1])],
        });
        for (const row of r.rows) answers.push(row.code);
      }
      return answers;
    };
    const pointList: Position[] = Array.from({ length: n }, (_, i) => [points[2 * i]!, points[2 * i + 1]!]);
    const contains = batched('contains', 'ST_Contains');
    await runBatched(contains, pointList.slice(0, 2_000));
    started = performance.now();
    const batchAnswers = await runBatched(contains, pointList);
    const batchRate = (n / (performance.now() - started)) * 1000;
    console.log(`ST_Contains, 1,000 points per query (unnest + LATERAL): ${fmt(batchRate)} points/s`);

    const locatorAnswers = pointList.map((p) => {
      const r = locator.locate(p[0]!, p[1]!)!;
      return r.inside ? r.code : null;
    });
    const mismatches = (a: (string | null)[], b: (string | null)[]) => a.filter((x, i) => x !== b[i]).length;
    console.log(
      `random points: locator vs ST_Contains mismatches: ${mismatches(locatorAnswers, singleAnswers)} (one per query), ${mismatches(locatorAnswers, batchAnswers)} (batched) of ${fmt(n)}; in no grid by PostGIS: ${singleAnswers.filter((x) => x === null).length}`,
    );

    // Boundary points: ST_Contains leaves out the boundary, ST_Intersects does not (but has no tolerance).
    const boundary: Position[] = [...t.sharedVertices.slice(0, 1_000), ...t.sharedEdgeMidpoints.slice(0, 1_000)];
    const byContains = await runBatched(contains, boundary);
    const byIntersects = await runBatched(batched('intersects', 'ST_Intersects'), boundary);
    const byLocator = boundary.map((p) => locator.locate(p[0]!, p[1]!)!.code);
    const describe = (label: string, from: number, to: number) => {
      const inNone = byContains.slice(from, to).filter((x) => x === null).length;
      const differs = byIntersects.slice(from, to).filter((x, i) => x !== byLocator[from + i]).length;
      const containsDiffers = byContains
        .slice(from, to)
        .filter((x, i) => x !== null && x !== byLocator[from + i]).length;
      console.log(
        `${label} (${fmt(to - from)}): ST_Contains finds no grid for ${fmt(inNone)} and another grid than the locator for ${fmt(containsDiffers)}; ST_Intersects + smallest code differs from the locator for ${fmt(differs)}`,
      );
    };
    const nv = Math.min(1_000, t.sharedVertices.length);
    describe('shared vertices', 0, nv);
    describe('shared-edge midpoints', nv, boundary.length);
  });
}

if (steps.has('memory')) {
  for (const vertices of VERTEX_COUNTS) measureMemory(tessellationOf(vertices));
}
if (steps.has('postgis')) {
  await ensurePostgis();
  for (const vertices of VERTEX_COUNTS) await measurePostgis(tessellationOf(vertices));
}
if (steps.has('cross-process'))
  await measureCrossProcess(CHANGES, EXTRA_GRIDS > 0 ? tessellationOf(60).entries.slice(0, EXTRA_GRIDS) : []);
