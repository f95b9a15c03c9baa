import gcoordImport from 'gcoord';
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';

/**
 * The coordinate systems geometry arrives in. Everything is stored in WGS84. CGCS2000 (the national
 * datum of 天地图 and official surveys) differs from WGS84 by centimetres, far below what a grid boundary
 * means, so CGCS2000 data is taken as WGS84 without conversion. GCJ-02 (高德, 腾讯 and most Chinese web
 * maps) is deliberately offset by several hundred metres and must be converted.
 */
export type Crs = 'wgs84' | 'gcj02';

// gcoord is CommonJS (`module.exports = api`) but its types declare `export default api`: TypeScript then
// sees the api one `.default` deeper than Node.js delivers it. Accept both shapes.
type GcoordApi = typeof gcoordImport.default;
const gcoord: GcoordApi =
  (gcoordImport as unknown as { default?: GcoordApi }).default ?? (gcoordImport as unknown as GcoordApi);

export type CrsGeometry = Polygon | MultiPolygon | Point;

/** Converts one position to WGS84; outside China GCJ-02 equals WGS84 (gcoord leaves it unchanged). */
export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [x, y];
}

/** Converts one WGS84 position to `crs`, e.g. to hand coordinates to a GCJ-02 web map. */
export function fromWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

/** A copy of `geometry` in WGS84 (the same object when it already is). Altitudes are kept. */
export function geometryToWgs84<G extends CrsGeometry>(geometry: G, crs: Crs): G {
  if (crs === 'wgs84') return geometry;
  return mapGeometry(geometry, (lng, lat) => toWgs84(lng, lat, crs));
}

/** A copy of a WGS84 `geometry` in `crs` (the same object for WGS84). */
export function geometryFromWgs84<G extends CrsGeometry>(geometry: G, crs: Crs): G {
  if (crs === 'wgs84') return geometry;
  return mapGeometry(geometry, (lng, lat) => fromWgs84(lng, lat, crs));
}

function mapGeometry<G extends CrsGeometry>(geometry: G, convert: (lng: number, lat: number) => [number, number]): G {
  const position = (p: Position): Position => {
    const [lng, lat] = convert(p[0]!, p[1]!);
    return p.length > 2 ? [lng, lat, ...p.slice(2)] : [lng, lat];
  };
  const ring = (r: Position[]): Position[] => r.map(position);
  // gcoord.transform on a GeoJSON object converts in place; callers keep their input, so we map copies.
  // A `bbox` member is dropped rather than copied: it would describe the old coordinates.
  const g: CrsGeometry = geometry;
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: position(g.coordinates) } as G;
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map(ring) } as G;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((polygon) => polygon.map(ring)) } as G;
  }
}
