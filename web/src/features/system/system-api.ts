import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export function fetchSystemStatus(signal?: AbortSignal) {
  return unwrap(api.GET('/api/system/status', { signal }));
}

/** Installation facts (`GET /api/system/status`). */
export type SystemStatus = Awaited<ReturnType<typeof fetchSystemStatus>>;
