import { describe, expect, it } from 'vitest';
import { formatInstant } from './format-time';

describe('formatInstant', () => {
  it('shows an instant on the business clock whatever zone it was written in', () => {
    expect(formatInstant('2024-10-01T01:30:00Z', 'Asia/Shanghai')).toBe('2024-10-01 09:30:00');
    expect(formatInstant('2024-10-01T09:30:00+08:00', 'Asia/Shanghai')).toBe('2024-10-01 09:30:00');
    expect(formatInstant('2024-09-30T23:59:00Z', 'Asia/Shanghai', 'YYYY-MM-DD')).toBe('2024-10-01');
  });

  it('returns an empty string for a missing instant and the input for a garbled one', () => {
    expect(formatInstant(null, 'Asia/Shanghai')).toBe('');
    expect(formatInstant('not a date', 'Asia/Shanghai')).toBe('not a date');
  });

  it('falls back to the browser zone when the zone is unknown', () => {
    expect(formatInstant('2024-10-01T01:30:00Z', 'Mars/Olympus')).toMatch(/^2024-10-0\d \d\d:30:00$/);
  });
});
