import { describe, expect, it } from 'vitest';
import { scopeValuesOf } from './grant-form-modal';
import { groupPermissions, localName } from './names';

describe('grant scopes', () => {
  it('sends one division code, or the empty code for the whole installation', () => {
    const base = { division: ' 140403 ', grids: [], orgUnit: null };
    expect(scopeValuesOf({ ...base, scopeKind: 'division' })).toEqual(['140403']);
    expect(scopeValuesOf({ ...base, scopeKind: 'division', everywhere: true })).toEqual(['']);
  });

  it('sends the grid codes or the one org unit', () => {
    const base = { division: '', orgUnit: 'u1' };
    expect(scopeValuesOf({ ...base, scopeKind: 'grids', grids: ['140403001001001 ', '140403001001002'] })).toEqual([
      '140403001001001',
      '140403001001002',
    ]);
    expect(scopeValuesOf({ ...base, scopeKind: 'org_unit', grids: [] })).toEqual(['u1']);
  });
});

describe('role and permission names', () => {
  it('uses the name in the user’s language, the code when it has none', () => {
    const role = { code: 'auditor', nameZh: '审计管理员', nameEn: 'Audit administrator' };
    expect(localName(role, 'zh-CN')).toBe('审计管理员');
    expect(localName(role, 'en-US')).toBe('Audit administrator');
    expect(localName({ ...role, nameEn: '' }, 'en-US')).toBe('auditor');
  });

  it('groups permissions by domain in the server’s order', () => {
    const groups = groupPermissions([
      { code: 'system.jobs.read' },
      { code: 'audit.read' },
      { code: 'system.backup' },
    ]).map(([domain, list]) => [domain, list.map((p) => p.code)]);
    expect(groups).toEqual([
      ['system', ['system.jobs.read', 'system.backup']],
      ['audit', ['audit.read']],
    ]);
  });
});
