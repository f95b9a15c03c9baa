import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { areaM2, bbox, type Polygonal } from './measure.ts';
import { difference, intersect, parts, union } from './overlay.ts';

/** A piece of a tessellation: a grid, or a child division, named by its code. */
export interface Cell {
  code: string;
  geometry: Polygon | MultiPolygon;
}

export interface CoverageReport {
  toleranceM2: number;
  /** The area of the division (of the cells' union when no division was given). */
  areaM2: number;
  /** How much of the division the cells cover. */
  coveredM2: number;
  /** Pieces of the division that no cell covers (无死角: there must be none). */
  gaps: { geometry: Polygon; areaM2: number }[];
  /** Pieces covered by two cells (codes sorted), one entry per separate piece. */
  overlaps: { codes: [string, string]; geometry: Polygon; areaM2: number }[];
  /** Pieces of a cell that lie outside the division. */
  outside: { code: string; geometry: Polygon; areaM2: number }[];
}

/**
 * Does a set of cells cover a division exactly once? Finds the gaps, the overlaps between cells and the parts
 * of cells outside the division.
 *
 * `toleranceM2` is the smallest piece worth reporting, in square metres. Each separate piece is judged on its
 * own: a gap of 0.3 m² along a shared edge is rounding or digitising noise and is left out, and a hundred such
 * slivers are still left out even if together they exceed the tolerance. Pick it by the accuracy of the data:
 * 1 m² for generated or snapped boundaries, tens of m² for boundaries digitised on a web map.
 *
 * Geometry must be valid (see `validatePolygonal`); invalid input makes polyclip-ts throw a
 * `GeometryOperationError`. With `area` null, only overlaps are looked for and `areaM2` is the cells' union.
 */
export function coverageReport(
  area: Polygonal | null,
  cells: Cell[],
  options: { toleranceM2: number },
): CoverageReport {
  const { toleranceM2 } = options;
  // One sweep over all cells: for 1,000 cells about half the time of unions in batches of 100, and far
  // less than adding one cell at a time.
  const covered = union(...cells.map((c) => c.geometry));
  const unionArea = areaM2(covered);
  // The cells' areas add up to their union's plus every overlap (counted once per extra cell). When that
  // excess is below the tolerance, no single overlap can reach it, and the pairwise search (the slowest part) is skipped. Half
  // the tolerance leaves room for rounding.
  const excess = cells.reduce((sum, c) => sum + areaM2(c.geometry), 0) - unionArea;
  const overlaps = excess < toleranceM2 / 2 ? [] : findOverlaps(cells, toleranceM2);
  if (!area) {
    return { toleranceM2, areaM2: unionArea, coveredM2: unionArea, gaps: [], overlaps, outside: [] };
  }
  const divisionArea = areaM2(area);
  const uncovered = difference(area, covered);
  const gaps = parts(uncovered, toleranceM2);
  return {
    toleranceM2,
    areaM2: divisionArea,
    coveredM2: Math.max(0, divisionArea - areaM2(uncovered)),
    gaps,
    overlaps,
    outside: outsideParts(area, cells, covered, toleranceM2),
  };
}

/**
 * Only the cells that reach an outside piece of the union are cut against the division, so a clean
 * tessellation costs one difference, not one per cell.
 */
function outsideParts(
  area: Polygonal,
  cells: Cell[],
  covered: MultiPolygon,
  toleranceM2: number,
): CoverageReport['outside'] {
  const outsideOfUnion = parts(difference(covered, area), toleranceM2);
  if (outsideOfUnion.length === 0) return [];
  const suspects = new Set<number>();
  const index = indexOf(cells);
  for (const piece of outsideOfUnion) {
    const [minLng, minLat, maxLng, maxLat] = bbox(piece.geometry);
    for (const i of index.search(minLng, minLat, maxLng, maxLat)) suspects.add(i);
  }
  const out: CoverageReport['outside'] = [];
  for (const i of [...suspects].sort((x, y) => x - y)) {
    const cell = cells[i]!;
    for (const piece of parts(difference(cell.geometry, area), toleranceM2)) out.push({ code: cell.code, ...piece });
  }
  return out;
}

function indexOf(cells: Cell[]): Flatbush {
  const index = new Flatbush(Math.max(1, cells.length));
  for (const cell of cells) {
    const [minLng, minLat, maxLng, maxLat] = cell.geometry.coordinates.length > 0 ? bbox(cell.geometry) : [0, 0, 0, 0];
    index.add(minLng, minLat, maxLng, maxLat);
  }
  if (cells.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

/**
 * The pieces covered by two cells. Only pairs whose bounding boxes meet (found with a Flatbush index) are
 * intersected, so a county's thousand grids cost a few thousand small intersections rather than half a million.
 */
export function findOverlaps(cells: Cell[], toleranceM2: number): CoverageReport['overlaps'] {
  if (cells.length < 2) return [];
  const index = indexOf(cells);
  const out: CoverageReport['overlaps'] = [];
  cells.forEach((cell, i) => {
    if (cell.geometry.coordinates.length === 0) return;
    const [minLng, minLat, maxLng, maxLat] = bbox(cell.geometry);
    const neighbours = index
      .search(minLng, minLat, maxLng, maxLat)
      .filter((j) => j > i)
      .sort((x, y) => x - y);
    for (const j of neighbours) {
      const other = cells[j]!;
      const codes: [string, string] = cell.code <= other.code ? [cell.code, other.code] : [other.code, cell.code];
      for (const piece of parts(intersect(cell.geometry, other.geometry), toleranceM2)) out.push({ codes, ...piece });
    }
  });
  return out;
}
