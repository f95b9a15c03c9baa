import type { Messages } from '../types';

export const roles: Messages['roles'] = {
  title: 'Roles',
  subtitle: 'A role is a set of permissions; built-in roles ship with CivicGrid and local ones can be added',
  create: 'New role',
  createTitle: 'New role',
  editTitle: 'Edit role {name}',
  saved: 'Saved',
  name: 'Role',
  code: 'Code',
  codeHelp: '2–40 lower-case letters, digits, _ or -, starting with a letter; fixed once created',
  codeInvalid: 'A role code has 2–40 lower-case letters, digits, _ or - and starts with a letter',
  nameZh: 'Chinese name',
  nameEn: 'English name',
  kind: 'Kind',
  builtin: 'Built-in',
  custom: 'Custom',
  builtinHelp:
    'Built-in roles ship with CivicGrid and are refreshed at every start; they cannot be changed. Create a custom role instead.',
  permissions: 'Permissions',
};
