import { describe, expect, it } from 'vitest';
import { formatArea, formatTimeRange, formatWeekdays, percent, type WeekdayWords } from './format';

const zh: WeekdayWords = {
  day: (d) => ['周一', '周二', '周三', '周四', '周五', '周六', '周日'][d - 1] ?? '',
  through: (from, to) => `${from}至${to}`,
  separator: '、',
};
const en: WeekdayWords = {
  day: (d) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d - 1] ?? '',
  through: (from, to) => `${from}–${to}`,
  separator: ', ',
};

describe('weekdays', () => {
  it('writes runs of three days or more as a range and lists the rest', () => {
    expect(formatWeekdays([1, 2, 3, 4, 5], zh)).toBe('周一至周五');
    expect(formatWeekdays([6, 7], zh)).toBe('周六、周日');
    expect(formatWeekdays([1, 3, 6, 7], zh)).toBe('周一、周三、周六、周日');
    expect(formatWeekdays([1, 2, 3, 4, 5, 6, 7], en)).toBe('Mon–Sun');
    expect(formatWeekdays([5, 1, 2, 3, 7], en)).toBe('Mon–Wed, Fri, Sun');
  });

  it('ignores duplicates and values outside 1–7', () => {
    expect(formatWeekdays([2, 2, 0, 8, 3], en)).toBe('Tue, Wed');
    expect(formatWeekdays([], en)).toBe('—');
  });
});

describe('areas and shares', () => {
  it('uses m² below a square kilometre and km² above', () => {
    expect(formatArea(12_345.6, 'en-US')).toBe('12,346 m²');
    expect(formatArea(2_500_000, 'en-US')).toBe('2.50 km²');
    expect(formatArea(null)).toBe('—');
  });

  it('never rounds a division with a gap up to 100 %', () => {
    expect(percent(999_999, 1_000_000)).toBe('99.9%');
    expect(percent(1_000_000, 1_000_000)).toBe('100.0%');
    expect(percent(1, 0)).toBe('—');
  });

  it('writes hours as a range', () => {
    expect(formatTimeRange('08:30', '17:30')).toBe('08:30–17:30');
    expect(formatTimeRange('08:30:00', '12:00:00')).toBe('08:30–12:00');
  });
});
