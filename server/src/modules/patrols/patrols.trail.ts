import { distanceM } from '../../platform/geo/measure.ts';

/** A position of a trail at a device time (WGS84; accuracy in metres when the device said). */
export interface TrailPoint {
  at: Date;
  lon: number;
  lat: number;
  accuracy: number | null;
}

/** How far a device clock may run ahead of the server's before its times are refused. */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** A fix a little before the tap on "start" (or after "stop") still belongs to the patrol. */
export const SPAN_SLACK_MS = 60_000;
/**
 * Faster than this between two fixes is a jump of the fix, not a walk: 200 km/h refuses only teleports (a grid
 * worker is on foot, on a bicycle or an e-bike, now and then in a car).
 */
export const MAX_SPEED_MPS = 200_000 / 3600;
/** GPS noise allowed between two fixes whose devices give no accuracy. */
const NOISE_FLOOR_M = 50;

/** Metres along the trail: haversine between consecutive points in time order. */
export function trailLengthM(points: readonly TrailPoint[]): number {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  let total = 0;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    total += distanceM(a.lon, a.lat, b.lon, b.lat);
  }
  return total;
}

export type PointProblem = 'BEFORE_START' | 'AFTER_END' | 'IN_FUTURE' | 'NULL_ISLAND' | 'TOO_FAST';

export interface RefusedPoint {
  /** The point's place in the batch as sent. */
  index: number;
  at: Date;
  problem: PointProblem;
  /** For TOO_FAST: the point it was measured from and how far it lies. */
  previousAt?: Date;
  distanceM?: number;
}

/**
 * Which of a batch's new points a patrol refuses: times before its start or after its end (with a minute's
 * slack), times ahead of the server's clock beyond the skew, the position (0, 0) that broken receivers report,
 * and jumps from the point before (stored or accepted from the batch) that no one moves — beyond 200 km/h after
 * the accuracies of both fixes (at least 50 m) are allowed for. `incoming` must not repeat a stored time.
 */
export function refusedPoints(patrol: {
  startedAt: Date;
  endedAt: Date | null;
  now: Date;
  stored: readonly TrailPoint[];
  incoming: readonly (TrailPoint & { index: number })[];
}): RefusedPoint[] {
  const refused: RefusedPoint[] = [];
  const plausible: (TrailPoint & { index: number })[] = [];
  const start = patrol.startedAt.getTime() - SPAN_SLACK_MS;
  const end = patrol.endedAt ? patrol.endedAt.getTime() + SPAN_SLACK_MS : null;
  const latest = patrol.now.getTime() + CLOCK_SKEW_MS;
  for (const p of patrol.incoming) {
    const at = p.at.getTime();
    const problem: PointProblem | null =
      at > latest
        ? 'IN_FUTURE'
        : at < start
          ? 'BEFORE_START'
          : end !== null && at > end
            ? 'AFTER_END'
            : p.lon === 0 && p.lat === 0
              ? 'NULL_ISLAND'
              : null;
    if (problem) refused.push({ index: p.index, at: p.at, problem });
    else plausible.push(p);
  }
  const merged: (TrailPoint & { index?: number })[] = [...patrol.stored, ...plausible].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  let previous: TrailPoint | null = null;
  for (const p of merged) {
    if (previous && p.index !== undefined) {
      const d = distanceM(previous.lon, previous.lat, p.lon, p.lat);
      const seconds = (p.at.getTime() - previous.at.getTime()) / 1000;
      const noise = Math.max(NOISE_FLOOR_M, (previous.accuracy ?? 0) + (p.accuracy ?? 0));
      if (d > MAX_SPEED_MPS * seconds + noise) {
        refused.push({
          index: p.index,
          at: p.at,
          problem: 'TOO_FAST',
          previousAt: previous.at,
          distanceM: Math.round(d),
        });
        continue;
      }
    }
    previous = p;
  }
  return refused.sort((a, b) => a.index - b.index);
}
