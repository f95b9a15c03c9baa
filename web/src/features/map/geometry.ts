/**
 * The little GeoJSON the console needs (RFC 7946, polygons only), typed here rather than borrowed from a
 * transitive dependency, and the pure geometry the map uses: bounds and a point inside for a label.
 */
export type LngLat = [number, number];
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export interface Geometry {
  type: string;
  coordinates: unknown;
}

export interface Feature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: Geometry | null;
  properties: P;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<P>[];
  /** CivicGrid's extra member: the outlines are generated demo geometry, not real boundaries. */
  synthetic?: boolean;
  crs?: string;
}

type Ring = number[][];
type Polygon = Ring[];

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** The polygons of a Polygon or MultiPolygon, each as its rings; anything else has none. */
export function polygonsOf(geometry: Geometry | null | undefined): Polygon[] {
  if (!geometry || !Array.isArray(geometry.coordinates)) return [];
  const asPolygon = (rings: unknown): Polygon =>
    Array.isArray(rings)
      ? rings.filter(Array.isArray).map((ring) => (ring as unknown[]).filter(isPosition) as Ring)
      : [];
  if (geometry.type === 'Polygon') return [asPolygon(geometry.coordinates)];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map(asPolygon);
  return [];
}

/** Bounds of any number of geometries; null when none has a coordinate. */
export function bboxOf(geometries: Iterable<Geometry | null | undefined>): BBox | null {
  let box: BBox | null = null;
  for (const geometry of geometries)
    for (const polygon of polygonsOf(geometry))
      for (const ring of polygon)
        for (const [x, y] of ring as LngLat[]) {
          if (!box) box = [x, y, x, y];
          else {
            if (x < box[0]) box[0] = x;
            if (y < box[1]) box[1] = y;
            if (x > box[2]) box[2] = x;
            if (y > box[3]) box[3] = y;
          }
        }
  return box;
}

export function collectionBbox(collection: FeatureCollection<unknown> | null | undefined): BBox | null {
  return collection ? bboxOf(collection.features.map((f) => f.geometry)) : null;
}

/** Planar area of the outer ring minus holes, in squared degrees: only to compare polygons of one feature. */
function planarArea(polygon: Polygon): number {
  const ringArea = (ring: Ring) => {
    let sum = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j] as LngLat;
      const b = ring[i] as LngLat;
      sum += a[0] * b[1] - b[0] * a[1];
    }
    return Math.abs(sum) / 2;
  };
  const [outer, ...holes] = polygon;
  return outer ? ringArea(outer) - holes.reduce((s, h) => s + ringArea(h), 0) : 0;
}

/**
 * A point inside the feature for its label. The centre of the bounds can fall outside a concave
 * outline (or in a hole), so this scans a few horizontal lines across the largest polygon and takes
 * the middle of the widest stretch that lies inside.
 */
export function interiorPoint(geometry: Geometry | null | undefined): LngLat | null {
  const polygons = polygonsOf(geometry).filter((p) => (p[0]?.length ?? 0) >= 4);
  if (polygons.length === 0) return null;
  const largest = polygons.reduce((best, p) => (planarArea(p) > planarArea(best) ? p : best));
  const box = bboxOf([{ type: 'Polygon', coordinates: largest }]);
  if (!box) return null;
  const [, minY, , maxY] = box;
  let best: { width: number; point: LngLat } | null = null;
  for (const fraction of [0.5, 0.38, 0.62, 0.25, 0.75, 0.12, 0.88]) {
    const y = minY + (maxY - minY) * fraction;
    const xs: number[] = [];
    for (const ring of largest)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j] as LngLat;
        const [bx, by] = ring[i] as LngLat;
        // Half-open test so a vertex exactly on the line is counted once.
        if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
      }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = xs[k] as number;
      const to = xs[k + 1] as number;
      if (!best || to - from > best.width) best = { width: to - from, point: [(from + to) / 2, y] };
    }
  }
  if (best) return best.point;
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

/** Where to write a feature's name: the server's label point when it sent one, else a point inside. */
export function labelPoint(feature: Feature<unknown>): LngLat | null {
  const label = (feature.properties as { label?: unknown } | null)?.label;
  if (isPosition(label)) return [label[0] as number, label[1] as number];
  return interiorPoint(feature.geometry);
}
