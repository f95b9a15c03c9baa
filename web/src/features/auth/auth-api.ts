import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

export type LoginRequest = paths['/api/auth/login']['post']['requestBody']['content']['application/json'];

/** Sets the session cookie; `secondFactorRequired` means the session counts only after `verifyTotp`. */
export function login(body: LoginRequest) {
  return unwrap(api.POST('/api/auth/login', { body }));
}
export type LoginResult = Awaited<ReturnType<typeof login>>;

/** The second step of a login for an account with TOTP enabled. */
export function verifyTotp(code: string) {
  return unwrap(api.POST('/api/auth/totp/verify', { body: { code } }));
}

export function fetchMySessions(signal?: AbortSignal) {
  return unwrap(api.GET('/api/auth/sessions', { signal }));
}
export type MySession = Awaited<ReturnType<typeof fetchMySessions>>['items'][number];

export function endSession(id: string) {
  return unwrap(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } }));
}

export function endOtherSessions() {
  return unwrap(api.POST('/api/auth/sessions/end-others', {}));
}

export function changePassword(currentPassword: string, newPassword: string) {
  return unwrap(api.POST('/api/auth/password', { body: { currentPassword, newPassword } }));
}

/** A new secret for this account (not active until `enableTotp` proves the authenticator has it). */
export function setupTotp() {
  return unwrap(api.POST('/api/auth/totp/setup', {}));
}
export type TotpSetup = Awaited<ReturnType<typeof setupTotp>>;

export function enableTotp(code: string) {
  return unwrap(api.POST('/api/auth/totp/enable', { body: { code } }));
}

export function disableTotp(code: string) {
  return unwrap(api.POST('/api/auth/totp/disable', { body: { code } }));
}
