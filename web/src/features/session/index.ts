export { DemoBanner } from './demo-banner';
export { loginPath, safeNext } from './safe-next';
export {
  type Actor,
  ANONYMOUS_SESSION,
  fetchMe,
  fetchSession,
  fetchSignedIn,
  logout,
  type Me,
  type Permission,
  type Session,
  type SignedIn,
} from './session-api';
export { SessionProvider, type SessionState, useSession } from './session-context';
