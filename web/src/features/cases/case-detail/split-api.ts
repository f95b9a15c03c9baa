import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';

/** Undoes a merge (拆分) through the domain's route, which also lets the other case go (`unlink-duplicate`). */
export function splitCase(id: string, reason: string, key: string) {
  return unwrap(
    api.POST('/api/cases/{id}/split', {
      params: { path: { id }, header: { 'idempotency-key': key } },
      body: { reason },
    }),
  );
}
