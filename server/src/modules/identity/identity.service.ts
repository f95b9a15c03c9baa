import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import { pgErrorCode } from '../../db/errors.ts';
import { type Actor, operatorActor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { normalizeDivisionCode } from '../../platform/divisions.ts';
import { type AppError, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { PersonalDataError, type PersonalDataProtector } from '../../platform/personal-data/index.ts';
import type { AccessService } from '../access/access.service.ts';
import type { AuditActor, AuditEntry, AuditService } from '../audit/audit.service.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { PeopleService, PersonView } from '../people/people.service.ts';
import {
  burnVerification,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  type PasswordRule,
  passwordProblems,
  temporaryPassword,
  verifyPassword,
} from './identity.password.ts';
import { ADMIN_ROLES, IdentityErrors, identityPolicy } from './identity.policy.ts';
import { LockoutPolicy, PasswordPolicy, SessionPolicy } from './identity.registry.ts';
import {
  type AccountRow,
  identityRepo,
  type SessionRow,
  type UserFilter,
  type UserSortField,
} from './identity.repo.ts';
import type { AccountStatus } from './identity.tables.ts';
import { matchTotp, newTotpSecret, otpauthUrl } from './identity.totp.ts';

export type { AccountRow, SessionRow, UserSortField } from './identity.repo.ts';
export type { AccountStatus } from './identity.tables.ts';

export interface IdentityDeps {
  db: Db;
  time: BusinessTime;
  config: ConfigService;
  audit: AuditService;
  people: Pick<PeopleService, 'create' | 'get' | 'update' | 'profiles'>;
  access: Pick<AccessService, 'actorFor' | 'roles'>;
  personalData: PersonalDataProtector;
  /** Demo installation: administrators may sign in without a second factor. */
  demo: boolean;
  log: Logger;
}

/** Where a request came from, for sessions and the audit record. */
export interface Origin {
  ip: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface LoginInput extends Origin {
  username: string;
  password: string;
  /** The authenticator code, for accounts with a second factor (may also come later: `verifyTotp`). */
  totp?: string;
}

export interface LoginResult {
  /** The cookie value; only its SHA-256 is stored. */
  token: string;
  session: SessionRow;
  account: AccountRow;
  /** The session is usable only for the second factor (and /me) until a code is given or set up. */
  secondFactorRequired: boolean;
}

/** A session that opened: who, through which session, and what they still have to do first. */
export interface Authenticated {
  actor: Actor;
  account: AccountRow;
  session: SessionRow;
  /** A second factor is required and not given yet (or not even set up: `account.totpEnabled`). */
  secondFactorPending: boolean;
}

export interface NewUser {
  username: string;
  /** Omitted: a temporary password is made (returned once) and must be changed at first sign-in. */
  password?: string;
  displayName: string;
  ownerDivision: string;
  orgUnitId?: string | null;
  phone?: string;
  idCard?: string;
  /** Default true: whoever set the password is not the person who will use it. */
  mustChangePassword?: boolean;
}

export interface UserPatch {
  displayName?: string;
  status?: AccountStatus;
  orgUnitId?: string | null;
}

export interface UserView {
  account: AccountRow;
  displayName: string;
}

export interface Me {
  person: { id: string; displayName: string };
  account: AccountRow;
  roles: { code: string; nameZh: string; nameEn: string }[];
  actor: Actor;
  secondFactorRequired: boolean;
}

/** A cookie token: 32 random bytes. */
const TOKEN_BYTES = 32;
/** last_seen and the idle expiry are written at most this often per session (not on every request). */
const TOUCH_INTERVAL_MS = 60_000;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const ANONYMOUS_AUDIT: AuditActor = { kind: 'anonymous', id: null, displayName: 'anonymous' };

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What people type at the sign-in page, as stored: trimmed, NFKC (full-width letters), lower case. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

type PasswordRules = { minLength: number; requireClasses: number };
const PASSWORD_ERRORS: Record<PasswordRule, (p: PasswordRules, details: unknown) => AppError> = {
  'too-short': (p, d) => IdentityErrors.PASSWORD_TOO_SHORT({ minLength: p.minLength }, d),
  'too-long': (_p, d) => IdentityErrors.PASSWORD_TOO_LONG({ maxLength: PASSWORD_MAX_LENGTH }, d),
  'too-simple': (p, d) => IdentityErrors.PASSWORD_TOO_SIMPLE({ requireClasses: p.requireClasses }, d),
  'contains-username': (_p, d) => IdentityErrors.PASSWORD_CONTAINS_USERNAME({}, d),
  'too-common': (_p, d) => IdentityErrors.PASSWORD_TOO_COMMON({}, d),
};

/**
 * Accounts (logins), sessions, passwords, the second factor and lockout.
 *
 * A person (modules/people) is separate from an account: one person, one record, whatever roles they
 * play; an account belongs to exactly one person. Passwords are argon2id hashes; a session is a random
 * cookie token of which only the SHA-256 is stored, with an idle and an absolute expiry and server-side
 * revocation. Failed sign-ins are counted per account and lock it for a while (default 5 → 15 minutes);
 * every success, failure and lock goes on the audit record, in the transaction that counts it.
 *
 * The three administrators (sysadmin, secadmin, auditor) must use a TOTP second factor outside demo
 * mode: until they give (or set up) one, their session opens only the second-factor routes and /me.
 */
export class IdentityService {
  constructor(private readonly deps: IdentityDeps) {}

  // ------------------------------------------------------------------ sign-in and sessions

  async login(input: LoginInput): Promise<LoginResult> {
    const { db, time } = this.deps;
    const username = normalizeUsername(input.username);
    const account = USERNAME.test(username) ? await identityRepo.findByUsername(db, username) : null;
    const now = time.now();
    if (!account) {
      // As slow as a wrong password, and the same answer: which usernames exist is not for strangers to learn.
      await burnVerification(input.password);
      // The typed name is not recorded: people type their password into the username field.
      await this.deps.audit.record(this.#loginAudit(input, null, 'auth.login.failed', { reason: 'unknown-user' }));
      throw IdentityErrors.INVALID_CREDENTIALS();
    }
    if (account.lockedUntil && account.lockedUntil > now) {
      // While locked the password is not even checked, so guessing cannot go on.
      await this.deps.audit.record(
        this.#loginAudit(input, account, 'auth.login.failed', {
          reason: 'locked',
          lockedUntil: account.lockedUntil.toISOString(),
        }),
      );
      throw this.#locked(account.lockedUntil);
    }
    if (!(await verifyPassword(account.passwordHash, input.password))) {
      throw await this.#failure(account, input, 'wrong-password');
    }
    if (account.status !== 'active') {
      await this.deps.audit.record(this.#loginAudit(input, account, 'auth.login.failed', { reason: 'disabled' }));
      throw IdentityErrors.ACCOUNT_DISABLED();
    }

    const person = await this.#person(account.personId);
    const actor = await this.deps.access.actorFor(
      { id: account.id, personId: account.personId, displayName: person.displayName },
      null,
    );
    const needsSecondFactor = this.#needsSecondFactor(account, actor.roles);
    let secondFactorDone = false;
    if (needsSecondFactor && account.totpEnabled && input.totp !== undefined && input.totp !== '') {
      if (!(await this.#acceptTotp(account, input.totp))) throw await this.#failure(account, input, 'wrong-totp');
      secondFactorDone = true;
    }

    const policy = await this.deps.config.get(SessionPolicy, account.ownerDivision);
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    return db.transaction(async (tx) => {
      const updated = await identityRepo.updateAccount(tx, account.id, {
        failedAttempts: 0,
        lockedUntil: null,
        lastLoginAt: now,
      });
      const session = await identityRepo.insertSession(tx, {
        id: newId(),
        tokenHash: tokenHash(token),
        accountId: account.id,
        createdAt: now,
        lastSeenAt: now,
        idleExpiresAt: this.#idleExpiry(now, policy, null),
        absoluteExpiresAt: new Date(now.getTime() + policy.absoluteHours * 3_600_000),
        secondFactorDone,
        ip: input.ip?.slice(0, 100) ?? null,
        userAgent: input.userAgent?.slice(0, 500) ?? null,
      });
      const secondFactorRequired = needsSecondFactor && !secondFactorDone;
      await this.deps.audit.record(
        this.#loginAudit(input, updated, 'auth.login.succeeded', {
          sessionId: session.id,
          secondFactor: secondFactorDone ? 'given' : secondFactorRequired ? 'pending' : 'not-required',
        }),
        tx,
      );
      return { token, session, account: updated, secondFactorRequired };
    });
  }

  /** Ends the session a token opens (if any). Safe to call with an unknown or expired token. */
  async logout(token: string, origin: Origin = { ip: null }): Promise<void> {
    const found = await identityRepo.findSessionByToken(this.deps.db, tokenHash(token));
    if (!found || found.session.revokedAt) return;
    const { session, account } = found;
    await this.deps.db.transaction(async (tx) => {
      if (!(await identityRepo.revokeSession(tx, session.id, this.deps.time.now(), 'logout'))) return;
      await this.deps.audit.record(
        {
          actor: { kind: 'user', id: account.id, displayName: account.username },
          action: 'auth.logout',
          target: { type: 'session', id: session.id },
          ownerDivision: account.ownerDivision,
          ip: origin.ip,
          requestId: origin.requestId ?? null,
        },
        tx,
      );
    });
  }

  /**
   * The actor a session token stands for, or null when the token opens no session (unknown, expired,
   * revoked, account disabled) — or when the session is not fully usable yet (second factor pending, or
   * a password that must be changed first): those only reach the routes that finish signing in.
   */
  async resolveSession(token: string, origin: { ip: string | null }): Promise<Actor | null> {
    const auth = await this.authenticate(token, origin);
    if (!auth || auth.secondFactorPending || auth.account.mustChangePassword) return null;
    return auth.actor;
  }

  /**
   * Opens a session from its token: checks it, extends its idle expiry (at most once a minute) and
   * builds the actor from the account's grants. The HTTP layer decides what a restricted session may reach.
   */
  async authenticate(token: string, _origin: { ip: string | null }): Promise<Authenticated | null> {
    if (!token || token.length > 200) return null;
    const { db, time } = this.deps;
    const found = await identityRepo.findSessionByToken(db, tokenHash(token));
    if (!found) return null;
    const { account } = found;
    let { session } = found;
    const now = time.now();
    if (!this.#isOpen(session, now) || account.status !== 'active') return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      const policy = await this.deps.config.get(SessionPolicy, account.ownerDivision);
      const idleExpiresAt = this.#idleExpiry(now, policy, session.absoluteExpiresAt);
      await identityRepo.touchSession(db, session.id, now, idleExpiresAt);
      session = { ...session, lastSeenAt: now, idleExpiresAt };
    }
    const person = await this.#person(account.personId);
    const actor = await this.deps.access.actorFor(
      { id: account.id, personId: account.personId, displayName: person.displayName },
      session.id,
    );
    const secondFactorPending = this.#needsSecondFactor(account, actor.roles) && !session.secondFactorDone;
    return { actor, account, session, secondFactorPending };
  }

  /** The signed-in user: person, account, roles with their names, permissions and scope. */
  async me(actor: Actor): Promise<Me> {
    const accountId = identityPolicy.self(actor);
    const account = await this.#account(accountId);
    const session = actor.sessionId ? await identityRepo.findSession(this.deps.db, actor.sessionId) : null;
    const catalogue = new Map((await this.deps.access.roles()).map((r) => [r.code, r]));
    const roles = actor.roles.map((code) => {
      const r = catalogue.get(code);
      return { code, nameZh: r?.nameZh ?? code, nameEn: r?.nameEn ?? code };
    });
    return {
      person: { id: account.personId, displayName: actor.displayName },
      account,
      roles,
      actor,
      secondFactorRequired: this.#needsSecondFactor(account, actor.roles) && !(session?.secondFactorDone ?? false),
    };
  }

  /** The caller's sessions that still work, newest first. */
  async sessions(actor: Actor): Promise<SessionRow[]> {
    const accountId = identityPolicy.self(actor);
    return identityRepo.activeSessions(this.deps.db, accountId, this.deps.time.now());
  }

  /** Ends one of the caller's own sessions (the current one included: that is signing out). */
  async endSession(actor: Actor, sessionId: string, origin: Origin): Promise<void> {
    // The operator has no sessions: any id is unknown to it.
    if (actor.kind !== 'user') throw IdentityErrors.SESSION_NOT_FOUND({ id: sessionId });
    const accountId = identityPolicy.self(actor);
    const now = this.deps.time.now();
    await this.deps.db.transaction(async (tx) => {
      const session = await identityRepo.findSession(tx, sessionId);
      // Another account's session does not exist for the caller.
      if (!session || session.accountId !== accountId || !this.#isOpen(session, now)) {
        throw IdentityErrors.SESSION_NOT_FOUND({ id: sessionId });
      }
      await identityRepo.revokeSession(tx, sessionId, now, 'ended-by-user');
      await this.#selfAudit(actor, 'auth.session.ended', origin, tx, { type: 'session', id: sessionId });
    });
  }

  /** "Sign out everywhere else": ends every session of the caller but the current one. */
  async endOtherSessions(actor: Actor, origin: Origin): Promise<number> {
    const accountId = identityPolicy.self(actor);
    return this.deps.db.transaction(async (tx) => {
      const ended = await identityRepo.revokeAccountSessions(
        tx,
        accountId,
        this.deps.time.now(),
        'ended-by-user',
        actor.sessionId,
      );
      await this.#selfAudit(actor, 'auth.sessions.ended-others', origin, tx, null, { ended });
      return ended;
    });
  }

  // ------------------------------------------------------------------ passwords

  /**
   * Changes the caller's own password. The current one must be given (a wrong one counts as a failed
   * sign-in, so a borrowed session cannot be used to guess it); the new one must meet the policy.
   * Every other session of the account ends: whoever knew the old password is signed out.
   */
  async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }, origin: Origin) {
    const accountId = identityPolicy.self(actor);
    const account = await this.#account(accountId);
    if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
      const failure = await this.#failure(account, { ...origin, username: account.username }, 'wrong-password');
      throw failure.code === 'ACCOUNT_LOCKED' ? failure : IdentityErrors.CURRENT_PASSWORD_WRONG();
    }
    if (input.newPassword === input.currentPassword) throw IdentityErrors.PASSWORD_UNCHANGED();
    await this.checkPassword(input.newPassword, account.username, account.ownerDivision);
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.deps.time.now();
    await this.deps.db.transaction(async (tx) => {
      await identityRepo.updateAccount(tx, account.id, {
        passwordHash,
        mustChangePassword: false,
        passwordChangedAt: now,
        failedAttempts: 0,
        updatedAt: now,
      });
      const ended = await identityRepo.revokeAccountSessions(tx, account.id, now, 'password-changed', actor.sessionId);
      await this.#selfAudit(
        actor,
        'auth.password.changed',
        origin,
        tx,
        { type: 'account', id: account.id },
        {
          endedSessions: ended,
        },
      );
    });
  }

  /** Throws the first rule a new password breaks (bilingual message); `details` lists every rule broken. */
  async checkPassword(password: string, username: string, ownerDivision: string, db?: Db): Promise<void> {
    const policy = await this.deps.config.get(PasswordPolicy, ownerDivision, undefined, db);
    const problems = passwordProblems(password, policy, username);
    if (problems.length === 0) return;
    throw PASSWORD_ERRORS[problems[0]!](policy, { rules: problems });
  }

  // ------------------------------------------------------------------ second factor (TOTP)

  /**
   * Makes a new TOTP secret for the caller (sealed in the account until `enableTotp` confirms it with a
   * code). Refused while a second factor is on: replacing it would let a password alone take over.
   */
  async setupTotp(actor: Actor, origin: Origin): Promise<{ secret: string; otpauthUrl: string }> {
    const accountId = identityPolicy.self(actor);
    const account = await this.#account(accountId);
    if (account.totpEnabled) throw IdentityErrors.TOTP_ALREADY_ENABLED();
    const secret = newTotpSecret();
    await this.deps.db.transaction(async (tx) => {
      await identityRepo.updateAccount(tx, account.id, {
        totpSecretSealed: this.#sealSecret(secret),
        totpLastStep: null,
        updatedAt: this.deps.time.now(),
      });
      await this.#selfAudit(actor, 'auth.totp.setup', origin, tx, { type: 'account', id: account.id });
    });
    return { secret, otpauthUrl: otpauthUrl('CivicGrid', account.username, secret) };
  }

  /** Turns the second factor on with a code from the new secret; the current session counts as verified. */
  async enableTotp(actor: Actor, code: string, origin: Origin): Promise<void> {
    const accountId = identityPolicy.self(actor);
    const account = await this.#account(accountId);
    if (account.totpEnabled) throw IdentityErrors.TOTP_ALREADY_ENABLED();
    if (!account.totpSecretSealed) throw IdentityErrors.TOTP_NOT_SET_UP();
    if (!(await this.#acceptTotp(account, code))) throw IdentityErrors.TOTP_INVALID();
    await this.deps.db.transaction(async (tx) => {
      await identityRepo.updateAccount(tx, account.id, { totpEnabled: true, updatedAt: this.deps.time.now() });
      if (actor.sessionId) await identityRepo.completeSecondFactor(tx, actor.sessionId);
      await this.#selfAudit(actor, 'auth.totp.enabled', origin, tx, { type: 'account', id: account.id });
    });
  }

  /**
   * The second step of signing in: a code for a session that waits for one. A wrong code counts as a
   * failed sign-in (six digits are guessable without a limit); the lock ends the waiting session too.
   */
  async verifyTotp(actor: Actor, code: string, origin: Origin): Promise<void> {
    const accountId = identityPolicy.self(actor);
    const account = await this.#account(accountId);
    const session = actor.sessionId ? await identityRepo.findSession(this.deps.db, actor.sessionId) : null;
    if (!session || session.secondFactorDone) throw IdentityErrors.TOTP_NOT_PENDING();
    if (!account.totpEnabled || !account.totpSecretSealed) throw IdentityErrors.TOTP_NOT_ENABLED();
    if (!(await this.#acceptTotp(account, code))) {
      const failure = await this.#failure(account, { ...origin, username: account.username }, 'wrong-totp');
      if (failure.code === 'ACCOUNT_LOCKED') {
        await identityRepo.revokeSession(this.deps.db, session.id, this.deps.time.now(), 'locked');
      }
      throw failure;
    }
    await this.deps.db.transaction(async (tx) => {
      await identityRepo.completeSecondFactor(tx, session.id);
      await this.#selfAudit(actor, 'auth.totp.verified', origin, tx, { type: 'session', id: session.id });
    });
  }

  /** Turns the second factor off (a current code is needed); the three administrators cannot. */
  async disableTotp(actor: Actor, code: string, origin: Origin): Promise<void> {
    const accountId = identityPolicy.self(actor);
    const account = await this.#account(accountId);
    if (!account.totpEnabled) throw IdentityErrors.TOTP_NOT_ENABLED();
    if (!this.deps.demo && actor.roles.some((r) => ADMIN_ROLES.includes(r))) {
      throw IdentityErrors.TOTP_REQUIRED_FOR_ROLE();
    }
    if (!(await this.#acceptTotp(account, code))) throw IdentityErrors.TOTP_INVALID();
    await this.deps.db.transaction(async (tx) => {
      await identityRepo.updateAccount(tx, account.id, {
        totpEnabled: false,
        totpSecretSealed: null,
        totpLastStep: null,
        updatedAt: this.deps.time.now(),
      });
      await this.#selfAudit(actor, 'auth.totp.disabled', origin, tx, { type: 'account', id: account.id });
    });
  }

  // ------------------------------------------------------------------ users (system administrator)

  /**
   * Creates a person and their account. The person is made through the people module (with the
   * system's authority: the system administrator manages accounts, not personal data); the username is
   * lower-cased and unique. Without a password a temporary one is made and returned once.
   */
  async createUser(
    actor: Actor,
    input: NewUser,
    db: Db = this.deps.db,
    options: { bypassPasswordPolicy?: boolean } = {},
  ): Promise<{ account: AccountRow; person: PersonView; temporaryPassword: string | null }> {
    const ownerDivision = canonicalDivision(input.ownerDivision);
    identityPolicy.manageUser(actor, ownerDivision);
    const username = normalizeUsername(input.username);
    if (!USERNAME.test(username)) throw IdentityErrors.USERNAME_INVALID();
    const generated = input.password === undefined ? temporaryPassword() : null;
    const password = input.password ?? generated!;
    if (generated === null && !options.bypassPasswordPolicy) {
      await this.checkPassword(password, username, ownerDivision, db);
    }
    const passwordHash = await hashPassword(password);
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      if (await identityRepo.findByUsername(tx, username)) throw IdentityErrors.USERNAME_TAKEN({ username });
      const person = await this.deps.people.create(
        operatorActor(),
        { displayName: input.displayName, ownerDivision, phone: input.phone, idCard: input.idCard },
        tx,
      );
      const account = await guardConstraints(
        identityRepo.insertAccount(tx, {
          id: newId(),
          personId: person.id,
          username,
          passwordHash,
          status: 'active',
          orgUnitId: input.orgUnitId ?? null,
          failedAttempts: 0,
          lockedUntil: null,
          mustChangePassword: generated !== null || (input.mustChangePassword ?? true),
          passwordChangedAt: now,
          totpSecretSealed: null,
          totpEnabled: false,
          totpLastStep: null,
          lastLoginAt: null,
          ownerDivision,
          createdAt: now,
          updatedAt: now,
        }),
        { username, orgUnitId: input.orgUnitId ?? null },
      );
      await this.deps.audit.record(
        {
          actor,
          action: 'identity.user.created',
          target: { type: 'account', id: account.id },
          ownerDivision,
          details: {
            username,
            personId: person.id,
            orgUnitId: account.orgUnitId,
            temporaryPassword: generated !== null,
          },
        },
        tx,
      );
      return { account, person, temporaryPassword: generated };
    });
  }

  async listUsers(
    actor: Actor,
    req: PageRequest<UserSortField>,
    filter: Omit<UserFilter, 'scopes'>,
  ): Promise<PageOf<UserView>> {
    identityPolicy.readUsers(actor);
    const division = filter.division === undefined ? undefined : canonicalDivision(filter.division);
    const { items, total } = await identityRepo.pageAccounts(this.deps.db, req, {
      ...filter,
      division,
      scopes: actor.scope.divisions,
    });
    const views = [];
    for (const account of items) views.push(await this.#view(account));
    return { items: views, total, page: req.page, pageSize: req.pageSize };
  }

  async getUser(actor: Actor, id: string): Promise<UserView> {
    identityPolicy.readUsers(actor);
    const account = await this.#visibleAccount(actor, id, this.deps.db);
    identityPolicy.readUser(actor, account.ownerDivision);
    return this.#view(account);
  }

  /** Renames the person, moves the account to another org unit, disables or re-enables it. */
  async updateUser(actor: Actor, id: string, patch: UserPatch, origin: Origin = { ip: null }): Promise<UserView> {
    identityPolicy.readUsers(actor);
    const now = this.deps.time.now();
    const account = await this.deps.db.transaction(async (tx) => {
      const current = await this.#visibleAccount(actor, id, tx, true);
      identityPolicy.manageUser(actor, current.ownerDivision);
      const changed: string[] = [];
      if (patch.displayName !== undefined) {
        const person = await this.deps.people.get(operatorActor(), current.personId, {}, tx);
        if (person.displayName !== patch.displayName) {
          await this.deps.people.update(operatorActor(), current.personId, { displayName: patch.displayName }, tx);
          changed.push('displayName');
        }
      }
      const set: Partial<AccountRow> = {};
      if (patch.status !== undefined && patch.status !== current.status) {
        if (patch.status === 'disabled' && current.id === actor.id) throw IdentityErrors.CANNOT_DISABLE_SELF();
        set.status = patch.status;
        changed.push('status');
      }
      if (patch.orgUnitId !== undefined && patch.orgUnitId !== current.orgUnitId) {
        set.orgUnitId = patch.orgUnitId;
        changed.push('orgUnitId');
      }
      let updated = current;
      if (Object.keys(set).length > 0) {
        updated = await guardConstraints(identityRepo.updateAccount(tx, current.id, { ...set, updatedAt: now }), {
          username: current.username,
          orgUnitId: patch.orgUnitId ?? null,
        });
      }
      let endedSessions = 0;
      if (set.status === 'disabled') {
        endedSessions = await identityRepo.revokeAccountSessions(tx, current.id, now, 'account-disabled');
      }
      if (changed.length > 0) {
        await this.deps.audit.record(
          {
            actor,
            action: 'identity.user.updated',
            target: { type: 'account', id: current.id },
            ownerDivision: current.ownerDivision,
            ip: origin.ip,
            requestId: origin.requestId ?? null,
            details: { changed, ...(set.status ? { status: set.status, endedSessions } : {}) },
          },
          tx,
        );
      }
      return updated;
    });
    return this.#view(account);
  }

  /**
   * A new temporary password (returned once), to be changed at the next sign-in. The lock is lifted and
   * every session ends. The second factor stays: a password reset alone must not open an administrator's
   * account to whoever asked for it.
   */
  async resetPassword(actor: Actor, id: string, origin: Origin = { ip: null }): Promise<{ temporaryPassword: string }> {
    identityPolicy.readUsers(actor);
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    const now = this.deps.time.now();
    await this.deps.db.transaction(async (tx) => {
      const account = await this.#visibleAccount(actor, id, tx, true);
      identityPolicy.manageUser(actor, account.ownerDivision);
      await identityRepo.updateAccount(tx, account.id, {
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: now,
        failedAttempts: 0,
        lockedUntil: null,
        updatedAt: now,
      });
      const endedSessions = await identityRepo.revokeAccountSessions(tx, account.id, now, 'password-reset');
      await this.deps.audit.record(
        {
          actor,
          action: 'identity.user.password-reset',
          target: { type: 'account', id: account.id },
          ownerDivision: account.ownerDivision,
          ip: origin.ip,
          requestId: origin.requestId ?? null,
          details: { endedSessions },
        },
        tx,
      );
    });
    return { temporaryPassword: password };
  }

  /** Lifts a lock before it runs out (the person called the help desk and proved who they are). */
  async unlockUser(actor: Actor, id: string, origin: Origin = { ip: null }): Promise<UserView> {
    identityPolicy.readUsers(actor);
    const now = this.deps.time.now();
    const account = await this.deps.db.transaction(async (tx) => {
      const current = await this.#visibleAccount(actor, id, tx, true);
      identityPolicy.manageUser(actor, current.ownerDivision);
      const updated = await identityRepo.updateAccount(tx, current.id, {
        failedAttempts: 0,
        lockedUntil: null,
        updatedAt: now,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'identity.user.unlocked',
          target: { type: 'account', id: current.id },
          ownerDivision: current.ownerDivision,
          ip: origin.ip,
          requestId: origin.requestId ?? null,
          details: { wasLockedUntil: current.lockedUntil?.toISOString() ?? null },
        },
        tx,
      );
      return updated;
    });
    return this.#view(account);
  }

  /** An account by username (seeders, the CLI). */
  async findByUsername(username: string, db: Db = this.deps.db): Promise<AccountRow | null> {
    return identityRepo.findByUsername(db, normalizeUsername(username));
  }

  /** Which of these accounts exist and are active (the case engine assigns tasks only to them). */
  async activeAccountIds(ids: readonly string[], db: Db = this.deps.db): Promise<Set<string>> {
    const rows = await identityRepo.findAccounts(db, ids);
    return new Set(rows.filter((a) => a.status === 'active').map((a) => a.id));
  }

  /** Names of active accounts (their people's display names), for pickers and for naming assignees. */
  async activeAccountNames(ids: readonly string[], db: Db = this.deps.db): Promise<Map<string, string>> {
    const rows = (await identityRepo.findAccounts(db, ids)).filter((a) => a.status === 'active');
    const people = await this.deps.people.profiles(
      rows.map((a) => a.personId),
      db,
    );
    return new Map(rows.map((a) => [a.id, people.get(a.personId)?.displayName ?? a.username]));
  }

  /** Names of accounts, active or not (their people's display names, else the username): logs of past work. */
  async accountNames(ids: readonly string[], db: Db = this.deps.db): Promise<Map<string, string>> {
    const rows = await identityRepo.findAccounts(db, ids);
    const people = await this.deps.people.profiles(
      rows.map((a) => a.personId),
      db,
    );
    return new Map(rows.map((a) => [a.id, people.get(a.personId)?.displayName ?? a.username]));
  }

  /** The account of each of these people that has one (person id → account id), whatever its status. */
  async accountsOfPeople(personIds: readonly string[], db: Db = this.deps.db): Promise<Map<string, string>> {
    const rows = await identityRepo.findByPeople(db, personIds);
    return new Map(rows.map((a) => [a.personId, a.id]));
  }

  /** Whether any account exists: the first start outside demo mode creates the administrator. */
  async hasAccounts(db: Db = this.deps.db): Promise<boolean> {
    return (await identityRepo.countAccounts(db)) > 0;
  }

  /** Deletes sessions that ended more than `keepDays` ago (they only matter for "my sessions"). */
  async purgeSessions(keepDays: number, db: Db = this.deps.db): Promise<number> {
    return identityRepo.purgeSessions(db, new Date(this.deps.time.now().getTime() - keepDays * 86_400_000));
  }

  /**
   * Key rotation: second-factor secrets sealed with an older personal-data key are sealed again with the
   * active one, so the old key can leave the ring (people.reseal does the same for personal data).
   */
  async resealTotpSecrets(tx: Db): Promise<{ resealed: number; failed: number }> {
    const { personalData } = this.deps;
    let resealed = 0;
    let failed = 0;
    for (const row of await identityRepo.sealedTotpSecrets(tx)) {
      if (!personalData.needsReseal(row.sealed)) continue;
      try {
        await identityRepo.updateAccount(tx, row.id, {
          totpSecretSealed: personalData.reseal(TOTP_SEAL_KIND, row.sealed),
        });
        resealed++;
      } catch (err) {
        if (!(err instanceof PersonalDataError)) throw err;
        failed++;
        this.deps.log.error({ accountId: row.id, err: err.message }, 'second-factor secret could not be resealed');
      }
    }
    return { resealed, failed };
  }

  // ------------------------------------------------------------------ internals

  /**
   * Counts a failed sign-in and locks the account at the limit, with its audit records, in one committed
   * transaction; returns the error to throw (INVALID_CREDENTIALS / TOTP_INVALID, or ACCOUNT_LOCKED).
   */
  async #failure(
    account: AccountRow,
    input: Origin & { username: string },
    reason: 'wrong-password' | 'wrong-totp',
  ): Promise<AppError> {
    const lockout = await this.deps.config.get(LockoutPolicy, account.ownerDivision);
    const now = this.deps.time.now();
    const lockedUntil = await this.deps.db.transaction(async (tx) => {
      const row = (await identityRepo.findAccountForUpdate(tx, account.id))!;
      if (row.lockedUntil && row.lockedUntil > now) {
        // Locked meanwhile by a concurrent attempt.
        await this.deps.audit.record(this.#loginAudit(input, row, 'auth.login.failed', { reason: 'locked' }), tx);
        return row.lockedUntil;
      }
      // A lock that ran out starts the count afresh.
      const failures = (row.lockedUntil ? 0 : row.failedAttempts) + 1;
      const locks = failures >= lockout.maxFailures;
      const until = locks ? new Date(now.getTime() + lockout.lockMinutes * 60_000) : null;
      await identityRepo.updateAccount(tx, row.id, { failedAttempts: failures, lockedUntil: until });
      await this.deps.audit.record(this.#loginAudit(input, row, 'auth.login.failed', { reason, failures }), tx);
      if (until) {
        await this.deps.audit.record(
          this.#loginAudit(input, row, 'auth.account.locked', {
            failures,
            lockedUntil: until.toISOString(),
            lockMinutes: lockout.lockMinutes,
          }),
          tx,
        );
      }
      return until;
    });
    if (lockedUntil) return this.#locked(lockedUntil);
    return reason === 'wrong-totp' ? IdentityErrors.TOTP_INVALID() : IdentityErrors.INVALID_CREDENTIALS();
  }

  #locked(until: Date): AppError {
    return IdentityErrors.ACCOUNT_LOCKED(
      { until: this.deps.time.local(until).toFormat('yyyy-MM-dd HH:mm') },
      { lockedUntil: this.deps.time.format(until) },
    );
  }

  #loginAudit(input: Origin, account: AccountRow | null, action: string, details: Record<string, unknown>): AuditEntry {
    return {
      actor: account ? { kind: 'user', id: account.id, displayName: account.username } : ANONYMOUS_AUDIT,
      action,
      outcome: action === 'auth.login.succeeded' ? 'success' : 'failure',
      target: { type: 'account', id: account?.id ?? null },
      ownerDivision: account?.ownerDivision ?? '',
      ip: input.ip,
      requestId: input.requestId ?? null,
      details,
    };
  }

  async #selfAudit(
    actor: Actor,
    action: string,
    origin: Origin,
    tx: Db,
    target: { type: string; id: string } | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const account = actor.id ? await identityRepo.findAccount(tx, actor.id) : null;
    await this.deps.audit.record(
      {
        actor,
        action,
        target: target ?? { type: 'account', id: actor.id },
        ownerDivision: account?.ownerDivision ?? '',
        ip: origin.ip,
        requestId: origin.requestId ?? null,
        details: { sessionId: actor.sessionId, ...details },
      },
      tx,
    );
  }

  /** Accounts with a second factor always give it; the three administrators must have one outside demo mode. */
  #needsSecondFactor(account: AccountRow, roles: readonly string[]): boolean {
    if (account.totpEnabled) return true;
    return !this.deps.demo && roles.some((r) => ADMIN_ROLES.includes(r));
  }

  /** Checks a code against the account's secret and claims its time step (no replay). */
  async #acceptTotp(account: AccountRow, code: string): Promise<boolean> {
    if (!account.totpSecretSealed) return false;
    const now = this.deps.time.now();
    const step = matchTotp(this.#openSecret(account.totpSecretSealed), code.trim(), now);
    if (step === null) return false;
    return identityRepo.claimTotpStep(this.deps.db, account.id, step, now);
  }

  #isOpen(session: SessionRow, now: Date): boolean {
    return !session.revokedAt && session.idleExpiresAt > now && session.absoluteExpiresAt > now;
  }

  #idleExpiry(now: Date, policy: { idleMinutes: number }, absolute: Date | null): Date {
    const idle = new Date(now.getTime() + policy.idleMinutes * 60_000);
    return absolute && absolute < idle ? absolute : idle;
  }

  async #account(id: string, db: Db = this.deps.db): Promise<AccountRow> {
    const account = await identityRepo.findAccount(db, id);
    if (!account) throw IdentityErrors.USER_NOT_FOUND({ id });
    return account;
  }

  /** An account the administrator may see; outside their scope it does not exist for them (404). */
  async #visibleAccount(actor: Actor, id: string, db: Db, forUpdate = false): Promise<AccountRow> {
    const account = forUpdate
      ? await identityRepo.findAccountForUpdate(db, id)
      : await identityRepo.findAccount(db, id);
    if (!account || !actor.scope.divisions.some((d) => d === '' || account.ownerDivision.startsWith(d))) {
      throw IdentityErrors.USER_NOT_FOUND({ id });
    }
    return account;
  }

  async #person(personId: string, db?: Db): Promise<PersonView> {
    return this.deps.people.get(operatorActor(), personId, {}, db);
  }

  async #view(account: AccountRow): Promise<UserView> {
    return { account, displayName: (await this.#person(account.personId)).displayName };
  }

  // The TOTP secret is a credential, sealed like personal data so a database dump does not yield it.
  #sealSecret(secret: string): string {
    return this.deps.personalData.seal(TOTP_SEAL_KIND, secret);
  }

  #openSecret(sealed: string): string {
    return this.deps.personalData.open(TOTP_SEAL_KIND, sealed);
  }
}

/** The TOTP seed is sealed as a credential: the kind is bound into the ciphertext, so it cannot pass for a name. */
const TOTP_SEAL_KIND = 'credential';

function canonicalDivision(code: string): string {
  if (code === '') return '';
  try {
    return normalizeDivisionCode(code);
  } catch (err) {
    throw PlatformErrors.BAD_REQUEST({ reason: (err as Error).message });
  }
}

/** Turns a unique or foreign-key violation of the account table into the caller's error. */
async function guardConstraints<T>(work: Promise<T>, ctx: { username: string; orgUnitId: string | null }): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const code = pgErrorCode(err);
    if (code === '23505') throw IdentityErrors.USERNAME_TAKEN({ username: ctx.username });
    if (code === '23503') throw IdentityErrors.ORG_UNIT_UNKNOWN({ id: ctx.orgUnitId ?? '' });
    throw err;
  }
}
