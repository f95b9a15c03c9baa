import { describe, expect, it } from 'vitest';
import { bboxOf, collectionBbox, type Geometry, interiorPoint, labelPoint, polygonsOf } from './geometry';

const square = (x: number, y: number, size: number): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

/** Even-odd test, to check that a label point really lies inside. */
function inside(point: [number, number], geometry: Geometry): boolean {
  return polygonsOf(geometry).some((rings) => {
    let hits = 0;
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j] as [number, number];
        const [bx, by] = ring[i] as [number, number];
        if (ay > point[1] !== by > point[1] && point[0] < ax + ((point[1] - ay) * (bx - ax)) / (by - ay)) hits++;
      }
    return hits % 2 === 1;
  });
}

describe('map geometry', () => {
  it('reads Polygon and MultiPolygon and ignores other geometry', () => {
    expect(polygonsOf({ type: 'Polygon', coordinates: [square(0, 0, 1)] })).toHaveLength(1);
    expect(polygonsOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] })).toHaveLength(2);
    expect(polygonsOf({ type: 'Point', coordinates: [1, 2] })).toEqual([]);
    expect(polygonsOf(null)).toEqual([]);
  });

  it('bounds several geometries and says null when there is nothing', () => {
    expect(
      bboxOf([
        { type: 'Polygon', coordinates: [square(113, 36, 0.1)] },
        { type: 'MultiPolygon', coordinates: [[square(112.5, 35.5, 0.2)]] },
      ]),
    ).toEqual([112.5, 35.5, expect.closeTo(113.1, 9), expect.closeTo(36.1, 9)]);
    expect(bboxOf([null])).toBeNull();
    expect(collectionBbox({ type: 'FeatureCollection', features: [] })).toBeNull();
  });

  it('puts the label inside a concave outline, where the centre of its bounds is not', () => {
    // A "U": the centre of the bounds (2, 2) is in the notch.
    const u: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [3, 4],
          [3, 1],
          [1, 1],
          [1, 4],
          [0, 4],
          [0, 0],
        ],
      ],
    };
    expect(inside([2, 2], u)).toBe(false);
    const p = interiorPoint(u);
    expect(p).not.toBeNull();
    expect(inside(p as [number, number], u)).toBe(true);
  });

  it('avoids holes and picks the largest part of a multipolygon', () => {
    const donut: Geometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 6)] };
    const p = interiorPoint(donut) as [number, number];
    expect(inside(p, donut)).toBe(true);
    const parts: Geometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(10, 10, 5)]] };
    const q = interiorPoint(parts) as [number, number];
    expect(q[0]).toBeGreaterThan(10);
    expect(q[1]).toBeGreaterThan(10);
  });

  it("prefers the server's label point", () => {
    const geometry: Geometry = { type: 'Polygon', coordinates: [square(0, 0, 4)] };
    expect(labelPoint({ type: 'Feature', geometry, properties: { label: [1, 3] } })).toEqual([1, 3]);
    expect(labelPoint({ type: 'Feature', geometry, properties: { label: null } })).toEqual([2, 2]);
    expect(labelPoint({ type: 'Feature', geometry: null, properties: {} })).toBeNull();
  });
});
