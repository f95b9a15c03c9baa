import type { Messages } from '../types';

export const menu: Messages['menu'] = {
  overview: 'Overview',
  jobs: 'Scheduled jobs',
  config: 'Configuration',
  apiDocs: 'API docs',
  navigation: 'Main navigation',
  people: 'People',
  gridsMap: 'Grid map',
  gridsImport: 'Grid import',
  gridsStaffing: 'Grid staffing',
  users: 'Users',
  roles: 'Roles',
  grants: 'Grants',
  orgUnits: 'Org units',
  audit: 'Audit log',
  workbench: 'My workbench',
  cases: 'Cases',
  caseReport: 'Report a problem',
  command: 'Command centre',
  calendar: 'Working calendar',
};
