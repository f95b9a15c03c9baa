import { describe, expect, it } from 'vitest';
import type { CalendarDay } from './calendar-api';
import {
  businessInstant,
  daysInMonth,
  defaultLocalKind,
  indexDays,
  monthGroups,
  monthWeeks,
  nextDate,
  parseYear,
  spanText,
  weekdayOf,
} from './calendar-days';

const holiday = (date: string, name: string, source: CalendarDay['source'] = 'builtin'): CalendarDay => ({
  date,
  working: false,
  kind: 'holiday',
  name,
  source,
});
const workday = (date: string, name: string, source: CalendarDay['source'] = 'builtin'): CalendarDay => ({
  date,
  working: true,
  kind: 'workday',
  name,
  source,
});

/** 2024's 春节 as the State Council arranged it: 10–17 February off, the 4th and the 18th (Sundays) worked. */
const SPRING_FESTIVAL_2024: CalendarDay[] = [
  workday('2024-02-04', '春节'),
  ...['10', '11', '12', '13', '14', '15', '16', '17'].map((d) => holiday(`2024-02-${d}`, '春节')),
  workday('2024-02-18', '春节'),
];

describe('the month grid', () => {
  it('starts its weeks on Monday and pads before the 1st and after the last day', () => {
    // 1 February 2024 was a Thursday; February 2024 had 29 days.
    const weeks = monthWeeks(2024, 2);
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]).toEqual([null, null, null, '2024-02-01', '2024-02-02', '2024-02-03', '2024-02-04']);
    expect(weeks[4]).toEqual(['2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29', null, null, null]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(29);
  });

  it('puts a month that begins on Sunday in the last column, needing six weeks', () => {
    // 1 September 2024 was a Sunday.
    const weeks = monthWeeks(2024, 9);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2024-09-01']);
    expect(weeks).toHaveLength(6);
    expect(weeks[5]?.[0]).toBe('2024-09-30');
  });

  it('needs exactly four weeks for a February of 28 days beginning on Monday', () => {
    expect(monthWeeks(2027, 2)).toHaveLength(4); // 1 February 2027 is a Monday
  });

  it('knows month lengths, leap years and weekdays whatever the browser zone', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(weekdayOf('2024-02-04')).toBe(0);
    expect(weekdayOf('2023-09-28')).toBe(4);
    expect(nextDate('2024-02-28')).toBe('2024-02-29');
    expect(nextDate('2024-02-29')).toBe('2024-03-01');
    expect(nextDate('2024-12-31')).toBe('2025-01-01');
  });
});

describe('the days listed under a month', () => {
  it('groups 春节 into one run off and the two make-up Sundays, in the order of their first day', () => {
    const groups = monthGroups(SPRING_FESTIVAL_2024, 2024, 2);
    expect(groups).toEqual([
      {
        kind: 'workday',
        name: '春节',
        source: 'builtin',
        spans: [
          { from: '2024-02-04', to: '2024-02-04' },
          { from: '2024-02-18', to: '2024-02-18' },
        ],
      },
      { kind: 'holiday', name: '春节', source: 'builtin', spans: [{ from: '2024-02-10', to: '2024-02-17' }] },
    ]);
    expect(spanText(groups[0]!.spans, '、')).toBe('4、18');
    expect(spanText(groups[1]!.spans, ', ')).toBe('10–17');
  });

  it('splits a holiday that a local decision interrupts, and lists the local day on its own', () => {
    const days = SPRING_FESTIVAL_2024.map((d) =>
      d.date === '2024-02-13' ? workday('2024-02-13', '防汛值守', 'local') : d,
    );
    const groups = monthGroups(days, 2024, 2);
    expect(groups.find((g) => g.kind === 'holiday')?.spans).toEqual([
      { from: '2024-02-10', to: '2024-02-12' },
      { from: '2024-02-14', to: '2024-02-17' },
    ]);
    expect(groups.find((g) => g.source === 'local')).toEqual({
      kind: 'workday',
      name: '防汛值守',
      source: 'local',
      spans: [{ from: '2024-02-13', to: '2024-02-13' }],
    });
  });

  it('shows each month its own part of a holiday that crosses months, whatever order the days come in', () => {
    const national = ['2023-10-06', '2023-10-01', '2023-09-29', '2023-10-02', '2023-09-30'].map((d) =>
      holiday(d, d === '2023-09-29' ? '中秋节' : '国庆节'),
    );
    expect(monthGroups(national, 2023, 9).map((g) => [g.name, spanText(g.spans, '、')])).toEqual([
      ['中秋节', '29'],
      ['国庆节', '30'],
    ]);
    expect(monthGroups(national, 2023, 10).map((g) => [g.name, spanText(g.spans, '、')])).toEqual([
      ['国庆节', '1–2、6'],
    ]);
    expect(monthGroups(national, 2023, 11)).toEqual([]);
  });

  it('ignores ordinary days and indexes the exceptions by date', () => {
    const ordinary: CalendarDay = { date: '2024-02-05', working: true, kind: 'weekday', name: null, source: null };
    expect(monthGroups([...SPRING_FESTIVAL_2024, ordinary], 2024, 2)).toHaveLength(2);
    const index = indexDays(SPRING_FESTIVAL_2024);
    expect(index.get('2024-02-04')?.kind).toBe('workday');
    expect(index.get('2024-02-05')).toBeUndefined();
  });
});

describe('local days and years', () => {
  it('proposes a day off for a weekday and a working day for a weekend', () => {
    expect(defaultLocalKind('2024-03-15')).toBe('holiday'); // Friday
    expect(defaultLocalKind('2024-03-16')).toBe('workday'); // Saturday
    expect(defaultLocalKind('2024-03-17')).toBe('workday'); // Sunday
  });

  it('takes only whole years the server accepts', () => {
    expect(parseYear('2024')).toBe(2024);
    expect(parseYear(2024)).toBe(2024);
    expect(parseYear('1900')).toBe(1900);
    expect(parseYear('2999')).toBe(2999);
    for (const bad of ['', null, undefined, '1899', '3000', '2024.5', 'abc', '20']) expect(parseYear(bad)).toBeNull();
  });
});

describe('the start of a deadline', () => {
  it('is the wall-clock time on the business clock, with its offset', () => {
    expect(businessInstant('2023-09-28T16:00', 'Asia/Shanghai')).toBe('2023-09-28T16:00:00+08:00');
    expect(businessInstant('2023-09-28T16:00', 'Asia/Urumqi')).toBe('2023-09-28T16:00:00+06:00');
  });

  it('falls back to the browser zone when the business zone is unknown', () => {
    expect(businessInstant('2023-09-28T16:00', undefined)).toMatch(/^2023-09-28T16:00:00[+-]\d{2}:\d{2}$/);
    expect(businessInstant('2023-09-28T16:00', 'Mars/Olympus_Mons')).toMatch(/^2023-09-28T16:00:00/);
  });
});
