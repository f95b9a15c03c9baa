import { describe, expect, it } from 'vitest';
import { MENU, menuKeyFor, visibleMenu } from './access';

/** What a signed-in caller with these permissions sees. */
const keys = (permissions: string[]) => visibleMenu(permissions, { signedIn: true }).map((e) => e.key);

/** The built-in roles' permissions (docs/contracts/identity-access.md). */
const ROLE_PERMISSIONS = {
  sysadmin: [
    'identity.users.read',
    'identity.users.manage',
    'org.units.read',
    'org.units.manage',
    'system.status.read',
    'system.jobs.read',
    'system.jobs.manage',
    'system.config.read',
    'system.config.write',
    'system.backup',
    'access.roles.read',
    'regions.manage',
    'grids.read',
    'cases.manage',
    'calendar.manage',
  ],
  secadmin: [
    'access.roles.read',
    'access.roles.manage',
    'access.grants.read',
    'access.grants.manage',
    'identity.users.read',
    'org.units.read',
  ],
  auditor: ['audit.read'],
  gridworker: ['people.read', 'people.manage', 'files.read', 'files.upload'],
  acceptor: ['people.read', 'people.manage', 'personal-data.unmask', 'files.read', 'files.upload'],
  resident: ['files.upload'],
};

describe('access map', () => {
  it('shows an anonymous visitor only the entries that need no permission', () => {
    expect(visibleMenu([]).map((e) => e.key)).toEqual(['overview', 'api-docs']);
    expect(visibleMenu([], { signedIn: false }).map((e) => e.key)).not.toContain('calendar');
  });

  it('shows the working calendar to everyone signed in, whatever their roles', () => {
    expect(keys([])).toEqual(['overview', 'calendar', 'api-docs']);
    expect(keys(['audit.read'])).toContain('calendar');
    expect(keys(['calendar.manage'])).toEqual(['overview', 'calendar', 'api-docs']);
    expect(menuKeyFor('/calendar')).toBe('calendar');
    expect(menuKeyFor('/notifications')).toBeUndefined();
  });

  it('shows the command centre to the readers of the indicators', () => {
    expect(keys(['indicators.read'])).toContain('command');
    expect(keys(['cases.read'])).not.toContain('command');
    expect(menuKeyFor('/command')).toBe('command');
  });

  it('shows scheduled jobs to a holder of system.jobs.read, not configuration', () => {
    expect(keys(['system.jobs.read'])).toEqual(['overview', 'jobs', 'calendar', 'api-docs']);
  });

  it('shows everything to the operator (every permission), in menu order', () => {
    const all = MENU.flatMap((e) => (e.permission ? [e.permission] : []));
    expect(keys(all)).toEqual(MENU.map((e) => e.key));
    expect(keys(all)).toEqual([
      'overview',
      'command',
      'workbench',
      'cases',
      'case-report',
      'people',
      'grids',
      'grids-import',
      'grids-staffing',
      'users',
      'roles',
      'grants',
      'org-units',
      'audit',
      'jobs',
      'config',
      'calendar',
      'api-docs',
    ]);
  });

  it('gives each administrator of 三员分立 their own entries and nothing of the others', () => {
    expect(keys(ROLE_PERMISSIONS.sysadmin)).toEqual([
      'overview',
      'grids',
      'users',
      'roles',
      'org-units',
      'jobs',
      'config',
      'calendar',
      'api-docs',
    ]);
    expect(keys(ROLE_PERMISSIONS.secadmin)).toEqual([
      'overview',
      'users',
      'roles',
      'grants',
      'org-units',
      'calendar',
      'api-docs',
    ]);
    expect(keys(ROLE_PERMISSIONS.auditor)).toEqual(['overview', 'audit', 'calendar', 'api-docs']);
  });

  it('shows the audit log only with audit.read: not to the system administrator', () => {
    expect(keys(ROLE_PERMISSIONS.sysadmin)).not.toContain('audit');
    expect(keys(ROLE_PERMISSIONS.secadmin)).not.toContain('audit');
    expect(keys(['audit.read'])).toContain('audit');
  });

  it('shows field roles the people register and no administration', () => {
    expect(keys(ROLE_PERMISSIONS.gridworker)).toEqual(['overview', 'people', 'calendar', 'api-docs']);
    expect(keys(ROLE_PERMISSIONS.acceptor)).toEqual(['overview', 'people', 'calendar', 'api-docs']);
    expect(keys(ROLE_PERMISSIONS.resident)).toEqual(['overview', 'calendar', 'api-docs']);
  });

  it('needs the read permission of each page, not its manage permission', () => {
    expect(keys(['identity.users.manage', 'access.grants.manage', 'org.units.manage', 'people.manage'])).toEqual([
      'overview',
      'calendar',
      'api-docs',
    ]);
    expect(keys(['access.grants.read'])).toEqual(['overview', 'grants', 'calendar', 'api-docs']);
    expect(keys(['org.units.read'])).toEqual(['overview', 'org-units', 'calendar', 'api-docs']);
  });

  it('shows the grid map with grids.read, import and staffing only to those who manage them', () => {
    expect(keys(['grids.read'])).toEqual(['overview', 'grids', 'calendar', 'api-docs']);
    expect(keys(['grids.read', 'grids.manage', 'grids.staffing.manage'])).toEqual([
      'overview',
      'grids',
      'grids-import',
      'grids-staffing',
      'calendar',
      'api-docs',
    ]);
    expect(menuKeyFor('/grids')).toBe('grids');
    expect(menuKeyFor('/grids/import')).toBe('grids-import');
    expect(menuKeyFor('/grids/staffing')).toBe('grids-staffing');
  });

  it('ignores permissions it does not know', () => {
    expect(keys(['cases.dispatch'])).toEqual(['overview', 'calendar', 'api-docs']);
  });

  it('selects the menu entry of the current location, including pages below it', () => {
    expect(menuKeyFor('/')).toBe('overview');
    expect(menuKeyFor('/admin/jobs')).toBe('jobs');
    expect(menuKeyFor('/admin/config/anything')).toBe('config');
    expect(menuKeyFor('/admin/users')).toBe('users');
    expect(menuKeyFor('/admin/org-units')).toBe('org-units');
    expect(menuKeyFor('/admin/audit')).toBe('audit');
    expect(menuKeyFor('/people')).toBe('people');
    expect(menuKeyFor('/admin/jobsx')).toBeUndefined();
    expect(menuKeyFor('/admin/usersx')).toBeUndefined();
    expect(menuKeyFor('/me')).toBeUndefined();
    expect(menuKeyFor('/docs')).toBeUndefined();
  });
});
