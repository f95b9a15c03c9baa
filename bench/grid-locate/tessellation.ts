import { Delaunay } from 'd3-delaunay';
import type { Position } from 'geojson';
import type { LocatorEntry } from '../../server/src/modules/grids/grids.locator.ts';

/** [minLng, minLat, maxLng, maxLat]: ~45 × 44 km around Changzhi, ~0.2 km² a cell at 10,000 cells. */
export type Extent = [number, number, number, number];
export const EXTENT: Extent = [113.0, 36.0, 113.5, 36.4];

export interface Tessellation {
  entries: LocatorEntry[];
  extent: Extent;
  meanVertices: number;
  /** Vertices used by two or more cells, and midpoints of segments two cells share. */
  sharedVertices: Position[];
  sharedEdgeMidpoints: Position[];
}

/** Small, fast and seedable, so every run and every process sees the same polygons and points. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` uniform random points in the extent, packed [lng, lat, lng, lat, …]. */
export function randomPoints(count: number, extent: Extent, seed: number): Float64Array {
  const rnd = random(seed);
  const [x0, y0, x1, y1] = extent;
  const out = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    out[2 * i] = x0 + rnd() * (x1 - x0);
    out[2 * i + 1] = y0 + rnd() * (y1 - y0);
  }
  return out;
}

/**
 * d3 clips each cell on its own, so the two copies of a vertex on the clipping rectangle can differ in the
 * last bits; one shared copy makes the densified edges identical from both sides.
 */
class VertexCanon {
  private readonly buckets = new Map<string, Position[]>();
  canonical(p: Position): Position {
    const cx = Math.round(p[0]! * 1e8);
    const cy = Math.round(p[1]! * 1e8);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of this.buckets.get(`${cx + dx},${cy + dy}`) ?? [])
          if (Math.abs(q[0]! - p[0]!) < 1e-10 && Math.abs(q[1]! - p[1]!) < 1e-10) return q;
    const key = `${cx},${cy}`;
    const copy: Position = [p[0]!, p[1]!];
    this.buckets.set(key, [...(this.buckets.get(key) ?? []), copy]);
    return copy;
  }
}

/**
 * A Voronoi tessellation of `cells` cells clipped to the extent, each edge densified so the cells have
 * `meanVertices` vertices on average. The points inserted on an edge are drawn from a generator seeded by
 * the edge's endpoints in canonical order, so both cells sharing the edge get the same points and the
 * cells still tile the extent exactly (no gap, no overlap); they wiggle off the straight line (at most 3%
 * of the edge's length, tapering to nothing at the ends) so cells are no longer convex, as real outlines
 * are not. Edges on the extent's border stay straight so the union stays the rectangle.
 */
export function tessellation(cells: number, meanVertices: number, seed = 1, extent: Extent = EXTENT): Tessellation {
  const rnd = random(seed);
  const [x0, y0, x1, y1] = extent;
  const sites = Float64Array.from({ length: cells * 2 }, (_, i) =>
    i % 2 === 0 ? x0 + rnd() * (x1 - x0) : y0 + rnd() * (y1 - y0),
  );
  const voronoi = new Delaunay(sites).voronoi(extent);
  const canon = new VertexCanon();
  const rings: Position[][] = [];
  for (let i = 0; i < cells; i++) {
    const cell = voronoi.cellPolygon(i);
    if (!cell) continue;
    const ring = cell.slice(0, -1).map((p) => canon.canonical(p));
    rings.push(ring.filter((p, k) => p !== ring[(k + ring.length - 1) % ring.length]));
  }
  const edgesPerCell = rings.reduce((n, r) => n + r.length, 0) / rings.length;
  const extraPerEdge = Math.max(0, meanVertices / edgesPerCell - 1);
  const onBorder = (a: Position, b: Position) =>
    (a[0] === x0 && b[0] === x0) ||
    (a[0] === x1 && b[0] === x1) ||
    (a[1] === y0 && b[1] === y0) ||
    (a[1] === y1 && b[1] === y1);

  const codes = gridCodes(rings.length, rnd);
  const edgeCache = new Map<string, Position[]>();
  const uses = new Map<Position, number>();
  const segments = new Map<string, { a: Position; b: Position; n: number }>();
  const ids = new Map<Position, number>();
  const id = (p: Position) => {
    const known = ids.get(p);
    if (known !== undefined) return known;
    ids.set(p, ids.size);
    return ids.size - 1;
  };
  const entries: LocatorEntry[] = rings.map((ring, i) => {
    const dense = ring.flatMap((a, k) => {
      const b = ring[(k + 1) % ring.length]!;
      // One array per edge, handed to both cells, so the shared points are the same objects too.
      const key = id(a) < id(b) ? `${id(a)}:${id(b)}` : `${id(b)}:${id(a)}`;
      let inner = edgeCache.get(key);
      if (!inner) {
        inner = edgePoints(a, b, extraPerEdge, onBorder(a, b));
        edgeCache.set(key, inner);
      }
      const forward = a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
      return [a, ...(forward ? inner : [...inner].reverse())];
    });
    for (let k = 0; k < dense.length; k++) {
      const a = dense[k]!;
      const b = dense[(k + 1) % dense.length]!;
      uses.set(a, (uses.get(a) ?? 0) + 1);
      const [ia, ib] = [id(a), id(b)];
      const key = ia < ib ? `${ia}:${ib}` : `${ib}:${ia}`;
      const s = segments.get(key) ?? { a, b, n: 0 };
      s.n++;
      segments.set(key, s);
    }
    return { code: codes[i]!, geometry: { type: 'Polygon', coordinates: [[...dense, dense[0]!]] } };
  });
  return {
    entries,
    extent,
    meanVertices:
      entries.reduce((n, e) => n + (e.geometry.coordinates[0] as Position[]).length - 1, 0) / entries.length,
    sharedVertices: [...uses].filter(([, n]) => n > 1).map(([p]) => p),
    sharedEdgeMidpoints: [...segments.values()]
      .filter((s) => s.n > 1)
      .map((s) => [(s.a[0]! + s.b[0]!) / 2, (s.a[1]! + s.b[1]!) / 2]),
  };
}

/** The points inserted on edge a–b, from the endpoint that sorts first. */
function edgePoints(a: Position, b: Position, extra: number, straight: boolean): Position[] {
  const forward = a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
  const [p, q] = forward ? [a, b] : [b, a];
  const words = new Uint32Array(new Float64Array([p[0]!, p[1]!, q[0]!, q[1]!]).buffer);
  let seed = 0x811c9dc5;
  for (const w of words) seed = Math.imul(seed ^ w, 0x01000193) >>> 0;
  const rnd = random(seed);
  const n = Math.floor(extra) + (rnd() < extra - Math.floor(extra) ? 1 : 0);
  const dx = q[0]! - p[0]!;
  const dy = q[1]! - p[1]!;
  const points: Position[] = [];
  for (let k = 1; k <= n; k++) {
    const t = (k + (rnd() - 0.5) * 0.5) / (n + 1);
    const off = straight ? 0 : (rnd() - 0.5) * 0.06 * Math.sin(Math.PI * t);
    points.push([p[0]! + t * dx - off * dy, p[1]! + t * dy + off * dx]);
  }
  return points;
}

/** Grid codes (12-digit community + 3 characters) handed out in random order: input order says nothing of rank. */
function gridCodes(count: number, rnd: () => number): string[] {
  const codes = Array.from(
    { length: count },
    (_, i) =>
      `140403${String(1 + Math.floor(i / 1000)).padStart(3, '0')}${String(1 + Math.floor((i % 1000) / 36)).padStart(3, '0')}${(i % 36).toString(36).toUpperCase().padStart(3, '0')}`,
  );
  for (let i = codes.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  return codes;
}
