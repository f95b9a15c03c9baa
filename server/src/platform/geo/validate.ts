import Flatbush from 'flatbush';
import { ringAreaM2 } from './measure.ts';

export type GeometryProblemCode =
  | 'NOT_POLYGON'
  | 'RING_NOT_CLOSED'
  | 'TOO_FEW_POINTS'
  | 'BAD_COORDINATE'
  | 'SELF_INTERSECTION'
  | 'ZERO_AREA'
  | 'TOO_MANY_POINTS';

/**
 * One thing wrong with a geometry. `polygon` is the index in a MultiPolygon (absent for a Polygon),
 * `ring` the ring index in its polygon (0 = exterior), `at` a [lng, lat] where it shows when there is one.
 */
export interface GeometryProblem {
  code: GeometryProblemCode;
  at?: [number, number];
  ring?: number;
  polygon?: number;
}

/** More positions than any real grid or division needs; the limit keeps an import from tying up the server. */
export const MAX_POSITIONS = 100_000;
/** Enough to tell the user what is wrong without echoing every position of a broken file back. */
const MAX_PROBLEMS = 100;
/** Rings with less area than this (1 cm²) have collapsed onto a line or a point. */
const ZERO_AREA_M2 = 1e-4;
/**
 * Points closer than this (in degrees, about 0.01 mm) count as the same point. Clipping results touch each
 * other at vertices that were rounded to doubles; without a tolerance such touches could look like crossings.
 */
const EPSILON_DEG = 1e-10;

type Point = [number, number];

/**
 * Checks untrusted input (an imported file, a drawn shape) before any other geometry code sees it: a GeoJSON
 * Polygon or MultiPolygon with finite WGS84 coordinates, closed rings of at least 4 positions, at most
 * {@link MAX_POSITIONS} positions, no ring crossing or touching itself, no two rings crossing or sharing
 * an edge (touching at a point is allowed, as in the OGC simple-features rules), and no ring of zero area.
 * Returns an empty list for a valid geometry; never throws.
 */
export function validatePolygonal(geometry: unknown): GeometryProblem[] {
  try {
    return validate(geometry);
  } catch {
    // Only exotic objects (throwing getters, proxies) get here; JSON input cannot.
    return [{ code: 'NOT_POLYGON' }];
  }
}

function validate(geometry: unknown): GeometryProblem[] {
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) return [{ code: 'NOT_POLYGON' }];
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (!Array.isArray(coordinates)) return [{ code: 'NOT_POLYGON' }];
  const isMulti = type === 'MultiPolygon';
  if (!isMulti && type !== 'Polygon') return [{ code: 'NOT_POLYGON' }];
  const polygons: unknown[] = isMulti ? coordinates : [coordinates];
  const where = (polygon: number, ring?: number) => ({
    ...(isMulti ? { polygon } : {}),
    ...(ring === undefined ? {} : { ring }),
  });

  const problems: GeometryProblem[] = [];
  const report = (problem: GeometryProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  // Count before looking inside, so a huge file is refused in time proportional to its number of rings.
  if (polygons.length > MAX_POSITIONS) return [{ code: 'TOO_MANY_POINTS' }];
  let positions = 0;
  let rings = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) continue;
    rings += polygon.length;
    for (const ring of polygon) if (Array.isArray(ring)) positions += ring.length;
    if (positions > MAX_POSITIONS || rings > MAX_POSITIONS) return [{ code: 'TOO_MANY_POINTS' }];
  }
  if (polygons.length === 0) return [{ code: 'TOO_FEW_POINTS' }];

  const clean: Point[][][] = [];
  for (const [p, polygon] of polygons.entries()) {
    if (!Array.isArray(polygon)) {
      report({ code: 'NOT_POLYGON', ...where(p) });
      continue;
    }
    if (polygon.length === 0) {
      report({ code: 'TOO_FEW_POINTS', ...where(p) });
      continue;
    }
    const cleanPolygon: Point[][] = [];
    for (const [r, ring] of (polygon as unknown[]).entries()) {
      const problem = ringProblem(ring);
      if (problem) report({ ...problem, ...where(p, r) });
      else cleanPolygon.push(ring as Point[]);
    }
    clean.push(cleanPolygon);
  }
  // Topology only makes sense on well-formed rings.
  if (problems.length > 0) return problems;

  // A ring folded onto a line is ZERO_AREA rather than a ring running back along itself.
  const collapsed = new Set<string>();
  clean.forEach((polygon, p) => {
    polygon.forEach((ring, r) => {
      if (!isCollapsed(ring)) return;
      collapsed.add(`${p}/${r}`);
      report({ code: 'ZERO_AREA', ...where(p, r), at: ring[0]! });
    });
  });
  const crossing = firstSelfIntersection(clean, (p, r) => !collapsed.has(`${p}/${r}`));
  if (crossing) {
    report({ code: 'SELF_INTERSECTION', ...where(crossing.polygon, crossing.ring), at: crossing.at });
    // The signed area of a crossing ring means nothing (a symmetric bow-tie has none).
    return problems;
  }
  clean.forEach((polygon, p) => {
    polygon.forEach((ring, r) => {
      if (!collapsed.has(`${p}/${r}`) && ringAreaM2(ring) < ZERO_AREA_M2) {
        report({ code: 'ZERO_AREA', ...where(p, r), at: ring[0]! });
      }
    });
  });
  return problems;
}

/** What is wrong with one ring's shape, if anything; its positions are checked first. */
function ringProblem(ring: unknown): Pick<GeometryProblem, 'code' | 'at'> | null {
  if (!Array.isArray(ring)) return { code: 'NOT_POLYGON' };
  for (const position of ring as unknown[]) {
    if (!asPoint(position)) {
      const at = looseAt(position);
      return { code: 'BAD_COORDINATE', ...(at ? { at } : {}) };
    }
  }
  if (ring.length < 4) return { code: 'TOO_FEW_POINTS' };
  const [firstLng, firstLat] = ring[0] as number[];
  const [lastLng, lastLat] = ring[ring.length - 1] as number[];
  if (firstLng !== lastLng || firstLat !== lastLat) return { code: 'RING_NOT_CLOSED', at: [firstLng!, firstLat!] };
  return null;
}

function asPoint(position: unknown): Point | null {
  if (!Array.isArray(position) || position.length < 2) return null;
  const [lng, lat] = position as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number') return null;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return null;
  return [lng, lat];
}

/** The offending position when it is at least two finite numbers (out of range), so the user can find it. */
function looseAt(position: unknown): Point | undefined {
  if (!Array.isArray(position)) return undefined;
  const [lng, lat] = position as unknown[];
  return typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng) && Number.isFinite(lat)
    ? [lng, lat]
    : undefined;
}

interface Segment {
  polygon: number;
  ring: number;
  /** Position in the ring's de-duplicated vertex list, and that list's length, to recognise neighbours. */
  index: number;
  ringSize: number;
  a: Point;
  b: Point;
}

/*
 * @turf/kinks compares every edge with every other one: a 100,000-point ring would take minutes, which an
 * import endpoint cannot afford. Here a Flatbush index of the edges' boxes finds the candidate pairs, so the
 * check stays close to n log n.
 */
function firstSelfIntersection(
  polygons: Point[][][],
  include: (polygon: number, ring: number) => boolean,
): { polygon: number; ring: number; at: Point } | null {
  const segments: Segment[] = [];
  polygons.forEach((polygon, p) => {
    polygon.forEach((ring, r) => {
      const vertices = withoutRepeats(ring);
      if (!include(p, r) || vertices.length < 3) return;
      vertices.forEach((a, i) => {
        segments.push({
          polygon: p,
          ring: r,
          index: i,
          ringSize: vertices.length,
          a,
          b: vertices[(i + 1) % vertices.length]!,
        });
      });
    });
  });
  if (segments.length < 2) return null;
  const index = new Flatbush(segments.length);
  for (const { a, b } of segments) {
    index.add(
      Math.min(a[0], b[0]) - EPSILON_DEG,
      Math.min(a[1], b[1]) - EPSILON_DEG,
      Math.max(a[0], b[0]) + EPSILON_DEG,
      Math.max(a[1], b[1]) + EPSILON_DEG,
    );
  }
  index.finish();
  for (let s = 0; s < segments.length; s++) {
    const first = segments[s]!;
    const candidates = index
      .search(
        Math.min(first.a[0], first.b[0]),
        Math.min(first.a[1], first.b[1]),
        Math.max(first.a[0], first.b[0]),
        Math.max(first.a[1], first.b[1]),
      )
      .filter((t) => t > s)
      .sort((x, y) => x - y);
    for (const t of candidates) {
      const second = segments[t]!;
      const found = contact(first.a, first.b, second.a, second.b);
      if (!found) continue;
      const sameRing = first.polygon === second.polygon && first.ring === second.ring;
      if (sameRing) {
        const adjacent =
          (first.index + 1) % first.ringSize === second.index || (second.index + 1) % second.ringSize === first.index;
        // Neighbouring edges always meet at their shared vertex; only doubling back along each other is wrong.
        if (adjacent && found.kind !== 'overlap') continue;
      } else if (found.kind === 'touch') {
        continue;
      }
      return { polygon: first.polygon, ring: first.ring, at: found.at };
    }
  }
  return null;
}

/** All vertices on one line (or one point): the ring encloses nothing. */
function isCollapsed(ring: Point[]): boolean {
  const vertices = withoutRepeats(ring);
  if (vertices.length < 3) return true;
  const origin = vertices[0]!;
  let farthest = origin;
  for (const v of vertices) {
    if (Math.hypot(v[0] - origin[0], v[1] - origin[1]) > Math.hypot(farthest[0] - origin[0], farthest[1] - origin[1])) {
      farthest = v;
    }
  }
  const length = Math.hypot(farthest[0] - origin[0], farthest[1] - origin[1]);
  return vertices.every((v) => Math.abs(orient(origin, farthest, v)) / length <= EPSILON_DEG);
}

function withoutRepeats(ring: Point[]): Point[] {
  const out: Point[] = [];
  for (const point of ring) {
    const previous = out[out.length - 1];
    if (!previous || !near(previous, point)) out.push(point);
  }
  while (out.length > 1 && near(out[0]!, out[out.length - 1]!)) out.pop();
  return out;
}

function near(p: Point, q: Point): boolean {
  return Math.abs(p[0] - q[0]) <= EPSILON_DEG && Math.abs(p[1] - q[1]) <= EPSILON_DEG;
}

function orient(a: Point, b: Point, c: Point): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** Distance from p to the segment a–b, in degrees. */
function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

type Contact = { kind: 'cross' | 'touch' | 'overlap'; at: Point };

/** How two segments meet: crossing in their interiors, touching at a point, running along each other, or not. */
function contact(p1: Point, p2: Point, q1: Point, q2: Point): Contact | null {
  const nearEnds: Point[] = [];
  if (distanceToSegment(q1, p1, p2) <= EPSILON_DEG) nearEnds.push(q1);
  if (distanceToSegment(q2, p1, p2) <= EPSILON_DEG) nearEnds.push(q2);
  if (distanceToSegment(p1, q1, q2) <= EPSILON_DEG) nearEnds.push(p1);
  if (distanceToSegment(p2, q1, q2) <= EPSILON_DEG) nearEnds.push(p2);
  if (nearEnds.length > 0) {
    // Two ends on the other segment that are not the same point: the segments share a stretch.
    const apart = nearEnds.find((point) => !near(point, nearEnds[0]!));
    if (apart) return { kind: 'overlap', at: nearEnds[0]! };
    return { kind: 'touch', at: nearEnds[0]! };
  }
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  if (Math.sign(o1) * Math.sign(o2) < 0 && Math.sign(o3) * Math.sign(o4) < 0) {
    const t = o3 / (o3 - o4);
    return { kind: 'cross', at: [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])] };
  }
  return null;
}
