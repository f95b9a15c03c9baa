import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { type Actor, NO_SCOPE } from '../../platform/access.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import type { ActorResolver } from '../../plugins/access.plugin.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import { IdentityErrors } from './identity.policy.ts';
import {
  CreatedUser,
  Ended,
  LoginRequest,
  LoginResponse,
  Me,
  NewUser,
  PasswordChange,
  SessionList,
  TemporaryPassword,
  TotpCodeBody,
  TotpSetup,
  User,
  UserPatch,
  UsersQuery,
} from './identity.schemas.ts';
import type { AccountRow, IdentityService, Origin, UserSortField, UserView } from './identity.service.ts';

/** The session cookie: an opaque random token; the server keeps only its SHA-256. */
export const SESSION_COOKIE = 'cg_session';

/** What a session still waiting for its second factor may reach. */
const SECOND_FACTOR_ROUTES = new Set([
  '/api/auth/me',
  '/api/auth/logout',
  '/api/auth/totp/setup',
  '/api/auth/totp/enable',
  '/api/auth/totp/verify',
]);
/** What a session whose password must be changed first may reach. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password']);

function cookieToken(request: FastifyRequest): string | null {
  const fromPlugin = request.cookies?.[SESSION_COOKIE];
  if (fromPlugin !== undefined) return fromPlugin || null;
  const header = request.headers.cookie;
  if (!header || typeof request.server.parseCookie !== 'function') return null;
  return request.server.parseCookie(header)[SESSION_COOKIE] || null;
}

/**
 * The session `ActorResolver` (plugins/access.plugin.ts): cookie → session → actor. A session that still
 * owes a second factor or a password change reaches only the routes that settle that; on public routes
 * (the status page, /api/session) it is its user without any permission, elsewhere it is refused with the
 * reason, so the console can send the user to the right page.
 */
export function sessionResolver(identity: IdentityService): ActorResolver {
  return async (request) => {
    const token = cookieToken(request);
    if (!token) return null;
    const auth = await identity.authenticate(token, { ip: request.ip });
    if (!auth) return null;
    const pending = auth.secondFactorPending
      ? { routes: SECOND_FACTOR_ROUTES, error: IdentityErrors.SECOND_FACTOR_REQUIRED }
      : auth.account.mustChangePassword
        ? { routes: PASSWORD_CHANGE_ROUTES, error: IdentityErrors.PASSWORD_CHANGE_REQUIRED }
        : null;
    if (!pending) return auth.actor;
    const route = request.routeOptions.url ?? '';
    if (pending.routes.has(route)) return auth.actor;
    const access = request.routeOptions.config?.access;
    if (!access || 'public' in access) return powerless(auth.actor);
    throw pending.error();
  };
}

/** The user, known by name, with nothing they may do yet. */
function powerless(actor: Actor): Actor {
  return { ...actor, roles: [], permissions: new Set(), scope: NO_SCOPE };
}

function origin(request: FastifyRequest): Origin {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : null, requestId: String(request.id) };
}

export async function identityRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { identity, time } = ctx;
  const tags = ['auth'];
  const adminTags = ['users'];
  const format = (d: Date) => time.format(d);
  const formatOrNull = (d: Date | null) => (d ? time.format(d) : null);
  const summary = (a: AccountRow) => ({
    id: a.id,
    username: a.username,
    mustChangePassword: a.mustChangePassword,
    totpEnabled: a.totpEnabled,
  });
  const toUser = ({ account: a, displayName }: UserView) => ({
    id: a.id,
    username: a.username,
    personId: a.personId,
    displayName,
    status: a.status,
    orgUnitId: a.orgUnitId,
    ownerDivision: a.ownerDivision,
    mustChangePassword: a.mustChangePassword,
    totpEnabled: a.totpEnabled,
    failedAttempts: a.failedAttempts,
    lockedUntil: formatOrNull(a.lockedUntil),
    lastLoginAt: formatOrNull(a.lastLoginAt),
    passwordChangedAt: format(a.passwordChangedAt),
    createdAt: format(a.createdAt),
    updatedAt: format(a.updatedAt),
  });
  const cookieOptions = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Secure whenever the browser reached us over TLS (directly, or through a proxy with TRUST_PROXY).
    secure: request.protocol === 'https',
  });
  const clearSession = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request));

  // ---------------------------------------------------------------- signing in

  app.post('/api/auth/login', {
    config: { access: { public: true, why: 'signing in; rate limited per client, failures lock the account' } },
    schema: {
      tags,
      summary: 'Sign in with username and password; sets the session cookie cg_session',
      description:
        'Wrong username or password: 401 INVALID_CREDENTIALS (the same for both). After 5 failures in a row the account is locked for 15 minutes (423 ACCOUNT_LOCKED, security.lockout).',
      body: LoginRequest,
      response: { 200: LoginResponse },
    },
    handler: async (request, reply) => {
      const previous = cookieToken(request);
      const result = await identity.login({ ...request.body, ...origin(request) });
      // This browser's earlier session, if any, ends: one cookie, one session.
      if (previous) await identity.logout(previous, origin(request));
      reply.setCookie(SESSION_COOKIE, result.token, {
        ...cookieOptions(request),
        expires: result.session.absoluteExpiresAt,
      });
      reply.header('cache-control', 'no-store');
      return { account: summary(result.account), secondFactorRequired: result.secondFactorRequired };
    },
  });

  app.post('/api/auth/logout', {
    config: { access: { public: true, why: 'signing out needs no valid session: an expired cookie is cleared too' } },
    schema: {
      tags,
      summary: 'Sign out: ends this session on the server and clears the cookie',
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const token = cookieToken(request);
      if (token) await identity.logout(token, origin(request));
      clearSession(request, reply);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'The signed-in user: person, account, roles, permissions and data scope',
      response: { 200: Me },
    },
    handler: async (request, reply) => {
      const me = await identity.me(request.actor);
      reply.header('cache-control', 'no-store');
      return {
        person: me.person,
        account: summary(me.account),
        roles: me.roles,
        permissions: [...me.actor.permissions].sort(),
        scopes: {
          divisions: [...me.actor.scope.divisions],
          grids: [...me.actor.scope.grids],
          orgUnits: [...me.actor.scope.orgUnits],
        },
        demo: ctx.settings.demo,
        secondFactorRequired: me.secondFactorRequired,
      };
    },
  });

  // ---------------------------------------------------------------- my sessions

  app.get('/api/auth/sessions', {
    config: { access: { authenticated: true } },
    schema: { tags, summary: 'My sessions that are still open, newest first', response: { 200: SessionList } },
    handler: async (request) => {
      const items = await identity.sessions(request.actor);
      return {
        items: items.map((s) => ({
          id: s.id,
          createdAt: format(s.createdAt),
          lastSeenAt: format(s.lastSeenAt),
          ip: s.ip,
          userAgent: s.userAgent,
          current: s.id === request.actor.sessionId,
        })),
      };
    },
  });

  app.delete('/api/auth/sessions/:id', {
    config: { access: { authenticated: true } },
    schema: { tags, summary: 'End one of my sessions', params: IdParams, response: { 204: Type.Null() } },
    handler: async (request, reply) => {
      await identity.endSession(request.actor, request.params.id, origin(request));
      if (request.params.id === request.actor.sessionId) clearSession(request, reply);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/sessions/end-others', {
    config: { access: { authenticated: true } },
    schema: { tags, summary: 'Sign out everywhere else: end all my sessions but this one', response: { 200: Ended } },
    handler: async (request) => ({ ended: await identity.endOtherSessions(request.actor, origin(request)) }),
  });

  // ---------------------------------------------------------------- password and second factor

  app.post('/api/auth/password', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Change my password (ends my other sessions)',
      body: PasswordChange,
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await identity.changePassword(request.actor, request.body, origin(request));
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/totp/setup', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Make a new authenticator secret (confirm it with enable)',
      response: { 200: TotpSetup },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return identity.setupTotp(request.actor, origin(request));
    },
  });

  app.post('/api/auth/totp/enable', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Turn on two-factor sign-in with a code from the new secret',
      body: TotpCodeBody,
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await identity.enableTotp(request.actor, request.body.code, origin(request));
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/totp/verify', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Second step of signing in: the code from the authenticator app',
      body: TotpCodeBody,
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await identity.verifyTotp(request.actor, request.body.code, origin(request));
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/totp/disable', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Turn off two-factor sign-in (not for the three administrators)',
      body: TotpCodeBody,
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await identity.disableTotp(request.actor, request.body.code, origin(request));
      return reply.status(204).send(null);
    },
  });

  // ---------------------------------------------------------------- users (system administrator)

  app.get('/api/admin/users', {
    config: { access: { permission: 'identity.users.read' } },
    schema: {
      tags: adminTags,
      summary: 'Accounts in your data scope',
      querystring: UsersQuery,
      response: { 200: Page(User) },
    },
    handler: async (request) => {
      const { q, status, orgUnitId, division } = request.query;
      const page = await identity.listUsers(request.actor, pageRequest<UserSortField>(request.query, 'username'), {
        q,
        status,
        orgUnitId,
        division,
      });
      return { ...page, items: page.items.map(toUser) };
    },
  });

  app.post('/api/admin/users', {
    config: { access: { permission: 'identity.users.manage' }, idempotent: true },
    schema: {
      tags: adminTags,
      summary: 'Create a person and their account (roles are granted by the security administrator)',
      description:
        'Without a password a temporary one is made and returned once. A retry replayed through Idempotency-Key answers temporaryPassword: null (the password is never stored): reset it instead.',
      headers: IdempotencyHeaders,
      body: NewUser,
      response: { 201: CreatedUser },
    },
    handler: async (request, reply) => {
      let temporaryPassword: string | null = null;
      const body = await withIdempotency(ctx.idempotency, request, reply, async (tx) => {
        const created = await identity.createUser(request.actor, request.body, tx);
        temporaryPassword = created.temporaryPassword;
        // What is stored for a replay leaves the one-time password out.
        const user = toUser({ account: created.account, displayName: created.person.displayName });
        return { status: 201, body: { ...user, temporaryPassword: null as string | null } };
      });
      reply.header('cache-control', 'no-store');
      return { ...body, temporaryPassword };
    },
  });

  app.get('/api/admin/users/:id', {
    config: { access: { permission: 'identity.users.read' } },
    schema: { tags: adminTags, summary: 'One account', params: IdParams, response: { 200: User } },
    handler: async (request) => toUser(await identity.getUser(request.actor, request.params.id)),
  });

  app.patch('/api/admin/users/:id', {
    config: { access: { permission: 'identity.users.manage' } },
    schema: {
      tags: adminTags,
      summary: "Rename the person, change the account's org unit, disable or re-enable it",
      params: IdParams,
      body: UserPatch,
      response: { 200: User },
    },
    handler: async (request) =>
      toUser(await identity.updateUser(request.actor, request.params.id, request.body, origin(request))),
  });

  app.post('/api/admin/users/:id/reset-password', {
    config: { access: { permission: 'identity.users.manage' } },
    schema: {
      tags: adminTags,
      summary: 'Set a temporary password (shown once; to be changed at the next sign-in) and end every session',
      params: IdParams,
      response: { 200: TemporaryPassword },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return identity.resetPassword(request.actor, request.params.id, origin(request));
    },
  });

  app.post('/api/admin/users/:id/unlock', {
    config: { access: { permission: 'identity.users.manage' } },
    schema: {
      tags: adminTags,
      summary: 'Lift a lock after failed sign-ins',
      params: IdParams,
      response: { 200: User },
    },
    handler: async (request) => toUser(await identity.unlockUser(request.actor, request.params.id, origin(request))),
  });
}
