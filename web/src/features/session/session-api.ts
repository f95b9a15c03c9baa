import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export function fetchSession(signal?: AbortSignal) {
  return unwrap(api.GET('/api/session', { signal }));
}

/** Who is calling and what the server lets them do (`GET /api/session`). */
export type Session = Awaited<ReturnType<typeof fetchSession>>;
export type Actor = Session['actor'];
/** The server's permission names, as its OpenAPI document lists them. */
export type Permission = Session['permissions'][number];

export const ANONYMOUS_SESSION: Session = {
  actor: { kind: 'anonymous', id: null, displayName: '' },
  permissions: [],
};
