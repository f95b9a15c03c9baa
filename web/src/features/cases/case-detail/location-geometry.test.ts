import { describe, expect, it } from 'vitest';
import { bboxOf } from '../../map';
import { locationFeature, squareAround } from './location-geometry';

describe('the case location on the map', () => {
  it('is a square of the given side in metres around the point', () => {
    const [w, s, e, n] = squareAround(113.1, 36.16, 20);
    expect((n - s) * 111_320).toBeCloseTo(20, 5);
    expect((e - w) * 111_320 * Math.cos((36.16 * Math.PI) / 180)).toBeCloseTo(20, 5);
    expect((w + e) / 2).toBeCloseTo(113.1, 9);
  });

  it('is drawn as one closed polygon the map can bound', () => {
    const fc = locationFeature(113.1, 36.16);
    expect(fc.features).toHaveLength(1);
    const box = bboxOf(fc.features.map((f) => f.geometry));
    expect(box).toEqual(squareAround(113.1, 36.16, 20));
  });
});
