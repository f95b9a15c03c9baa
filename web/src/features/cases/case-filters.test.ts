import { describe, expect, it } from 'vitest';
import { caseFiltersFromParams, caseFiltersToParams, caseListQuery } from './case-filters';
import { casesExportHref } from './cases-api';

describe('case list filters in the address bar', () => {
  it('round-trips every filter a dispatcher sets', () => {
    const values = {
      q: '东街',
      states: ['registered', 'returned'],
      division: '140403001',
      grid: '140403001001001',
      category: '0102',
      channel: 'public',
      unit: '0192f0a4-1b2c-7d3e-8f40-123456789abc',
      deadlineStatus: 'red' as const,
      open: true,
      from: '2026-11-01',
      to: '2026-11-30',
      sort: '-dueAt',
    };
    expect(caseFiltersFromParams(new URLSearchParams(caseFiltersToParams(values)))).toEqual(values);
  });

  it('drops what the server would refuse instead of sending it', () => {
    const read = caseFiltersFromParams(
      new URLSearchParams(
        'division=14x&unit=nope&deadlineStatus=purple&open=maybe&from=1.11.2026&sort=title&state=Bad State',
      ),
    );
    expect(read).toEqual({});
  });

  it('builds the query with states comma-separated, and the export without the page', () => {
    const values = { states: ['reported', 'accepted'], open: false, sort: 'number' };
    expect(caseListQuery(values, 3, 50)).toEqual({
      page: 3,
      pageSize: 50,
      state: 'reported,accepted',
      open: false,
      sort: 'number',
    });
    expect(casesExportHref(caseListQuery(values, 3, 50))).toBe(
      '/api/cases/export?open=false&state=reported%2Caccepted&sort=number',
    );
  });
});
