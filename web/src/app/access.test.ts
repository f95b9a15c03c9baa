import { describe, expect, it } from 'vitest';
import { MENU, menuKeyFor, visibleMenu } from './access';

const keys = (permissions: string[]) => visibleMenu(permissions).map((e) => e.key);

describe('access map', () => {
  it('shows an anonymous visitor only the entries that need no permission', () => {
    expect(keys([])).toEqual(['overview', 'api-docs']);
  });

  it('shows scheduled jobs to a holder of system.jobs.read, not configuration', () => {
    expect(keys(['system.jobs.read'])).toEqual(['overview', 'jobs', 'api-docs']);
  });

  it('shows everything to an operator, in menu order', () => {
    expect(keys(['system.config.read', 'system.jobs.read', 'system.backup'])).toEqual(MENU.map((e) => e.key));
  });

  it('ignores permissions it does not know', () => {
    expect(keys(['cases.dispatch'])).toEqual(['overview', 'api-docs']);
  });

  it('selects the menu entry of the current location, including pages below it', () => {
    expect(menuKeyFor('/')).toBe('overview');
    expect(menuKeyFor('/admin/jobs')).toBe('jobs');
    expect(menuKeyFor('/admin/config/anything')).toBe('config');
    expect(menuKeyFor('/admin/jobsx')).toBeUndefined();
    expect(menuKeyFor('/docs')).toBeUndefined();
  });
});
