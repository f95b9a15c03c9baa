import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uncoveredIntervals } from './grids.staffing.ts';

const weekdays = [1, 2, 3, 4, 5];

test('hours covered by overlapping schedules leave nothing uncovered', () => {
  const gaps = uncoveredIntervals(
    [{ weekdays, start: '08:30', end: '17:30' }],
    [
      { weekdays, startTime: '08:00', endTime: '12:30' },
      { weekdays, startTime: '12:00', endTime: '18:00' },
    ],
  );
  assert.deepEqual(gaps, []);
});

test('the lunch hour nobody covers is reported for each weekday', () => {
  const gaps = uncoveredIntervals(
    [{ weekdays: [1, 2], start: '08:30', end: '17:30' }],
    [
      { weekdays: [1, 2], startTime: '08:30', endTime: '12:00' },
      { weekdays: [1], startTime: '14:30', endTime: '17:30' },
    ],
  );
  assert.deepEqual(gaps, [
    { weekday: 1, from: '12:00', to: '14:30' },
    { weekday: 2, from: '12:00', to: '17:30' },
  ]);
});

test('a grid with no schedule misses all of its duty hours, weekends included', () => {
  const gaps = uncoveredIntervals(
    [
      { weekdays, start: '08:30', end: '17:30' },
      { weekdays: [6, 7], start: '09:00', end: '12:00' },
    ],
    [],
  );
  assert.equal(gaps.length, 7);
  assert.deepEqual(gaps[5], { weekday: 6, from: '09:00', to: '12:00' });
});
