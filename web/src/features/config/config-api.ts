import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

export function fetchConfigKeys(signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/config/keys', { signal }));
}

export function fetchConfigVersions(key: string, page: number, pageSize: number, signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/config/versions', { params: { query: { key, page, pageSize } }, signal }));
}

export function resolveConfig(key: string, division: string, at: string) {
  return unwrap(api.GET('/api/admin/config/resolve', { params: { query: { key, division, at } } }));
}

export type NewConfigVersion =
  paths['/api/admin/config/versions']['post']['requestBody']['content']['application/json'];

/** `idempotencyKey` makes a retried submission (lost answer, double click) create one version, not two. */
export function createConfigVersion(body: NewConfigVersion, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/admin/config/versions', {
      params: { header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export type ConfigKey = Awaited<ReturnType<typeof fetchConfigKeys>>['items'][number];
export type ConfigVersionsPage = Awaited<ReturnType<typeof fetchConfigVersions>>;
export type ConfigVersion = ConfigVersionsPage['items'][number];
export type ResolvedConfig = Awaited<ReturnType<typeof resolveConfig>>;
