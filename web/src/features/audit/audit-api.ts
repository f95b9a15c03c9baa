import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

export type AuditQuery = NonNullable<paths['/api/admin/audit']['get']['parameters']['query']>;
export type AuditFilterQuery = Omit<AuditQuery, 'page' | 'pageSize' | 'sort'>;
export type AuditOutcome = NonNullable<AuditQuery['outcome']>;

export function fetchAudit(query: AuditQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/audit', { params: { query }, signal }));
}
export type AuditPage = Awaited<ReturnType<typeof fetchAudit>>;
export type AuditRecord = AuditPage['items'][number];

/** Checks the hash chain of the whole trail on the server. */
export function verifyAudit() {
  return unwrap(api.POST('/api/admin/audit/verify', {}));
}
export type AuditVerification = Awaited<ReturnType<typeof verifyAudit>>;

/**
 * The CSV download of the same filters, for a plain link: the browser sends the session cookie and saves
 * the file under the name the server gives it. The export itself is recorded in the audit log.
 */
export function auditExportUrl(filters: AuditFilterQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, value);
  const query = params.toString();
  return `/api/admin/audit/export${query ? `?${query}` : ''}`;
}
