import { describe, expect, it } from 'vitest';
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
    // Only the pure geometry here: the map feature's index also loads MapLibre and its worker.
    const geometry = fc.features[0]?.geometry;
    expect(geometry?.type).toBe('Polygon');
    const ring = (geometry?.coordinates as number[][][] | undefined)?.[0] ?? [];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const lngs = ring.map((p: number[]) => p[0] ?? 0);
    const lats = ring.map((p: number[]) => p[1] ?? 0);
    expect([Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)]).toEqual(
      squareAround(113.1, 36.16, 20),
    );
  });
});
