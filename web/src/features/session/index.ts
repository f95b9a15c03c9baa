export { type Actor, fetchSession, type Permission, type Session } from './session-api';
export { SessionProvider, type SessionState, useSession } from './session-context';
