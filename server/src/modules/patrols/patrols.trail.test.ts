import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusedPoints, type TrailPoint, trailLengthM } from './patrols.trail.ts';

const at = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}+08:00`);
/** Metres north of a point in 长治 (one degree of latitude is 111,195 m on the haversine sphere). */
const p = (time: string, northM: number, accuracy: number | null = null): TrailPoint => ({
  at: at(time),
  lon: 113.11,
  lat: 36.19 + northM / 111_195,
  accuracy,
});

test('the length of a trail is taken in time order, whatever order the points came in', () => {
  assert.equal(trailLengthM([]), 0);
  assert.equal(trailLengthM([p('10:00:00', 0)]), 0);
  const there = [p('10:00:00', 0), p('10:01:00', 100), p('10:02:00', 50)];
  assert.ok(Math.abs(trailLengthM(there) - 150) < 0.01);
  assert.ok(Math.abs(trailLengthM([there[2]!, there[0]!, there[1]!]) - 150) < 0.01, 'sorted by time first');
});

test('points outside the span, ahead of the clock, at (0, 0) or beyond 200 km/h are refused, by index', () => {
  const refused = refusedPoints({
    startedAt: at('10:00:00'),
    endedAt: at('11:00:00'),
    now: at('12:00:00'),
    stored: [p('10:00:00', 0), p('10:10:00', 500)],
    incoming: [
      { ...p('09:59:30', 0), index: 0 }, // within the minute's slack before the start
      { ...p('09:58:00', 0), index: 1 },
      { ...p('11:00:30', 500), index: 2 }, // within the slack after the end
      { ...p('11:02:00', 500), index: 3 },
      { at: at('10:20:00'), lon: 0, lat: 0, accuracy: null, index: 4 },
      // 5 km in a minute from the stored point at 10:10: 300 km/h
      { ...p('10:11:00', 5500), index: 5 },
      // 500 m in a minute is 30 km/h: fine, measured from the stored point (the refused jump is not a base)
      { ...p('10:12:00', 1000), index: 6 },
    ],
  });
  assert.deepEqual(
    refused.map((r) => [r.index, r.problem]),
    [
      [1, 'BEFORE_START'],
      [3, 'AFTER_END'],
      [4, 'NULL_ISLAND'],
      [5, 'TOO_FAST'],
    ],
  );
  assert.equal(refused[3]!.distanceM, 5000);
  assert.deepEqual(refused[3]!.previousAt, at('10:10:00'));
});

test('an open patrol takes points up to two minutes ahead of the server; fixes allow for their accuracy', () => {
  const open = (incoming: (TrailPoint & { index: number })[]) =>
    refusedPoints({
      startedAt: at('10:00:00'),
      endedAt: null,
      now: at('10:30:00'),
      stored: [p('10:00:00', 0)],
      incoming,
    });
  assert.deepEqual(open([{ ...p('10:31:59', 10), index: 0 }]), []);
  assert.equal(open([{ ...p('10:32:01', 10), index: 0 }])[0]?.problem, 'IN_FUTURE');
  // 120 m in one second: a jump, unless the fixes say they may be 60 m off each.
  assert.equal(open([{ ...p('10:00:01', 120), index: 0 }])[0]?.problem, 'TOO_FAST');
  assert.deepEqual(open([{ ...p('10:00:01', 120, 70), index: 0 }]), []);
});
