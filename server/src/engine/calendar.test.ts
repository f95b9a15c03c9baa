import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinYears, dateOfDayNumber, dayNumber, WorkingCalendar } from './calendar.ts';

const shanghai = new WorkingCalendar({ zone: 'Asia/Shanghai' });

describe('built-in data (chinese-days 1.5.7)', () => {
  test('covers the State Council arrangements of 2004 to 2026', () => {
    assert.deepEqual(
      builtinYears(),
      [
        2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021,
        2022, 2023, 2024, 2025, 2026,
      ],
    );
    assert.equal(shanghai.knowsYear(2004), true);
    assert.equal(shanghai.knowsYear(2026), true);
    assert.equal(shanghai.knowsYear(2003), false);
    assert.equal(shanghai.knowsYear(2027), false);
  });

  test('2023 National Day and Mid-Autumn: 09-29 to 10-06 off, 10-07 and 10-08 worked', () => {
    assert.deepEqual(shanghai.day('2023-09-29'), {
      date: '2023-09-29',
      working: false,
      kind: 'holiday',
      name: '中秋节',
      source: 'builtin',
    });
    assert.deepEqual(shanghai.day('2023-10-01'), {
      date: '2023-10-01',
      working: false,
      kind: 'holiday',
      name: '国庆节',
      source: 'builtin',
    });
    assert.deepEqual(shanghai.day('2023-10-07'), {
      date: '2023-10-07',
      working: true,
      kind: 'workday',
      name: '国庆节',
      source: 'builtin',
    });
    assert.equal(shanghai.isWorkingDay('2023-10-08'), true);
    assert.equal(shanghai.isWorkingDay('2023-10-06'), false);
    assert.equal(shanghai.isWorkingDay('2023-09-28'), true);
  });

  test('2024 Spring Festival: 02-10 to 02-17 off, Sundays 02-04 and 02-18 worked, 除夕 02-09 worked', () => {
    for (let d = dayNumber('2024-02-10'); d <= dayNumber('2024-02-17'); d++) {
      assert.equal(shanghai.day(dateOfDayNumber(d)).kind, 'holiday', dateOfDayNumber(d));
      assert.equal(shanghai.day(dateOfDayNumber(d)).name, '春节', dateOfDayNumber(d));
    }
    assert.equal(shanghai.day('2024-02-04').kind, 'workday');
    assert.equal(shanghai.day('2024-02-18').kind, 'workday');
    assert.equal(shanghai.day('2024-02-09').kind, 'weekday');
  });

  test('plain weekdays and weekends have no name and no source', () => {
    assert.deepEqual(shanghai.day('2023-11-06'), {
      date: '2023-11-06',
      working: true,
      kind: 'weekday',
      name: null,
      source: null,
    });
    assert.deepEqual(shanghai.day('2023-11-11'), {
      date: '2023-11-11',
      working: false,
      kind: 'weekend',
      name: null,
      source: null,
    });
  });

  test('an unknown year has only weekends: 2027-10-01 is a Friday like any other', () => {
    assert.equal(shanghai.knowsYear(2027), false);
    assert.deepEqual(shanghai.day('2027-10-01'), {
      date: '2027-10-01',
      working: true,
      kind: 'weekday',
      name: null,
      source: null,
    });
    assert.equal(shanghai.isWorkingDay('2027-10-02'), false);
    assert.deepEqual(shanghai.exceptionsBetween('2027-01-01', '2027-12-31'), []);
  });

  test('exceptionsBetween lists holidays and make-up days in date order with their source', () => {
    assert.deepEqual(
      shanghai.exceptionsBetween('2023-09-28', '2023-10-09').map((e) => `${e.date} ${e.kind} ${e.name} ${e.source}`),
      [
        '2023-09-29 holiday 中秋节 builtin',
        '2023-09-30 holiday 国庆节 builtin',
        '2023-10-01 holiday 国庆节 builtin',
        '2023-10-02 holiday 国庆节 builtin',
        '2023-10-03 holiday 国庆节 builtin',
        '2023-10-04 holiday 国庆节 builtin',
        '2023-10-05 holiday 国庆节 builtin',
        '2023-10-06 holiday 国庆节 builtin',
        '2023-10-07 workday 国庆节 builtin',
        '2023-10-08 workday 国庆节 builtin',
      ],
    );
  });
});

describe('layers', () => {
  test('a local decision overrides the built-in day', () => {
    const cal = new WorkingCalendar({
      zone: 'Asia/Shanghai',
      local: [
        { date: '2023-10-02', kind: 'workday', name: '防汛值守', source: 'local' },
        { date: '2023-11-07', kind: 'holiday', name: '台风停工', source: 'local' },
      ],
    });
    assert.deepEqual(cal.day('2023-10-02'), {
      date: '2023-10-02',
      working: true,
      kind: 'workday',
      name: '防汛值守',
      source: 'local',
    });
    assert.equal(cal.isWorkingDay('2023-11-07'), false);
    assert.equal(cal.day('2023-11-07').source, 'local');
  });

  test('official rows replace the built-in data of their whole year, and local rows override them', () => {
    const cal = new WorkingCalendar({
      zone: 'Asia/Shanghai',
      official: [
        { date: '2023-10-02', kind: 'holiday', name: '国庆节', source: 'official' },
        { date: '2023-10-03', kind: 'holiday', name: '国庆节', source: 'official' },
        { date: '2027-02-08', kind: 'holiday', name: '春节', source: 'official' },
      ],
      local: [{ date: '2023-10-03', kind: 'workday', name: '值班', source: 'local' }],
    });
    assert.equal(cal.day('2023-10-02').source, 'official');
    // The built-in 2023 holidays and make-up days are gone with the year replaced.
    assert.equal(cal.day('2023-09-29').kind, 'weekday');
    assert.equal(cal.day('2023-10-07').kind, 'weekend');
    assert.equal(cal.day('2023-10-03').source, 'local');
    // Other years keep the built-in data.
    assert.equal(cal.day('2024-02-10').source, 'builtin');
    assert.equal(cal.knowsYear(2027), true);
    assert.equal(cal.day('2027-02-08').working, false);
  });

  test('the source of a row is the list it arrives in', () => {
    const cal = new WorkingCalendar({
      zone: 'Asia/Shanghai',
      local: [{ date: '2023-11-07', kind: 'holiday', name: '停工', source: 'builtin' }],
    });
    assert.equal(cal.day('2023-11-07').source, 'local');
  });

  test('the fingerprint changes with any exception and only with them', () => {
    const same = new WorkingCalendar({ zone: 'UTC' });
    const changed = new WorkingCalendar({
      zone: 'Asia/Shanghai',
      local: [{ date: '2023-11-07', kind: 'holiday', name: '停工', source: 'local' }],
    });
    const renamed = new WorkingCalendar({
      zone: 'Asia/Shanghai',
      local: [{ date: '2023-11-07', kind: 'holiday', name: '台风停工', source: 'local' }],
    });
    assert.match(shanghai.fingerprint, /^[0-9a-f]{32}$/);
    assert.equal(same.fingerprint, shanghai.fingerprint);
    assert.notEqual(changed.fingerprint, shanghai.fingerprint);
    assert.notEqual(renamed.fingerprint, changed.fingerprint);
  });

  test('bad input is refused', () => {
    assert.throws(() => new WorkingCalendar({ zone: 'Asia/Nowhere' }), RangeError);
    assert.throws(
      () =>
        new WorkingCalendar({
          zone: 'Asia/Shanghai',
          local: [{ date: '2023-02-30', kind: 'holiday', name: 'x', source: 'local' }],
        }),
      RangeError,
    );
    assert.throws(() => shanghai.day('2023-9-1'), RangeError);
  });
});

describe('time zone', () => {
  test('a local date starts at 16:00 UTC the day before in Shanghai, at midnight in UTC', () => {
    const utc = new WorkingCalendar({ zone: 'UTC' });
    assert.equal(new Date(shanghai.startOfDay('2023-10-09')).toISOString(), '2023-10-08T16:00:00.000Z');
    assert.equal(new Date(utc.startOfDay('2023-10-09')).toISOString(), '2023-10-09T00:00:00.000Z');
    const instant = Date.parse('2023-10-08T20:00:00Z');
    assert.equal(shanghai.dateOf(instant), '2023-10-09');
    assert.equal(utc.dateOf(instant), '2023-10-08');
    assert.equal(shanghai.dateOf(Date.parse('2023-10-08T16:00:00Z')), '2023-10-09');
    assert.equal(shanghai.dateOf(Date.parse('2023-10-08T15:59:59.999Z')), '2023-10-08');
  });

  test('no fixed offset: Berlin days follow summer time', () => {
    const berlin = new WorkingCalendar({ zone: 'Europe/Berlin' });
    assert.equal(new Date(berlin.startOfDay('2024-03-30')).toISOString(), '2024-03-29T23:00:00.000Z');
    assert.equal(new Date(berlin.startOfDay('2024-04-01')).toISOString(), '2024-03-31T22:00:00.000Z');
    // 31 March 2024 is 23 hours long there.
    const day = dayNumber('2024-03-31');
    assert.equal(berlin.startOfDayNumber(day + 1) - berlin.startOfDayNumber(day), 23 * 3_600_000);
    assert.equal(new Date(berlin.instantOfLocalTime(day, 8 * 60 + 30)).toISOString(), '2024-03-31T06:30:00.000Z');
    // 02:30 does not exist that night: it moves forward with the clocks.
    assert.equal(new Date(berlin.instantOfLocalTime(day, 2 * 60 + 30)).toISOString(), '2024-03-31T01:30:00.000Z');
    assert.equal(berlin.dateOf(Date.parse('2024-03-31T22:30:00Z')), '2024-04-01');
  });

  test('nextDate steps over month and year ends and leap days', () => {
    assert.equal(shanghai.nextDate('2023-12-31'), '2024-01-01');
    assert.equal(shanghai.nextDate('2024-02-28'), '2024-02-29');
    assert.equal(shanghai.nextDate('2024-02-29'), '2024-03-01');
    assert.equal(shanghai.nextDate('2023-09-30'), '2023-10-01');
  });

  test('day numbers round-trip and know the weekday', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dateOfDayNumber(dayNumber('1969-12-31')), '1969-12-31');
    assert.equal(dateOfDayNumber(dayNumber('2999-12-31')), '2999-12-31');
    assert.equal(shanghai.isWorkingDay('1960-01-02'), false, 'a Saturday outside the cached range');
    assert.equal(shanghai.isWorkingDay('2300-01-02'), true, 'a Monday outside the cached range');
  });
});
