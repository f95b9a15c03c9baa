import { Delaunay } from 'd3-delaunay';
import Flatbush from 'flatbush';
import type { MultiPolygon, Position } from 'geojson';
import { bbox, containsPoint, type Polygonal, polygonsOf } from './measure.ts';
import { intersect } from './overlay.ts';

const RAD = Math.PI / 180;

/**
 * The Voronoi cell of each site (lng, lat), clipped to `clipTo`: together the cells tile `clipTo` exactly, up
 * to floating-point slivers, because neighbouring cells share the very same vertex values. Cells are computed
 * with longitude scaled by cos(latitude), so they look round on the ground rather than stretched north–south.
 * `include` skips cells nobody needs (they come back empty). Sites should be distinct and inside `clipTo`.
 */
export function voronoiCells(
  sites: readonly (readonly [number, number])[],
  clipTo: Polygonal,
  include: (index: number) => boolean = () => true,
): MultiPolygon[] {
  if (sites.length === 0) return [];
  let [minLng, minLat, maxLng, maxLat] = bbox(clipTo);
  for (const [lng, lat] of sites) {
    minLng = Math.min(minLng, lng);
    maxLng = Math.max(maxLng, lng);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const kx = Math.cos(((minLat + maxLat) / 2) * RAD);
  // A margin keeps d3's bounding rectangle, whose cut points neighbouring cells compute separately, away
  // from the area; every vertex inside the area is then a circumcentre both neighbours share.
  const pad = Math.max(maxLng - minLng, maxLat - minLat) * 0.1 + 1e-6;
  const voronoi = Delaunay.from(sites.map(([lng, lat]) => [lng * kx, lat])).voronoi([
    (minLng - pad) * kx,
    minLat - pad,
    (maxLng + pad) * kx,
    maxLat + pad,
  ]);
  const boundary = boundaryIndex(clipTo);
  return sites.map(([siteLng, siteLat], i) => {
    const empty: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
    if (!include(i)) return empty;
    const scaled = voronoi.cellPolygon(i);
    if (!scaled) return empty;
    const ring = counterClockwise(withoutRepeats(scaled.map(([x, y]) => [x! / kx, y!])));
    if (ring.length < 4) return empty;
    const cell: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring]] };
    const [cMinLng, cMinLat, cMaxLng, cMaxLat] = bbox(cell);
    // Most cells lie well inside the area: no boundary edge comes near their box, so the site alone tells
    // whether the whole cell is in or out, and the clipping sweep is skipped.
    if (boundary.search(cMinLng, cMinLat, cMaxLng, cMaxLat).length === 0) {
      return containsPoint(siteLng, siteLat, clipTo) ? cell : empty;
    }
    return intersect(cell, clipTo);
  });
}

function boundaryIndex(geometry: Polygonal): Flatbush {
  const segments: [number, number, number, number][] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i] as [number, number];
        const [bx, by] = ring[i + 1] as [number, number];
        segments.push([Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)]);
      }
    }
  }
  const index = new Flatbush(Math.max(1, segments.length));
  for (const s of segments) index.add(...s);
  // An empty area still needs one (unreachable) box for Flatbush to build.
  if (segments.length === 0) index.add(Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE);
  index.finish();
  return index;
}

function withoutRepeats(ring: Position[]): Position[] {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
}

function counterClockwise(ring: Position[]): Position[] {
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  }
  return twice < 0 ? [...ring].reverse() : ring;
}
