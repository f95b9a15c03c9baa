export { type Cell, type CoverageReport, coverageReport, findOverlaps } from './coverage.ts';
export { type Crs, type CrsGeometry, fromWgs84, geometryFromWgs84, geometryToWgs84, toWgs84 } from './crs.ts';
export {
  areaM2,
  type Bbox,
  bbox,
  boundaryDistanceM,
  containsPoint,
  distanceM,
  EARTH_RADIUS_M,
  labelPoint,
  type Polygonal,
  pointToGeometryDistanceM,
  polygonsOf,
  ringAreaM2,
} from './measure.ts';
export {
  difference,
  GeometryOperationError,
  intersect,
  type OverlayOperation,
  type Part,
  parts,
  union,
} from './overlay.ts';
export { type GeometryProblem, type GeometryProblemCode, MAX_POSITIONS, validatePolygonal } from './validate.ts';
export { voronoiCells } from './voronoi.ts';
