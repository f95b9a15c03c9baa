import { describe, expect, it } from 'vitest';
import { loginPath, safeNext } from './safe-next';

describe('where to go after signing in', () => {
  it('returns to a page inside the console, query included', () => {
    expect(safeNext('/admin/audit?outcome=failure')).toBe('/admin/audit?outcome=failure');
    expect(safeNext('/me')).toBe('/me');
  });

  it('falls back to the overview for anything that could leave the site or loop', () => {
    for (const next of [
      null,
      '',
      'admin',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      '/login',
      '/login?next=/x',
      '/a\nb',
    ])
      expect(safeNext(next)).toBe('/');
  });

  it('builds the login address that brings the user back', () => {
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('/admin/users?q=li')).toBe('/login?next=%2Fadmin%2Fusers%3Fq%3Dli');
  });
});
