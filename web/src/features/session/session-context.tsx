import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, isAbortError } from '../../api/errors';
import { ANONYMOUS_SESSION, fetchSignedIn, type Me, type Permission, type Session, type SignedIn } from './session-api';

export interface SessionState {
  session: Session;
  /** The signed-in user's profile (`/api/auth/me`); null for the operator and anonymous callers. */
  me: Me | null;
  /** True until the first answer; menus and guards that need permissions wait for it. */
  loading: boolean;
  /**
   * A user or the operator: someone the server knows. A user who still owes the second factor is not (the
   * login page finishes that); one who must change the password is, and is held on that page.
   */
  signedIn: boolean;
  /** Signed in with the password, the second factor still to give (or to set up). */
  secondFactorPending: boolean;
  error: ApiError | undefined;
  /** Asks the server again in the background (after a profile change). */
  reload: () => void;
  /** Asks the server again and resolves once the new state is in place (after signing in or out). */
  refresh: () => Promise<SignedIn>;
  /** Whether the server granted `permission`. Only for hiding UI: the server checks again on every call. */
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);

interface Loaded {
  data?: SignedIn;
  error?: ApiError;
  loading: boolean;
}

const toApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)));

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Loaded>({ loading: true });

  useEffect(() => {
    const controller = new AbortController();
    fetchSignedIn(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setState({ error: toApiError(error), loading: false });
      },
    );
    return () => controller.abort();
  }, []);

  const refresh = useCallback(async () => {
    try {
      const data = await fetchSignedIn();
      setState({ data, loading: false });
      return data;
    } catch (error) {
      setState((s) => ({ data: s.data, error: toApiError(error), loading: false }));
      throw error;
    }
  }, []);
  const reload = useCallback(() => {
    refresh().catch(() => {
      // Kept in `error`; the previous state stays on screen.
    });
  }, [refresh]);

  const value = useMemo<SessionState>(() => {
    const session = state.data?.session ?? ANONYMOUS_SESSION;
    const me = state.data?.me ?? null;
    const granted = new Set<Permission>(session.permissions);
    const secondFactorPending = me?.secondFactorRequired ?? false;
    return {
      session,
      me,
      loading: state.loading && !state.data,
      signedIn: session.actor.kind !== 'anonymous' && !secondFactorPending,
      secondFactorPending,
      error: state.error,
      reload,
      refresh,
      can: (permission) => granted.has(permission),
    };
  }, [state, reload, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be used inside <SessionProvider>');
  return state;
}
