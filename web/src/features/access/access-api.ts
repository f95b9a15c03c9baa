import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

/** Every permission the server knows, with its name in both languages. */
export function fetchPermissions(signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/permissions', { signal }));
}
export type PermissionInfo = Awaited<ReturnType<typeof fetchPermissions>>['items'][number];

export function fetchRoles(signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/roles', { params: { query: { pageSize: 200 } }, signal }));
}
export type Role = Awaited<ReturnType<typeof fetchRoles>>['items'][number];

export type NewRole = paths['/api/admin/roles']['post']['requestBody']['content']['application/json'];
export type RolePatch = NonNullable<
  paths['/api/admin/roles/{code}']['patch']['requestBody']
>['content']['application/json'];

export function createRole(body: NewRole) {
  return unwrap(api.POST('/api/admin/roles', { body }));
}

export function updateRole(code: string, body: RolePatch) {
  return unwrap(api.PATCH('/api/admin/roles/{code}', { params: { path: { code } }, body }));
}

export function fetchGrants(accountId: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/grants', { params: { query: { accountId, pageSize: 200 } }, signal }));
}
export type Grant = Awaited<ReturnType<typeof fetchGrants>>['items'][number];
export type ScopeKind = Grant['scopeKind'];

export type NewGrant = paths['/api/admin/grants']['post']['requestBody']['content']['application/json'];

export function createGrant(body: NewGrant) {
  return unwrap(api.POST('/api/admin/grants', { body }));
}

export function revokeGrant(id: string) {
  return unwrap(api.POST('/api/admin/grants/{id}/revoke', { params: { path: { id } } }));
}
