import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';

export function fetchSession(signal?: AbortSignal) {
  return unwrap(api.GET('/api/session', { signal }));
}

/** The signed-in user: person, account, roles, permissions, data scope and whether this is a demo installation. */
export function fetchMe(signal?: AbortSignal) {
  return unwrap(api.GET('/api/auth/me', { signal }));
}

/** Ends the session of this browser (the cookie is cleared by the server). */
export function logout() {
  return unwrap(api.POST('/api/auth/logout', {}));
}

/** Who is calling and what the server lets them do (`GET /api/session`). */
export type Session = Awaited<ReturnType<typeof fetchSession>>;
export type Actor = Session['actor'];
/** The server's permission names, as its OpenAPI document lists them. */
export type Permission = Session['permissions'][number];
/** `GET /api/auth/me`. */
export type Me = Awaited<ReturnType<typeof fetchMe>>;

export const ANONYMOUS_SESSION: Session = {
  actor: { kind: 'anonymous', id: null, displayName: '' },
  permissions: [],
};

export interface SignedIn {
  session: Session;
  /** Only for users (cookie sessions); null for the operator token and anonymous callers. */
  me: Me | null;
}

/**
 * The caller, and for a signed-in user their profile. `/api/session` stays the menu's source; `/api/auth/me`
 * adds the person, the forced password change and the demo flag. A failing `/me` (an old server, a session
 * ended between the two calls) leaves the user without a profile rather than failing the whole console.
 */
export async function fetchSignedIn(signal?: AbortSignal): Promise<SignedIn> {
  const session = await fetchSession(signal);
  if (session.actor.kind !== 'user') return { session, me: null };
  try {
    return { session, me: await fetchMe(signal) };
  } catch (error) {
    if (error instanceof ApiError) return { session, me: null };
    throw error;
  }
}
