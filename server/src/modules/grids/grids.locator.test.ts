import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { bbox, lineString, point, pointToLineDistance } from '@turf/turf';
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { BOUNDARY_TOLERANCE_DEG, GridLocator, type LocatorEntry } from './grids.locator.ts';

/** Deterministic, so a failure names a point that fails again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTENT = { minLng: 113.0, minLat: 36.13, maxLng: 113.2, maxLat: 36.27 };

/** Codes handed out in shuffled order, so input order says nothing about which code is smallest. */
function shuffledCodes(count: number, rnd: () => number): string[] {
  const codes = Array.from(
    { length: count },
    (_, i) =>
      `140403001${String(Math.floor(i / 36 ** 2)).padStart(3, '0')}${(i % 36 ** 2).toString(36).toUpperCase().padStart(3, '0')}`,
  );
  for (let i = codes.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  return codes;
}

/** Maps coordinates that differ only in their last bits to one key (and, if asked, one shared copy). */
class VertexCanon {
  private readonly byCell = new Map<string, Position[]>();
  key(p: Position): string {
    const cx = Math.round(p[0]! * 1e8);
    const cy = Math.round(p[1]! * 1e8);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of this.byCell.get(`${cx + dx},${cy + dy}`) ?? [])
          if (Math.abs(q[0]! - p[0]!) < 1e-10 && Math.abs(q[1]! - p[1]!) < 1e-10) return `${q[0]},${q[1]}`;
    const cell = `${cx},${cy}`;
    this.byCell.set(cell, [...(this.byCell.get(cell) ?? []), p]);
    return `${p[0]},${p[1]}`;
  }
  canonical(p: Position): Position {
    const [x, y] = this.key(p).split(',').map(Number);
    return [x!, y!];
  }
}

/**
 * About `count` Voronoi cells clipped to EXTENT. With `densify`, shared vertices are made identical and every
 * edge gets 0–3 jittered points derived from its endpoints in canonical order, the same from both sides, so
 * the cells still tile but are no longer convex. Without it the cells are d3's own output, where the copies
 * of a vertex on the clipping rectangle may differ in their last bits.
 */
function tessellation(count: number, seed: number, densify: boolean): LocatorEntry[] {
  const rnd = random(seed);
  const sites: [number, number][] = Array.from({ length: count }, () => [
    EXTENT.minLng + rnd() * (EXTENT.maxLng - EXTENT.minLng),
    EXTENT.minLat + rnd() * (EXTENT.maxLat - EXTENT.minLat),
  ]);
  const voronoi = Delaunay.from(sites).voronoi([EXTENT.minLng, EXTENT.minLat, EXTENT.maxLng, EXTENT.maxLat]);
  const codes = shuffledCodes(count, rnd);
  const canon = new VertexCanon();
  const entries: LocatorEntry[] = [];
  for (let i = 0; i < count; i++) {
    const cell = voronoi.cellPolygon(i);
    if (!cell) continue;
    let ring: Position[] = cell.slice(0, -1).map((p) => (densify ? canon.canonical(p) : [p[0], p[1]]));
    ring = ring.filter((p, k) => {
      const q = ring[(k + ring.length - 1) % ring.length]!;
      return p[0] !== q[0] || p[1] !== q[1];
    });
    if (densify) ring = ring.flatMap((p, k) => [p, ...edgePoints(p, ring[(k + 1) % ring.length]!)]);
    entries.push({ code: codes[i]!, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] } });
  }
  return entries;
}

function edgePoints(a: Position, b: Position): Position[] {
  const forward = a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
  const [p, q] = forward ? [a, b] : [b, a];
  const bits = new Uint32Array(new Float64Array([p[0]!, p[1]!, q[0]!, q[1]!]).buffer);
  let seed = 0;
  for (const w of bits) seed = Math.imul(seed ^ w, 0x9e3779b1) >>> 0;
  const rnd = random(seed);
  const n = Math.floor(rnd() * 4);
  const dx = q[0]! - p[0]!;
  const dy = q[1]! - p[1]!;
  const points: Position[] = [];
  for (let k = 1; k <= n; k++) {
    const t = (k + (rnd() - 0.5) * 0.5) / (n + 1);
    const off = (rnd() - 0.5) * 0.1;
    points.push([p[0]! + t * dx - off * dy, p[1]! + t * dy + off * dx]);
  }
  return forward ? points : points.reverse();
}

function rings(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Shared vertices and the midpoints of shared edges, found by key, whatever the locator does. */
function sharedPoints(entries: LocatorEntry[]): { vertices: Position[]; midpoints: Position[] } {
  const canon = new VertexCanon();
  const vertexGrids = new Map<string, { p: Position; grids: Set<string> }>();
  const edgeGrids = new Map<string, { a: Position; b: Position; grids: Set<string> }>();
  for (const e of entries)
    for (const ring of rings(e.geometry))
      for (let k = 0; k < ring.length - 1; k++) {
        const a = ring[k]!;
        const b = ring[k + 1]!;
        const ka = canon.key(a);
        const kb = canon.key(b);
        const v = vertexGrids.get(ka) ?? { p: a, grids: new Set() };
        v.grids.add(e.code);
        vertexGrids.set(ka, v);
        const ke = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
        const edge = edgeGrids.get(ke) ?? { a, b, grids: new Set() };
        edge.grids.add(e.code);
        edgeGrids.set(ke, edge);
      }
  return {
    vertices: [...vertexGrids.values()].filter((v) => v.grids.size > 1).map((v) => v.p),
    midpoints: [...edgeGrids.values()]
      .filter((e) => e.grids.size > 1)
      .map((e) => [(e.a[0]! + e.b[0]!) / 2, (e.a[1]! + e.b[1]!) / 2]),
  };
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The rule, written again with turf: boundary counts as inside, and within 1 mm of an edge is on it. */
class TurfCheck {
  private readonly boxes: number[][];
  constructor(private readonly entries: LocatorEntry[]) {
    this.boxes = entries.map((e) => bbox(e.geometry));
  }
  holders(p: Position): string[] {
    const pt = point(p);
    const margin = 1e-7;
    return this.entries
      .filter((e, i) => {
        const [x0, y0, x1, y1] = this.boxes[i]!;
        if (p[0]! < x0! - margin || p[0]! > x1! + margin || p[1]! < y0! - margin || p[1]! > y1! + margin) return false;
        return (
          booleanPointInPolygon(pt, e.geometry) ||
          rings(e.geometry).some(
            (ring) => pointToLineDistance(pt, lineString(ring), { units: 'meters', method: 'planar' }) < 0.001,
          )
        );
      })
      .map((e) => e.code)
      .sort(byteOrder);
  }
  /** Geodesic distances to the grids' boundaries, nearest first; only grids near the planar nearest are measured. */
  distancesM(p: Position): { code: string; d: number }[] {
    const pt = point(p);
    const boundaryM = (e: LocatorEntry, method: 'planar' | 'geodesic') =>
      Math.min(
        ...rings(e.geometry).map((ring) => pointToLineDistance(pt, lineString(ring), { units: 'meters', method })),
      );
    const planar = this.entries.map((e) => ({ e, d: boundaryM(e, 'planar') }));
    const nearest = Math.min(...planar.map((x) => x.d));
    return planar
      .filter((x) => x.d <= nearest * 1.1)
      .map((x) => ({ code: x.e.code, d: boundaryM(x.e, 'geodesic') }))
      .sort((a, b) => a.d - b.d);
  }
}

function agreeWithTurf(
  entries: LocatorEntry[],
  randomPoints: number,
  seed: number,
): { points: number; multiple: number } {
  const locator = GridLocator.build(entries);
  const check = new TurfCheck(entries);
  const rnd = random(seed);
  const { vertices, midpoints } = sharedPoints(entries);
  assert.ok(vertices.length > entries.length, 'the tessellation has shared vertices');
  assert.ok(midpoints.length > entries.length, 'the tessellation has shared edges');
  const points: [string, Position][] = [
    ...Array.from({ length: randomPoints }, (): [string, Position] => [
      'random',
      [
        EXTENT.minLng + rnd() * (EXTENT.maxLng - EXTENT.minLng),
        EXTENT.minLat + rnd() * (EXTENT.maxLat - EXTENT.minLat),
      ],
    ]),
    ...vertices.map((p): [string, Position] => ['shared vertex', p]),
    ...midpoints.map((p): [string, Position] => ['shared edge midpoint', p]),
  ];
  let multiple = 0;
  for (const [kind, p] of points) {
    const expected = check.holders(p);
    const got = locator.locate(p[0]!, p[1]!);
    const where = `${kind} ${p[0]},${p[1]}`;
    if (expected.length === 0) {
      // Only possible just outside a jittered border edge of the extent.
      assert.equal(got?.inside, false, where);
      continue;
    }
    assert.deepEqual(got, { code: expected[0], inside: true }, where);
    assert.deepEqual(locator.containing(p[0]!, p[1]!), expected, where);
    if (expected.length > 1) multiple++;
  }
  return { points: points.length, multiple };
}

describe('GridLocator', () => {
  test('agrees with turf on a jittered Voronoi tessellation: random points, shared vertices, edge midpoints', (t) => {
    const entries = tessellation(500, 1, true);
    assert.equal(entries.length, 500);
    assert.ok(
      entries.some((e) => rings(e.geometry)[0]!.length > 12),
      'densified cells',
    );
    const { points, multiple } = agreeWithTurf(entries, 10_000, 2);
    t.diagnostic(`${points} points, ${multiple} held by several grids`);
    assert.ok(multiple > 2_000, `points held by several grids: ${multiple}`);
  });

  test("agrees with turf on d3's own cells, whose copies of a clipped vertex may differ in the last bits", (t) => {
    const entries = tessellation(500, 3, false);
    const { points, multiple } = agreeWithTurf(entries, 10_000, 4);
    t.diagnostic(`${points} points, ${multiple} held by several grids`);
    assert.ok(multiple > 2_000, `points held by several grids: ${multiple}`);
  });

  test('a point outside every grid gets the nearest one, with its distance in metres', () => {
    const entries = tessellation(500, 1, true);
    const locator = GridLocator.build(entries);
    const check = new TurfCheck(entries);
    const rnd = random(5);
    const cx = (EXTENT.minLng + EXTENT.maxLng) / 2;
    const cy = (EXTENT.minLat + EXTENT.maxLat) / 2;
    let outside = 0;
    for (let i = 0; i < 150; i++) {
      // Around the extent in every direction, from ~10 m beyond its edge to ~20 km.
      const angle = rnd() * 2 * Math.PI;
      const onEdge = Math.max(Math.abs(Math.cos(angle)), Math.abs(Math.sin(angle)));
      const reach = 1 + 10 ** (-3.5 + rnd() * 3.8);
      const p: Position = [
        cx + ((Math.cos(angle) / onEdge) * reach * (EXTENT.maxLng - EXTENT.minLng)) / 2,
        cy + ((Math.sin(angle) / onEdge) * reach * (EXTENT.maxLat - EXTENT.minLat)) / 2,
      ];
      const got = locator.locate(p[0]!, p[1]!);
      const where = `${p[0]},${p[1]}`;
      assert.ok(got, where);
      if (got.inside) {
        // The jittered border edges stick out of the rectangle here and there.
        assert.equal(check.holders(p)[0], got.code, where);
        continue;
      }
      outside++;
      const turf = check.distancesM(p);
      const best = turf[0]!.d;
      assert.ok(Math.abs(got.distanceM - best) <= best * 0.01, `${where}: ${got.distanceM} m vs turf ${best} m`);
      const chosen = turf.find((t) => t.code === got.code)!;
      assert.ok(chosen.d <= best * 1.01, `${where}: ${got.code} at ${chosen.d} m, turf's nearest at ${best} m`);
      if ((turf[1]?.d ?? Infinity) > best * 1.02) assert.equal(got.code, turf[0]!.code, where);
    }
    assert.ok(outside > 120, `points outside: ${outside}`);
  });

  const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  const poly = (...ringsOf: Position[][]): Polygon => ({ type: 'Polygon', coordinates: ringsOf });

  test('shared edges and vertices go to the smallest code in byte order', () => {
    // Four squares around (113.1, 36.2), codes deliberately not in position order.
    const locator = GridLocator.build([
      { code: '140403001001B02', geometry: poly(square(113.0, 36.1, 113.1, 36.2)) },
      { code: '140403001001A01', geometry: poly(square(113.1, 36.1, 113.2, 36.2)) },
      { code: '140403001001003', geometry: poly(square(113.0, 36.2, 113.1, 36.3)) },
      { code: '140403001001Z04', geometry: poly(square(113.1, 36.2, 113.2, 36.3)) },
    ]);
    assert.equal(locator.size, 4);
    assert.deepEqual(locator.locate(113.1, 36.2), { code: '140403001001003', inside: true });
    assert.deepEqual(locator.containing(113.1, 36.2), [
      '140403001001003',
      '140403001001A01',
      '140403001001B02',
      '140403001001Z04',
    ]);
    assert.deepEqual(locator.locate(113.1, 36.15), { code: '140403001001A01', inside: true });
    assert.deepEqual(locator.locate(113.15, 36.2), { code: '140403001001A01', inside: true });
    assert.deepEqual(locator.locate(113.05, 36.2), { code: '140403001001003', inside: true });
    assert.deepEqual(locator.locate(113.05, 36.15), { code: '140403001001B02', inside: true });
    // Within the tolerance outside an edge still holds; a centimetre out does not.
    assert.deepEqual(locator.locate(113.05, 36.1 - BOUNDARY_TOLERANCE_DEG / 2), {
      code: '140403001001B02',
      inside: true,
    });
    const out = locator.locate(113.05, 36.1 - 1e-7);
    assert.ok(out && !out.inside && out.code === '140403001001B02');
    assert.ok(Math.abs(out.distanceM - 0.01112) < 0.0001, String(out.distanceM));
    // Below the shared corner both bottom edges are equally near: the smaller code wins.
    const corner = locator.locate(113.1, 36.09);
    assert.ok(corner && !corner.inside);
    assert.equal(corner.code, '140403001001A01');
    assert.ok(Math.abs(corner.distanceM - 1111.95) < 0.1, String(corner.distanceM));
  });

  test('holes are not inside, and a hole boundary is a boundary', () => {
    const locator = GridLocator.build([
      // Clockwise outer ring, counter-clockwise hole: orientation must not matter.
      {
        code: 'H',
        geometry: poly(square(113.0, 36.0, 113.3, 36.3).reverse(), square(113.1, 36.1, 113.2, 36.2)),
      },
      // An island filling the lower half of the hole.
      { code: 'I', geometry: poly(square(113.1, 36.1, 113.2, 36.15)) },
    ]);
    assert.deepEqual(locator.locate(113.05, 36.05), { code: 'H', inside: true });
    assert.deepEqual(locator.locate(113.15, 36.12), { code: 'I', inside: true });
    // Upper half of the hole: nobody's. 0.01° north of the island, 0.02° south of the hole's top edge.
    const hole = locator.locate(113.15, 36.16);
    assert.ok(hole && !hole.inside);
    assert.equal(hole.code, 'I');
    assert.ok(Math.abs(hole.distanceM - 1111.95) < 0.1, String(hole.distanceM));
    // Closer to the hole's side than to the island: the hole ring is H's boundary.
    const side = locator.locate(113.198, 36.19);
    assert.ok(side && !side.inside && side.code === 'H', JSON.stringify(side));
    // On the hole's bottom edge, which is also the island's: both hold it.
    assert.deepEqual(locator.containing(113.15, 36.1), ['H', 'I']);
    assert.deepEqual(locator.locate(113.15, 36.1), { code: 'H', inside: true });
    // On the hole's top edge: only H.
    assert.deepEqual(locator.containing(113.15, 36.2), ['H']);
    assert.deepEqual(locator.containing(113.15, 36.16), []);
  });

  test('every member of a MultiPolygon belongs to its grid', () => {
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[square(113.0, 36.0, 113.01, 36.01)], [square(113.5, 36.5, 113.51, 36.51)]],
    };
    const locator = GridLocator.build([
      { code: 'M', geometry: multi },
      { code: 'P', geometry: poly(square(113.2, 36.2, 113.3, 36.3)) },
    ]);
    assert.deepEqual(locator.locate(113.005, 36.005), { code: 'M', inside: true });
    assert.deepEqual(locator.locate(113.505, 36.505), { code: 'M', inside: true });
    assert.deepEqual(locator.locate(113.25, 36.25), { code: 'P', inside: true });
    const nearSecond = locator.locate(113.52, 36.505);
    assert.ok(nearSecond && !nearSecond.inside && nearSecond.code === 'M');
    const nearP = locator.locate(113.31, 36.25);
    assert.ok(nearP && !nearP.inside && nearP.code === 'P');
  });

  test('an empty index answers null; bad input is refused', () => {
    const empty = GridLocator.build([]);
    assert.equal(empty.size, 0);
    assert.equal(empty.locate(113.1, 36.2), null);
    assert.deepEqual(empty.containing(113.1, 36.2), []);
    const one = GridLocator.build([{ code: 'A', geometry: poly(square(113.0, 36.0, 113.1, 36.1)) }]);
    assert.throws(() => one.locate(Number.NaN, 36), RangeError);
    const g = poly(square(113.0, 36.0, 113.1, 36.1));
    assert.throws(
      () =>
        GridLocator.build([
          { code: 'A', geometry: g },
          { code: 'A', geometry: g },
        ]),
      /A appears twice/,
    );
    assert.throws(
      () =>
        GridLocator.build([
          {
            code: 'B',
            geometry: poly([
              [113, 36],
              [113.1, 36],
              [113, 36],
            ]),
          },
        ]),
      /B has a ring with fewer than three distinct vertices/,
    );
    assert.throws(() => GridLocator.build([{ code: 'C', geometry: { type: 'MultiPolygon', coordinates: [] } }]), /C/);
  });
});
