import { describe, expect, it } from 'vitest';
import { isDivisionCode } from './division';
import { lastDayInForce } from './effective-period';
import { formatJsonInline } from './json-value';

describe('configuration display rules', () => {
  it('shows the exclusive end date as the last day in force', () => {
    expect(lastDayInForce('2027-05-01')).toBe('2027-04-30');
    expect(lastDayInForce('2028-03-01')).toBe('2028-02-29');
    expect(lastDayInForce(null)).toBeNull();
  });

  it('writes JSON on one line with room to wrap', () => {
    expect(formatJsonInline({ periods: [{ start: '08:30', end: '12:00' }] })).toBe(
      '{ "periods": [ { "start": "08:30", "end": "12:00" } ] }',
    );
    expect(formatJsonInline(5)).toBe('5');
    expect(formatJsonInline(undefined)).toBe('—');
  });

  it('accepts division codes at every GB/T 2260 level and the empty code for the whole installation', () => {
    for (const code of ['', '14', '1404', '140403', '140403001', '140403001001'])
      expect(isDivisionCode(code)).toBe(true);
    for (const code of ['1', '140', '14040', '1404030011', 'abcd', '14 04']) expect(isDivisionCode(code)).toBe(false);
  });
});
