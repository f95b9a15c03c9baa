import type { MultiPolygon, Polygon } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { areaM2, type Bbox, bbox, type Polygonal } from './measure.ts';

export type OverlayOperation = 'intersect' | 'union' | 'difference';

/**
 * polyclip-ts refused or failed on its input (typically a self-intersecting or degenerate polygon that
 * `validatePolygonal` would have reported). The original error is kept as `cause`.
 */
export class GeometryOperationError extends Error {
  readonly operation: OverlayOperation;

  constructor(operation: OverlayOperation, cause: unknown) {
    super(`geometry ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'GeometryOperationError';
    this.operation = operation;
  }
}

/*
 * Every operation returns a GeoJSON MultiPolygon, empty when nothing is left, normalised by polyclip-ts:
 * exterior rings counter-clockwise and holes clockwise (RFC 7946), rings closed, no repeated or collinear
 * points, polygons that may touch at points but never share an edge. Callers can store it as it is.
 */

function run(operation: OverlayOperation, compute: () => ReturnType<typeof polyclip.union>): MultiPolygon {
  try {
    return { type: 'MultiPolygon', coordinates: compute() as MultiPolygon['coordinates'] };
  } catch (error) {
    throw new GeometryOperationError(operation, error);
  }
}

function geom(g: Polygonal): polyclip.Geom {
  return g.coordinates as polyclip.Geom;
}

function isEmpty(g: Polygonal): boolean {
  return g.coordinates.length === 0;
}

function bboxesOverlap(p: Bbox, q: Bbox): boolean {
  return p[0] <= q[2] && q[0] <= p[2] && p[1] <= q[3] && q[1] <= p[3];
}

/** The area both cover. Disjoint bounding boxes answer at once, which is most pairs in an overlap search. */
export function intersect(a: Polygonal, b: Polygonal): MultiPolygon {
  return run('intersect', () =>
    isEmpty(a) || isEmpty(b) || !bboxesOverlap(bbox(a), bbox(b)) ? [] : polyclip.intersection(geom(a), geom(b)),
  );
}

/** The area any of them covers, in one sweep (much faster than folding pairwise). */
export function union(...geometries: Polygonal[]): MultiPolygon {
  return run('union', () => {
    const [first, ...rest] = geometries.filter((g) => !isEmpty(g));
    return first ? polyclip.union(geom(first), ...rest.map(geom)) : [];
  });
}

/** What is left of `a` after removing every one of `subtrahends`. */
export function difference(a: Polygonal, ...subtrahends: Polygonal[]): MultiPolygon {
  return run('difference', () => {
    if (isEmpty(a)) return [];
    const box = bbox(a);
    const relevant = subtrahends.filter((s) => !isEmpty(s) && bboxesOverlap(box, bbox(s)));
    return polyclip.difference(geom(a), ...relevant.map(geom));
  });
}

export interface Part {
  geometry: Polygon;
  areaM2: number;
}

/**
 * The separate polygons of a result with at least `minAreaM2` square metres each, largest first. Smaller
 * ones are slivers of floating-point arithmetic or digitising noise, not places anyone could stand in.
 */
export function parts(geometry: Polygonal, minAreaM2: number): Part[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out: Part[] = [];
  for (const coordinates of polygons) {
    if (coordinates.length === 0) continue;
    const part: Polygon = { type: 'Polygon', coordinates };
    const area = areaM2(part);
    if (area >= minAreaM2) out.push({ geometry: part, areaM2: area });
  }
  return out.sort((p, q) => q.areaM2 - p.areaM2);
}
