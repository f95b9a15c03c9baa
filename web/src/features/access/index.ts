export {
  createGrant,
  createRole,
  fetchGrants,
  fetchPermissions,
  fetchRoles,
  type Grant,
  type NewGrant,
  type NewRole,
  type PermissionInfo,
  type Role,
  type RolePatch,
  revokeGrant,
  type ScopeKind,
  updateRole,
} from './access-api';
export { GrantFormModal, type GrantFormModalProps, scopeValuesOf } from './grant-form-modal';
export { GrantsTable, type GrantsTableProps } from './grants-table';
export { groupPermissions, localName, scopeKindLabel } from './names';
export { RoleFormModal, type RoleFormModalProps } from './role-form-modal';
export { RolesTable, type RolesTableProps } from './roles-table';
