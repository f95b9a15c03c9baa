import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { area as turfArea } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { kinks } from '@turf/kinks';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  areaM2,
  bbox,
  type Cell,
  containsPoint,
  coverageReport,
  difference,
  distanceM,
  findOverlaps,
  fromWgs84,
  GeometryOperationError,
  geometryFromWgs84,
  geometryToWgs84,
  intersect,
  labelPoint,
  MAX_POSITIONS,
  parts,
  pointToGeometryDistanceM,
  toWgs84,
  union,
  validatePolygonal,
  voronoiCells,
} from './index.ts';

/** A lng/lat rectangle as a closed counter-clockwise ring. */
function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  };
}

/** A 4 × 4 block of 0.01° squares near Changzhi, and the block itself. */
const ORIGIN: [number, number] = [113.0, 36.0];
const STEP = 0.01;
function square(column: number, row: number): Polygon {
  const [lng, lat] = ORIGIN;
  return rect(lng + column * STEP, lat + row * STEP, lng + (column + 1) * STEP, lat + (row + 1) * STEP);
}
const BLOCK = rect(ORIGIN[0], ORIGIN[1], ORIGIN[0] + 4 * STEP, ORIGIN[1] + 4 * STEP);
function squares(): Cell[] {
  const cells: Cell[] = [];
  for (let row = 0; row < 4; row++) {
    for (let column = 0; column < 4; column++) cells.push({ code: `c${row}${column}`, geometry: square(column, row) });
  }
  return cells;
}

function closeTo(actual: number, expected: number, relative: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * relative, message ?? `${actual} ≉ ${expected}`);
}

describe('coverage', () => {
  it('squares that tile the block exactly leave no gap, overlap or outside part', () => {
    const report = coverageReport(BLOCK, squares(), { toleranceM2: 1 });
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(report.overlaps, []);
    assert.deepEqual(report.outside, []);
    closeTo(report.coveredM2, report.areaM2, 1e-9);
    closeTo(report.areaM2, turfArea(BLOCK), 1e-3);
  });

  it('a missing square is a gap of that square’s area', () => {
    const cells = squares().filter((c) => c.code !== 'c12');
    const report = coverageReport(BLOCK, cells, { toleranceM2: 1 });
    assert.equal(report.gaps.length, 1);
    closeTo(report.gaps[0]!.areaM2, turfArea(square(2, 1)), 1e-3);
    closeTo(report.areaM2 - report.coveredM2, report.gaps[0]!.areaM2, 1e-6);
    assert.deepEqual(report.overlaps, []);
  });

  it('a vertex pushed into the neighbour overlaps it by the triangle between old and new edge', () => {
    const cells = squares();
    const pushed = cells.find((c) => c.code === 'c11')!;
    // The square's north-east corner moves 0.002° east into c12, tilting its east edge.
    const ring = (pushed.geometry as Polygon).coordinates[0]!;
    ring[2] = [ring[2]![0]! + 0.002, ring[2]![1]!];
    const [east, north] = [ORIGIN[0] + 2 * STEP, ORIGIN[1] + 2 * STEP];
    const triangle: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [east, north - STEP],
          [east + 0.002, north],
          [east, north],
          [east, north - STEP],
        ],
      ],
    };
    const report = coverageReport(BLOCK, cells, { toleranceM2: 1 });
    assert.equal(report.overlaps.length, 1);
    assert.deepEqual(report.overlaps[0]!.codes, ['c11', 'c12']);
    closeTo(report.overlaps[0]!.areaM2, turfArea(triangle), 1e-3);
    assert.deepEqual(report.gaps, []);
  });

  it('a cell reaching beyond the division has an outside part, and codes of an overlap are sorted', () => {
    const cells: Cell[] = [
      { code: 'z', geometry: rect(113.0, 36.0, 113.03, 36.04) },
      { code: 'a', geometry: rect(113.02, 36.0, 113.05, 36.04) },
    ];
    const report = coverageReport(BLOCK, cells, { toleranceM2: 1 });
    assert.equal(report.outside.length, 1);
    assert.equal(report.outside[0]!.code, 'a');
    closeTo(report.outside[0]!.areaM2, turfArea(rect(113.04, 36.0, 113.05, 36.04)), 1e-3);
    assert.deepEqual(
      report.overlaps.map((o) => o.codes),
      [['a', 'z']],
    );
    assert.deepEqual(report.gaps, []);
  });

  it('pieces below the tolerance are ignored', () => {
    // A 0.5 m wide strip between two cells, 4.4 km long: about 2,200 m².
    const cells: Cell[] = [
      { code: 'west', geometry: rect(113.0, 36.0, 113.02, 36.04) },
      { code: 'east', geometry: rect(113.0200056, 36.0, 113.04, 36.04) },
    ];
    assert.equal(coverageReport(BLOCK, cells, { toleranceM2: 1 }).gaps.length, 1);
    assert.equal(coverageReport(BLOCK, cells, { toleranceM2: 10_000 }).gaps.length, 0);
  });

  it('without a division only overlaps are looked for and the area is the union’s', () => {
    const cells: Cell[] = [
      { code: 'a', geometry: rect(113.0, 36.0, 113.02, 36.02) },
      { code: 'b', geometry: rect(113.01, 36.0, 113.03, 36.02) },
    ];
    const report = coverageReport(null, cells, { toleranceM2: 1 });
    closeTo(report.areaM2, turfArea(rect(113.0, 36.0, 113.03, 36.02)), 1e-3);
    assert.equal(report.coveredM2, report.areaM2);
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(report.outside, []);
    assert.equal(report.overlaps.length, 1);
    closeTo(report.overlaps[0]!.areaM2, turfArea(rect(113.01, 36.0, 113.02, 36.02)), 1e-3);
  });

  it('findOverlaps only reports pairs that really overlap', () => {
    const cells = squares();
    cells.push({ code: 'extra', geometry: rect(113.005, 36.005, 113.015, 36.015) });
    const overlaps = findOverlaps(cells, 1);
    assert.deepEqual(overlaps.map((o) => o.codes.join('+')).sort(), [
      'c00+extra',
      'c01+extra',
      'c10+extra',
      'c11+extra',
    ]);
  });
});

describe('overlay', () => {
  it('returns normalised MultiPolygons, empty when nothing is left', () => {
    const a = rect(0, 0, 1, 1);
    const b = rect(1, 0, 2, 1);
    assert.deepEqual(intersect(a, rect(5, 5, 6, 6)), { type: 'MultiPolygon', coordinates: [] });
    assert.deepEqual(difference(a, a), { type: 'MultiPolygon', coordinates: [] });
    assert.deepEqual(union(), { type: 'MultiPolygon', coordinates: [] });
    const merged = union(a, b);
    assert.equal(merged.type, 'MultiPolygon');
    assert.equal(merged.coordinates.length, 1);
    assert.deepEqual(bbox(merged), [0, 0, 2, 1]);
    const clockwise: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
      ],
    };
    assert.deepEqual(union(clockwise).coordinates, [a.coordinates]);
  });

  it('a degenerate input becomes a GeometryOperationError', () => {
    const broken: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [Number.NaN, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    assert.throws(() => union(broken, rect(0, 0, 1, 1)), GeometryOperationError);
    assert.throws(() => intersect({ type: 'Polygon', coordinates: [[]] }, rect(0, 0, 1, 1)), GeometryOperationError);
  });

  it('parts splits a result into polygons, largest first, without slivers', () => {
    const result = union(
      rect(113, 36, 113.01, 36.01),
      rect(113.02, 36, 113.04, 36.01),
      rect(113.05, 36, 113.05001, 36.00001),
    );
    const pieces = parts(result, 10);
    assert.equal(pieces.length, 2);
    assert.ok(pieces[0]!.areaM2 > pieces[1]!.areaM2);
    assert.equal(pieces[0]!.geometry.type, 'Polygon');
    assert.equal(parts(result, 0).length, 3);
  });
});

describe('measure', () => {
  it('areaM2 agrees with @turf/area on ordinary polygons, holes included', () => {
    const withHole: Polygon = {
      type: 'Polygon',
      coordinates: [
        rect(112, 35.8, 113.7, 37.1).coordinates[0]!,
        [...rect(112.5, 36, 113, 36.5).coordinates[0]!].reverse(),
      ],
    };
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [withHole.coordinates, rect(120, 30, 120.1, 30.1).coordinates],
    };
    for (const g of [BLOCK, withHole, multi]) closeTo(areaM2(g), turfArea(g), 1e-5);
  });

  it('a sliver whose corners lie on one lng/lat line has no area', () => {
    const sliver: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [113.02, 36.32],
          [113.03, 36.336],
          [113.04, 36.352],
          [113.02, 36.32],
        ],
      ],
    };
    assert.ok(areaM2(sliver) < 1e-3);
  });

  it('distances', () => {
    closeTo(distanceM(113, 36, 113, 37), 111_195, 1e-3);
    const block = rect(113, 36, 113.01, 36.01);
    assert.equal(pointToGeometryDistanceM(113.005, 36.005, block), 0);
    assert.equal(pointToGeometryDistanceM(113.01, 36.005, block), 0);
    closeTo(pointToGeometryDistanceM(113.005, 36.02, block), distanceM(113.005, 36.02, 113.005, 36.01), 1e-3);
    closeTo(pointToGeometryDistanceM(113.02, 36.005, block), distanceM(113.02, 36.005, 113.01, 36.005), 1e-3);
  });

  it('labelPoint lies inside, also for a C-shape whose centroid is outside', () => {
    const cShape: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 1],
          [1, 1],
          [1, 2],
          [3, 2],
          [3, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const label = labelPoint(cShape);
    assert.ok(booleanPointInPolygon(label, cShape, { ignoreBoundary: true }), `${label}`);
    assert.deepEqual(labelPoint(rect(0, 0, 2, 2)), [1, 1]);
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [rect(0, 0, 1, 1).coordinates, rect(5, 5, 9, 9).coordinates],
    };
    assert.deepEqual(labelPoint(multi), [7, 7]);
  });
});

describe('validatePolygonal', () => {
  it('accepts a square, a square with a hole and a MultiPolygon', () => {
    assert.deepEqual(validatePolygonal(BLOCK), []);
    assert.deepEqual(
      validatePolygonal({
        type: 'Polygon',
        coordinates: [rect(0, 0, 4, 4).coordinates[0], rect(1, 1, 2, 2).coordinates[0]],
      }),
      [],
    );
    // Polygons touching at one corner are allowed, as clipping produces them.
    assert.deepEqual(
      validatePolygonal({
        type: 'MultiPolygon',
        coordinates: [rect(0, 0, 1, 1).coordinates, rect(1, 1, 2, 2).coordinates],
      }),
      [],
    );
  });

  it('a bow-tie is a self-intersection at its crossing', () => {
    const problems = validatePolygonal({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, 'SELF_INTERSECTION');
    assert.deepEqual(problems[0]!.at, [0.5, 0.5]);
    assert.equal(problems[0]!.ring, 0);
  });

  it('finds rings crossing each other, shared edges and a ring touching itself', () => {
    const crossingHole = {
      type: 'Polygon',
      coordinates: [rect(0, 0, 4, 4).coordinates[0], rect(3, 1, 5, 2).coordinates[0]],
    };
    assert.deepEqual(
      validatePolygonal(crossingHole).map((p) => p.code),
      ['SELF_INTERSECTION'],
    );
    const sharedEdge = {
      type: 'MultiPolygon',
      coordinates: [rect(0, 0, 1, 1).coordinates, rect(1, 0, 2, 1).coordinates],
    };
    assert.deepEqual(
      validatePolygonal(sharedEdge).map((p) => [p.code, p.polygon]),
      [['SELF_INTERSECTION', 0]],
    );
    const figureEight = [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 1],
      [0, 0],
    ];
    assert.deepEqual(
      validatePolygonal({ type: 'Polygon', coordinates: [figureEight] }).map((p) => p.code),
      ['SELF_INTERSECTION'],
    );
    const spike = [
      [0, 0],
      [2, 0],
      [2, 1],
      [3, 1],
      [2, 1],
      [0, 1],
      [0, 0],
    ];
    assert.deepEqual(
      validatePolygonal({ type: 'Polygon', coordinates: [spike] }).map((p) => p.code),
      ['SELF_INTERSECTION'],
    );
  });

  it('agrees with @turf/kinks on random rings', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let crossed = 0;
    for (let n = 0; n < 300; n++) {
      const ring: Position[] = Array.from({ length: 4 + Math.floor(random() * 6) }, () => [random(), random()]);
      ring.push(ring[0]!);
      const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
      const expected = kinks(polygon).features.length > 0;
      const found = validatePolygonal(polygon).some((p) => p.code === 'SELF_INTERSECTION');
      assert.equal(found, expected, JSON.stringify(ring));
      if (found) crossed++;
    }
    assert.ok(crossed > 50 && crossed < 300);
  });

  it('reports each kind of malformed input', () => {
    const codes = (g: unknown) => validatePolygonal(g).map((p) => p.code);
    assert.deepEqual(codes({ type: 'Point', coordinates: [1, 2] }), ['NOT_POLYGON']);
    assert.deepEqual(codes({ type: 'Feature', geometry: BLOCK }), ['NOT_POLYGON']);
    assert.deepEqual(
      codes({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
      ['RING_NOT_CLOSED'],
    );
    assert.deepEqual(
      codes({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
      ['TOO_FEW_POINTS'],
    );
    assert.deepEqual(codes({ type: 'Polygon', coordinates: [] }), ['TOO_FEW_POINTS']);
    assert.deepEqual(
      codes({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [181, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
      ['BAD_COORDINATE'],
    );
    assert.deepEqual(
      validatePolygonal({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [0, 95],
            [1, 1],
            [0, 0],
          ],
        ],
      })[0]?.at,
      [0, 95],
    );
    assert.deepEqual(
      codes({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
        ],
      }),
      ['ZERO_AREA'],
    );
    const multi = validatePolygonal({
      type: 'MultiPolygon',
      coordinates: [
        BLOCK.coordinates,
        [
          [
            [0, 0],
            [1, 0],
          ],
        ],
      ],
    });
    assert.deepEqual(multi, [{ code: 'TOO_FEW_POINTS', polygon: 1, ring: 0 }]);
  });

  it('never throws on garbage and always finds a problem', () => {
    const huge = Array.from({ length: MAX_POSITIONS + 1 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    const throwing = {
      type: 'Polygon',
      get coordinates(): unknown {
        throw new Error('boom');
      },
    };
    const garbage: unknown[] = [
      null,
      undefined,
      'Polygon',
      42,
      Number.NaN,
      [],
      {},
      [[[0, 0]]],
      { type: 'Polygon' },
      { type: 'Polygon', coordinates: 'x' },
      { type: 'Polygon', coordinates: [1, 2, 3] },
      { type: 'Polygon', coordinates: [[1, 2, 3]] },
      { type: 'Polygon', coordinates: [[[[0, 0]]]] },
      {
        type: 'Polygon',
        coordinates: [
          [
            ['a', 'b'],
            [1, 0],
            [1, 1],
            ['a', 'b'],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [Number.NaN, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [Number.POSITIVE_INFINITY, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [null, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      { type: 'Polygon', coordinates: [[[0], [1, 0], [1, 1], [0]]] },
      { type: 'MultiPolygon', coordinates: [null, 'x', [[]]] },
      { type: 'MultiPolygon', coordinates: [] },
      { type: 'Polygon', coordinates: [huge] },
      { type: 'MultiPolygon', coordinates: Array.from({ length: MAX_POSITIONS + 1 }, () => []) },
      throwing,
    ];
    for (const input of garbage) {
      const problems = validatePolygonal(input);
      assert.ok(problems.length > 0, `no problem found in ${String(input)}`);
    }
    assert.deepEqual(
      validatePolygonal({ type: 'Polygon', coordinates: [huge] }).map((p) => p.code),
      ['TOO_MANY_POINTS'],
    );
  });

  it('checks a large valid ring', () => {
    const n = 50_000;
    const ring = Array.from({ length: n }, (_, i) => [
      113 + 0.1 * Math.cos((2 * Math.PI * i) / n),
      36 + 0.1 * Math.sin((2 * Math.PI * i) / n),
    ]);
    ring.push(ring[0]!);
    assert.deepEqual(validatePolygonal({ type: 'Polygon', coordinates: [ring] }), []);
  });
});

describe('coordinate systems', () => {
  it('GCJ-02 is offset by hundreds of metres in China and round-trips within 1e-6 degrees', () => {
    const [lng, lat] = [113.12, 36.2];
    const wgs = toWgs84(lng, lat, 'gcj02');
    const offset = distanceM(lng, lat, wgs[0], wgs[1]);
    assert.ok(offset > 300 && offset < 800, `offset ${offset} m`);
    const back = fromWgs84(wgs[0], wgs[1], 'gcj02');
    assert.ok(Math.abs(back[0] - lng) < 1e-6 && Math.abs(back[1] - lat) < 1e-6, `${back}`);
  });

  it('WGS84 is the identity, and GCJ-02 outside China too', () => {
    assert.deepEqual(toWgs84(113.12, 36.2, 'wgs84'), [113.12, 36.2]);
    assert.deepEqual(toWgs84(2.35, 48.85, 'gcj02'), [2.35, 48.85]);
    assert.equal(geometryToWgs84(BLOCK, 'wgs84'), BLOCK);
  });

  it('geometries are converted position by position, without touching the input', () => {
    const input = rect(113.1, 36.1, 113.2, 36.2);
    const before = structuredClone(input);
    const wgs = geometryToWgs84(input, 'gcj02');
    assert.deepEqual(input, before);
    assert.deepEqual(wgs.coordinates[0]![1], toWgs84(113.2, 36.1, 'gcj02'));
    const back = geometryFromWgs84(wgs, 'gcj02');
    back.coordinates[0]!.forEach((p, i) => {
      assert.ok(Math.abs(p[0]! - input.coordinates[0]![i]![0]!) < 1e-6);
      assert.ok(Math.abs(p[1]! - input.coordinates[0]![i]![1]!) < 1e-6);
    });
    const point = geometryToWgs84({ type: 'Point', coordinates: [113.12, 36.2, 900] }, 'gcj02');
    assert.equal(point.coordinates[2], 900);
    const multi = geometryToWgs84({ type: 'MultiPolygon', coordinates: [input.coordinates] }, 'gcj02');
    assert.deepEqual(multi.coordinates[0], wgs.coordinates);
  });
});

describe('voronoiCells', () => {
  it('tiles a concave area exactly, and skipped cells come back empty', () => {
    const lShape: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [113, 36],
          [113.1, 36],
          [113.1, 36.04],
          [113.04, 36.04],
          [113.04, 36.1],
          [113, 36.1],
          [113, 36],
        ],
      ],
    };
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const sites: [number, number][] = [];
    while (sites.length < 40) {
      const site: [number, number] = [113 + random() * 0.1, 36 + random() * 0.1];
      if (containsPoint(site[0], site[1], lShape)) sites.push(site);
    }
    const cells = voronoiCells(sites, lShape);
    assert.equal(cells.length, 40);
    cells.forEach((cell, i) => {
      assert.deepEqual(validatePolygonal(cell), [], `cell ${i}`);
      assert.ok(containsPoint(sites[i]![0], sites[i]![1], cell));
    });
    const report = coverageReport(
      lShape,
      cells.map((geometry, i) => ({ code: String(i), geometry })),
      { toleranceM2: 1 },
    );
    assert.deepEqual([report.gaps, report.overlaps, report.outside], [[], [], []]);
    const some = voronoiCells(sites, lShape, (i) => i < 3);
    assert.deepEqual(some.slice(0, 3), cells.slice(0, 3));
    assert.ok(some.slice(3).every((cell) => cell.coordinates.length === 0));
  });
});
