import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { ApiError } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { ANONYMOUS_SESSION, fetchSession, type Permission, type Session } from './session-api';

export interface SessionState {
  session: Session;
  /** True until the first answer; menus that need permissions wait for it. */
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
  /** Whether the server granted `permission`. Only for hiding UI: the server checks again on every call. */
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery('session', fetchSession);
  const value = useMemo<SessionState>(() => {
    const session = query.data ?? ANONYMOUS_SESSION;
    const granted = new Set<Permission>(session.permissions);
    return {
      session,
      loading: query.loading && !query.data,
      error: query.error,
      reload: query.reload,
      can: (permission) => granted.has(permission),
    };
  }, [query.data, query.loading, query.error, query.reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be used inside <SessionProvider>');
  return state;
}
