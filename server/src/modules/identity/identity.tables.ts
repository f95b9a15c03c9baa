import { bigint, boolean, char, index, integer, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';
import { orgUnits } from '../access/access.tables.ts';
import { people } from '../people/people.tables.ts';

export type AccountStatus = 'active' | 'disabled';

/** A login. Belongs to exactly one person; a person has at most one account. */
export const accounts = pgTable(
  'account',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .unique()
      .references(() => people.id),
    /** Lower-case; what people type at the login page. */
    username: varchar('username', { length: 64 }).notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    status: text('status').$type<AccountStatus>().notNull(),
    /** The org unit the account works for (command centre, a department, a street office…). */
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    failedAttempts: integer('failed_attempts').notNull(),
    lockedUntil: instant('locked_until'),
    mustChangePassword: boolean('must_change_password').notNull(),
    passwordChangedAt: instant('password_changed_at').notNull(),
    totpSecretSealed: text('totp_secret_sealed'),
    totpEnabled: boolean('totp_enabled').notNull(),
    /** The last accepted TOTP time step, so a code cannot be replayed. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    lastLoginAt: instant('last_login_at'),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('account_division_idx').on(t.ownerDivision)],
);

/**
 * A signed-in browser or phone. The cookie holds a random token; only its SHA-256 is stored, so a
 * stolen database does not yield live sessions. Revocation is server-side: a revoked row ends it.
 */
export const sessions = pgTable(
  'session',
  {
    id: uuid('id').primaryKey(),
    tokenHash: char('token_hash', { length: 64 }).notNull().unique(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    idleExpiresAt: instant('idle_expires_at').notNull(),
    absoluteExpiresAt: instant('absolute_expires_at').notNull(),
    /** False until the second factor is given, for accounts that need one. */
    secondFactorDone: boolean('second_factor_done').notNull(),
    revokedAt: instant('revoked_at'),
    revokedReason: text('revoked_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('session_account_idx').on(t.accountId)],
);
