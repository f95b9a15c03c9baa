import { describe, expect, it } from 'vitest';
import { auditExportUrl } from './audit-api';
import { auditFilterQuery, auditFiltersFromParams, auditFiltersToParams } from './audit-filters';

describe('audit filters', () => {
  it('turns a range of days into instants on the business calendar (to is exclusive)', () => {
    expect(auditFilterQuery({ fromDay: '2024-10-01', toDay: '2024-10-03' }, 'Asia/Shanghai')).toEqual({
      from: '2024-10-01T00:00:00+08:00',
      to: '2024-10-04T00:00:00+08:00',
    });
  });

  it('leaves empty fields out and trims the others', () => {
    expect(
      auditFilterQuery({ actorId: '  ', action: ' auth.login.failed ', outcome: 'failure' }, 'Asia/Shanghai'),
    ).toEqual({ action: 'auth.login.failed', outcome: 'failure' });
  });

  it('reads the address bar back, ignoring malformed values', () => {
    const params = new URLSearchParams('actor=a1&outcome=maybe&from=2024-10-01&to=yesterday');
    expect(auditFiltersFromParams(params)).toEqual({
      actorId: 'a1',
      action: undefined,
      outcome: undefined,
      fromDay: '2024-10-01',
      toDay: undefined,
    });
    expect(auditFiltersToParams({ actorId: 'a1', outcome: 'denied', toDay: '2024-10-02' })).toEqual({
      actor: 'a1',
      outcome: 'denied',
      to: '2024-10-02',
    });
  });

  it('builds the CSV export address with the same filters', () => {
    expect(auditExportUrl({})).toBe('/api/admin/audit/export');
    expect(auditExportUrl({ outcome: 'failure', from: '2024-10-01T00:00:00+08:00' })).toBe(
      '/api/admin/audit/export?outcome=failure&from=2024-10-01T00%3A00%3A00%2B08%3A00',
    );
  });
});
