import { describe, expect, it } from 'vitest';
import { distanceM, formatDistance, trailLength } from './geo';

describe('distanceM', () => {
  it('measures a thousandth of a degree of latitude as about 111 m', () => {
    expect(distanceM({ lon: 113.1, lat: 36.16 }, { lon: 113.1, lat: 36.161 })).toBeCloseTo(111.2, 0);
    expect(distanceM({ lon: 113.1, lat: 36.16 }, { lon: 113.1, lat: 36.16 })).toBe(0);
  });
});

describe('formatDistance', () => {
  it('gives metres below a kilometre, then kilometres', () => {
    expect(formatDistance(84.6)).toEqual({ value: '85', unit: 'm' });
    expect(formatDistance(1234)).toEqual({ value: '1.2', unit: 'km' });
    expect(formatDistance(12_345)).toEqual({ value: '12', unit: 'km' });
  });
});

describe('trailLength', () => {
  it('skips coarse fixes', () => {
    const a = { lon: 113.1, lat: 36.16, accuracy: 10 };
    const far = { lon: 113.2, lat: 36.2, accuracy: 2000 };
    const b = { lon: 113.1, lat: 36.161, accuracy: 10 };
    expect(trailLength([a, far, b])).toBeCloseTo(111.2, 0);
  });
});
