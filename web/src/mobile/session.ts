import { useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import { forgetCache } from './offline/cache';

async function fetchMe() {
  return unwrap(api.GET('/api/auth/me'));
}
export type Me = Awaited<ReturnType<typeof fetchMe>>;

/**
 * signed-in: the server knows the session; offline: the last user, the server not reached (the app works, the
 * outbox waits); expired: the server said the session ended — the app keeps working with the last user and asks
 * to sign in again; signed-out: nobody.
 */
export type SessionStatus = 'checking' | 'signed-in' | 'offline' | 'expired' | 'signed-out';

export interface SessionState {
  user: Me | null;
  status: SessionStatus;
}

/** The last user, so the app opens without a connection; shared with the browser tests. */
export const USER_STORAGE_KEY = 'civicgrid.m.user';

function readStored(): Me | null {
  try {
    const raw = globalThis.localStorage?.getItem(USER_STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

function store(user: Me | null): void {
  try {
    if (user) localStorage.setItem(USER_STORAGE_KEY, JSON.stringify(user));
    else localStorage.removeItem(USER_STORAGE_KEY);
  } catch {
    // Not remembered: the next start without a connection asks to sign in.
  }
}

const initialUser = readStored();
let state: SessionState = { user: initialUser, status: initialUser ? 'checking' : 'signed-out' };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const l of listeners) l();
}

export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** Asks the server who is signed in; without an answer the last user stays, marked offline. */
export async function refreshSession(): Promise<SessionState> {
  try {
    const user = await fetchMe();
    store(user);
    set({ user, status: 'signed-in' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401)
      set({ user: state.user, status: state.user ? 'expired' : 'signed-out' });
    else set({ user: state.user, status: state.user ? 'offline' : 'signed-out' });
  }
  return state;
}

/** The outbox heard 401: the session ended while the app was open. */
export function sessionExpired(): void {
  if (state.user && state.status !== 'expired') set({ user: state.user, status: 'expired' });
}

export type SignInResult = { ok: true; user: Me } | { ok: false; secondFactor: 'verify' | 'setup' };

export async function signIn(username: string, password: string, totp?: string): Promise<SignInResult> {
  const result = await unwrap(api.POST('/api/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } }));
  if (result.secondFactorRequired) return { ok: false, secondFactor: result.account.totpEnabled ? 'verify' : 'setup' };
  const user = await fetchMe();
  store(user);
  set({ user, status: 'signed-in' });
  return { ok: true, user };
}

/** The second step of signing in: the code from the authenticator app. */
export async function verifySecondFactor(code: string): Promise<Me> {
  await unwrap(api.POST('/api/auth/totp/verify', { body: { code } }));
  const user = await fetchMe();
  store(user);
  set({ user, status: 'signed-in' });
  return user;
}

/**
 * Ends the session and forgets what was read for the user; what waits in the outbox stays on the device for their
 * next sign-in.
 */
export async function signOut(): Promise<void> {
  await unwrap(api.POST('/api/auth/logout')).catch(() => undefined);
  if (state.user) await forgetCache(state.user.account.id).catch(() => undefined);
  store(null);
  set({ user: null, status: 'signed-out' });
}
