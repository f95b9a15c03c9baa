import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../session';
import { type WatchOptions, watchNotifications } from './live';
import { fetchUnreadCount } from './notifications-api';

export interface NotificationsState {
  /** Whether the caller has an inbox: a signed-in user (the operator has none), past any forced password change. */
  enabled: boolean;
  /** Unread notifications; null until known (or when there is no inbox). */
  unread: number | null;
  /** Asks the server for the count again (after marking something read). */
  refresh: () => void;
  /** Goes up whenever the count was asked for again, so open lists can reload with it. */
  generation: number;
}

const NotificationsContext = createContext<NotificationsState | null>(null);

/**
 * The signed-in user's unread count, for the header's bell and the notifications page: loaded at sign-in,
 * kept fresh by the event stream (or polling), dropped at sign-out, when the stream is closed too.
 */
export function NotificationsProvider({ children, watch }: { children: ReactNode; watch?: WatchOptions }) {
  const { session, me, signedIn } = useSession();
  const enabled = signedIn && session.actor.kind === 'user' && !me?.account.mustChangePassword;
  const account = enabled ? (session.actor.id ?? '') : null;
  const [state, setState] = useState<{ account: string | null; unread: number | null; generation: number }>({
    account: null,
    unread: null,
    generation: 0,
  });
  const current = useRef(account);
  current.current = account;
  const watchRef = useRef(watch);

  const refresh = useCallback(() => {
    const asked = current.current;
    if (asked === null) return;
    fetchUnreadCount().then(
      (unread) => {
        // An answer for someone who has signed out since is dropped.
        if (current.current === asked) setState((s) => ({ account: asked, unread, generation: s.generation + 1 }));
      },
      () => {
        // The badge keeps its last number; the next event or poll asks again.
      },
    );
  }, []);

  useEffect(() => {
    setState((s) => ({ account, unread: null, generation: s.generation + 1 }));
    if (account === null) return;
    refresh();
    return watchNotifications(refresh, watchRef.current);
  }, [account, refresh]);

  const value = useMemo<NotificationsState>(
    () => ({
      enabled,
      unread: enabled && state.account === account ? state.unread : null,
      refresh,
      generation: state.generation,
    }),
    [enabled, account, state, refresh],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsState {
  const state = useContext(NotificationsContext);
  if (!state) throw new Error('useNotifications must be used inside <NotificationsProvider>');
  return state;
}
