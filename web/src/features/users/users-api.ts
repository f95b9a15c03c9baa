import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

export type UsersQuery = NonNullable<paths['/api/admin/users']['get']['parameters']['query']>;
export type NewUser = paths['/api/admin/users']['post']['requestBody']['content']['application/json'];
export type UserPatch = NonNullable<
  paths['/api/admin/users/{id}']['patch']['requestBody']
>['content']['application/json'];

export function fetchUsers(query: UsersQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/users', { params: { query }, signal }));
}
export type UsersPage = Awaited<ReturnType<typeof fetchUsers>>;
export type User = UsersPage['items'][number];

export function createUser(body: NewUser) {
  return unwrap(api.POST('/api/admin/users', { body }));
}
export type CreatedUser = Awaited<ReturnType<typeof createUser>>;

export function updateUser(id: string, body: UserPatch) {
  return unwrap(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body }));
}

/** A new one-time password, shown once; the user must change it at the next sign-in. */
export function resetUserPassword(id: string) {
  return unwrap(api.POST('/api/admin/users/{id}/reset-password', { params: { path: { id } } }));
}

export function unlockUser(id: string) {
  return unwrap(api.POST('/api/admin/users/{id}/unlock', { params: { path: { id } } }));
}
