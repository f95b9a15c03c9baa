import { beforeEach, describe, expect, it } from 'vitest';
import { forgetReport, MY_REPORTS_KEY, readMyReports, rememberReport } from './my-reports';

describe('my reports (我的反映) on this device', () => {
  beforeEach(() => localStorage.clear());

  it('lists the newest report first and keeps the first report time when a code comes again', () => {
    rememberReport({ code: 'AAAA-AAAA-AAAA', reportedAt: '2025-03-01T08:00:00Z', category: '道路不洁' });
    rememberReport({ code: 'BBBB-BBBB-BBBB', reportedAt: '2025-03-02T08:00:00Z', category: null });
    rememberReport({ code: 'AAAA-AAAA-AAAA', reportedAt: '2025-03-09T08:00:00Z', status: '已办结' });
    expect(readMyReports()).toEqual([
      { code: 'BBBB-BBBB-BBBB', reportedAt: '2025-03-02T08:00:00Z', category: null, status: null },
      { code: 'AAAA-AAAA-AAAA', reportedAt: '2025-03-01T08:00:00Z', category: '道路不洁', status: '已办结' },
    ]);
  });

  it('forgets one code', () => {
    rememberReport({ code: 'AAAA-AAAA-AAAA', reportedAt: '2025-03-01T08:00:00Z' });
    rememberReport({ code: 'BBBB-BBBB-BBBB', reportedAt: '2025-03-02T08:00:00Z' });
    forgetReport('BBBB-BBBB-BBBB');
    expect(readMyReports().map((r) => r.code)).toEqual(['AAAA-AAAA-AAAA']);
  });

  it('keeps the latest thirty', () => {
    for (let i = 0; i < 35; i++)
      rememberReport({ code: `C${i}`, reportedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() });
    const list = readMyReports();
    expect(list).toHaveLength(30);
    expect(list[0]?.code).toBe('C34');
    expect(list.at(-1)?.code).toBe('C5');
  });

  it('reads what it cannot understand as nothing, and skips broken entries', () => {
    localStorage.setItem(MY_REPORTS_KEY, '{not json');
    expect(readMyReports()).toEqual([]);
    localStorage.setItem(MY_REPORTS_KEY, JSON.stringify({ code: 'X' }));
    expect(readMyReports()).toEqual([]);
    localStorage.setItem(MY_REPORTS_KEY, JSON.stringify([{ code: 'X', reportedAt: 'T' }, { code: 3 }, null]));
    expect(readMyReports()).toEqual([{ code: 'X', reportedAt: 'T', category: null, status: null }]);
  });

  it('works without storage (private browsing)', () => {
    expect(readMyReports(undefined)).toEqual([]);
    expect(() => rememberReport({ code: 'X' }, undefined)).not.toThrow();
  });
});
