import { describe, expect, it } from 'vitest';
import { readCoordinates } from './coordinates';

describe('typed coordinates', () => {
  it('reads decimals as typed, with full-width digits, a decimal comma or a degree sign', () => {
    expect(readCoordinates(' 113.1166 ', '36.1953')).toEqual({ lng: 113.1166, lat: 36.1953 });
    expect(readCoordinates('１１３．１', '３６．２')).toEqual({ lng: 113.1, lat: 36.2 });
    expect(readCoordinates('113,1', '36,2°')).toEqual({ lng: 113.1, lat: 36.2 });
    expect(readCoordinates('113度', '-36')).toEqual({ lng: 113, lat: -36 });
  });

  it('refuses what is missing, not a number or out of range', () => {
    expect(readCoordinates('', '36.2')).toBeNull();
    expect(readCoordinates('113.1', 'abc')).toBeNull();
    expect(readCoordinates('113.1.2', '36')).toBeNull();
    expect(readCoordinates('181', '36')).toBeNull();
    expect(readCoordinates('113', '91')).toBeNull();
  });
});
