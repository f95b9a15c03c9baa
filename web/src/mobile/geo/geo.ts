export interface LonLat {
  lon: number;
  lat: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine), the same measure the server uses for patrol trails. */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 85 m, 1.2 km: what a person on foot reads at a glance. */
export function formatDistance(m: number): { value: string; unit: 'm' | 'km' } {
  if (m < 1000) return { value: String(Math.round(m)), unit: 'm' };
  return { value: (m / 1000).toFixed(m < 10_000 ? 1 : 0), unit: 'km' };
}

/** 6 decimals: about 10 cm, more than any phone's GPS gives. */
export const formatCoord = (v: number) => v.toFixed(6);

/** Fixes worse than this are not drawn into a patrol's distance (a jump across town from a cell tower's guess). */
export const TRAIL_ACCURACY_LIMIT_M = 100;

/** Length of a trail in metres, skipping fixes that are too coarse to count. */
export function trailLength(points: readonly (LonLat & { accuracy?: number })[]): number {
  let total = 0;
  let previous: LonLat | null = null;
  for (const p of points) {
    if (p.accuracy !== undefined && p.accuracy > TRAIL_ACCURACY_LIMIT_M) continue;
    if (previous) total += distanceM(previous, p);
    previous = p;
  }
  return total;
}
