import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export function fetchJobs(page: number, pageSize: number, signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/jobs', { params: { query: { page, pageSize } }, signal }));
}

export type JobsPage = Awaited<ReturnType<typeof fetchJobs>>;
export type Job = JobsPage['items'][number];
export type JobAction = 'run-now' | 'pause' | 'resume';

export function runJobAction(id: string, action: JobAction) {
  const params = { path: { id } };
  switch (action) {
    case 'run-now':
      return unwrap(api.POST('/api/admin/jobs/{id}/run-now', { params }));
    case 'pause':
      return unwrap(api.POST('/api/admin/jobs/{id}/pause', { params }));
    case 'resume':
      return unwrap(api.POST('/api/admin/jobs/{id}/resume', { params }));
  }
}
