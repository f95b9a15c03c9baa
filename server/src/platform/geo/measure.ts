import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type Polygonal = Polygon | MultiPolygon;
export type Bbox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** The mean Earth radius (IUGG), the one @turf/area uses, so distances and areas agree. */
export const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/**
 * Area on the sphere in square metres, holes subtracted, for edges that are straight lines in longitude and
 * latitude — how RFC 7946 and polyclip-ts treat them. @turf/area instead takes edges as straight in an
 * equal-area cylindrical projection: within 0.001 % of this for real polygons, but it gives a long, thin
 * sliver whose three corners lie on one lng/lat line (a typical clipping by-product) an area of hundreds of
 * square metres, which would turn rounding noise into gaps.
 */
export function areaM2(geometry: Polygonal): number {
  let total = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, r) => {
      total += r === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
    });
  }
  return Math.max(0, total);
}

/**
 * Green's theorem on ∬ R² cos φ dλ dφ: an edge straight in (λ, φ) contributes exactly
 * Δλ · (cos φ1 − cos φ2) / Δφ = Δλ · sin φm · sin(Δφ/2) / (Δφ/2). Subtracting sin φ0 (the terms' Δλ sum to
 * zero around a ring) keeps the summands small, so a sliver comes out as near zero as it is.
 */
export function ringAreaM2(ring: Position[]): number {
  if (ring.length < 4) return 0;
  const sinLat0 = Math.sin(ring[0]![1]! * RAD);
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [lng1, lat1] = ring[i] as [number, number];
    const [lng2, lat2] = ring[i + 1] as [number, number];
    const halfDLat = ((lat2 - lat1) * RAD) / 2;
    const sinc = halfDLat === 0 ? 1 : Math.sin(halfDLat) / halfDLat;
    sum += (lng2 - lng1) * RAD * (Math.sin(((lat1 + lat2) / 2) * RAD) * sinc - sinLat0);
  }
  return Math.abs(sum) * EARTH_RADIUS_M * EARTH_RADIUS_M;
}

/** The polygons of a Polygon or MultiPolygon, so callers need not branch on the type. */
export function polygonsOf(geometry: Polygonal): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bbox(geometry: Polygonal): Bbox {
  let minLng = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLng = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const [lng, lat] of ring as [number, number][]) {
        if (lng < minLng) minLng = lng;
        if (lng > maxLng) maxLng = lng;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  if (minLng > maxLng) throw new RangeError('bbox of an empty geometry');
  return [minLng, minLat, maxLng, maxLat];
}

/** Great-circle distance in metres (haversine): accurate to about 0.5 %, plenty for "how far from the grid". */
export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether the point lies inside the polygon or on its boundary (holes excluded). */
export function containsPoint(lng: number, lat: number, geometry: Polygonal): boolean {
  return booleanPointInPolygon([lng, lat], geometry);
}

/**
 * Metres from a point to the nearest edge of the geometry, 0 when the point is inside or on it. Edges are
 * measured in an equirectangular projection centred on the point: within a city (tens of kilometres) the
 * error stays below a fraction of a percent, and it needs no projection library.
 */
export function pointToGeometryDistanceM(lng: number, lat: number, geometry: Polygonal): number {
  return containsPoint(lng, lat, geometry) ? 0 : boundaryDistanceM(lng, lat, geometry);
}

/** Metres from a point to the nearest edge of the geometry, whether the point is inside or outside. */
export function boundaryDistanceM(lng: number, lat: number, geometry: Polygonal): number {
  const kx = Math.cos(lat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  let best = Number.POSITIVE_INFINITY;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        const d = distanceToSegment((a[0]! - lng) * kx, (a[1]! - lat) * ky, (b[0]! - lng) * kx, (b[1]! - lat) * ky);
        if (d < best) best = d;
      }
    }
  }
  return best;
}

/** Distance from the origin to the segment (ax, ay)–(bx, by). */
function distanceToSegment(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * A point inside the polygon (the largest polygon of a MultiPolygon) to put its label or marker on: the
 * centroid when that lies inside, otherwise — for C- and L-shapes — the middle of the widest inside span
 * of a few horizontal lines, the middle one first.
 */
export function labelPoint(geometry: Polygonal): [number, number] {
  const polygons = polygonsOf(geometry).filter((p) => (p[0]?.length ?? 0) >= 4);
  let largest: Position[][] | undefined;
  let largestArea = -1;
  for (const polygon of polygons) {
    const a = areaM2({ type: 'Polygon', coordinates: polygon });
    if (a > largestArea) {
      largest = polygon;
      largestArea = a;
    }
  }
  if (!largest) throw new RangeError('labelPoint of an empty geometry');
  const centroid = planarCentroid(largest);
  if (
    centroid &&
    booleanPointInPolygon(centroid, { type: 'Polygon', coordinates: largest }, { ignoreBoundary: true })
  ) {
    return centroid;
  }
  return widestSpanMiddle(largest);
}

/** Area-weighted centroid in degrees, relative to the first vertex so large coordinates lose no digits. */
function planarCentroid(polygon: Position[][]): [number, number] | null {
  const origin = polygon[0]![0]!;
  const ox = origin[0]!;
  const oy = origin[1]!;
  let area2 = 0;
  let cx = 0;
  let cy = 0;
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const x0 = ring[i]![0]! - ox;
      const y0 = ring[i]![1]! - oy;
      const x1 = ring[i + 1]![0]! - ox;
      const y1 = ring[i + 1]![1]! - oy;
      const cross = x0 * y1 - x1 * y0;
      area2 += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
  }
  // Holes are wound opposite to the exterior in valid GeoJSON, so summing signed areas subtracts them.
  if (area2 === 0) return null;
  return [ox + cx / (3 * area2), oy + cy / (3 * area2)];
}

const SCANLINE_FRACTIONS = [0.5, 0.375, 0.625, 0.25, 0.75, 0.125, 0.875];

function widestSpanMiddle(polygon: Position[][]): [number, number] {
  const [, minLat, , maxLat] = bbox({ type: 'Polygon', coordinates: polygon });
  let best: [number, number] = [polygon[0]![0]![0]!, polygon[0]![0]![1]!];
  let bestWidth = -1;
  for (const fraction of SCANLINE_FRACTIONS) {
    const y = minLat + (maxLat - minLat) * fraction;
    const xs: number[] = [];
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i] as [number, number];
        const [bx, by] = ring[i + 1] as [number, number];
        // Half-open test: a line through a vertex counts it once, so crossings pair up into inside spans.
        if (ay <= y !== by <= y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
      }
    }
    xs.sort((p, q) => p - q);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1]! - xs[i]!;
      if (width > bestWidth) {
        bestWidth = width;
        best = [(xs[i]! + xs[i + 1]!) / 2, y];
      }
    }
  }
  return best;
}
