import { and, count, eq, gt, ilike, inArray, isNotNull, isNull, like, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import { type AccountStatus, accounts, sessions } from './identity.tables.ts';

export type AccountRow = typeof accounts.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type UserSortField = 'username' | 'createdAt' | 'lastLoginAt';

export interface UserFilter {
  q?: string;
  status?: AccountStatus;
  orgUnitId?: string;
  division?: string;
  scopes: readonly string[];
}

export const identityRepo = {
  async findAccount(db: Db, id: string): Promise<AccountRow | null> {
    const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
    return row ?? null;
  },

  async findAccounts(db: Db, ids: readonly string[]): Promise<AccountRow[]> {
    if (ids.length === 0) return [];
    return db
      .select()
      .from(accounts)
      .where(inArray(accounts.id, [...ids]));
  },

  async findAccountForUpdate(db: Db, id: string): Promise<AccountRow | null> {
    const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for('update');
    return row ?? null;
  },

  async findByUsername(db: Db, username: string): Promise<AccountRow | null> {
    const [row] = await db.select().from(accounts).where(eq(accounts.username, username));
    return row ?? null;
  },

  async findByPerson(db: Db, personId: string): Promise<AccountRow | null> {
    const [row] = await db.select().from(accounts).where(eq(accounts.personId, personId));
    return row ?? null;
  },

  async findByPeople(db: Db, personIds: readonly string[]): Promise<AccountRow[]> {
    if (personIds.length === 0) return [];
    return db
      .select()
      .from(accounts)
      .where(inArray(accounts.personId, [...personIds]));
  },

  async countAccounts(db: Db): Promise<number> {
    const [row] = await db.select({ n: count() }).from(accounts);
    return row?.n ?? 0;
  },

  async insertAccount(db: Db, row: typeof accounts.$inferInsert): Promise<AccountRow> {
    const [created] = await db.insert(accounts).values(row).returning();
    return created!;
  },

  async updateAccount(db: Db, id: string, patch: Partial<typeof accounts.$inferInsert>): Promise<AccountRow> {
    const [row] = await db.update(accounts).set(patch).where(eq(accounts.id, id)).returning();
    return row!;
  },

  /**
   * Accepts a TOTP time step only if it is later than the last one accepted, atomically: of two
   * requests racing with the same code, one wins.
   */
  async claimTotpStep(db: Db, id: string, step: number, at: Date): Promise<boolean> {
    const rows = await db
      .update(accounts)
      .set({ totpLastStep: step, updatedAt: at })
      .where(and(eq(accounts.id, id), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step))))
      .returning({ id: accounts.id });
    return rows.length === 1;
  },

  async sealedTotpSecrets(db: Db): Promise<{ id: string; sealed: string }[]> {
    const rows = await db
      .select({ id: accounts.id, sealed: accounts.totpSecretSealed })
      .from(accounts)
      .where(isNotNull(accounts.totpSecretSealed))
      .orderBy(accounts.id);
    return rows.map((r) => ({ id: r.id, sealed: r.sealed! }));
  },

  async pageAccounts(db: Db, req: PageRequest<UserSortField>, filter: UserFilter) {
    const conditions: SQL[] = [];
    if (filter.q) {
      const escaped = filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      conditions.push(ilike(accounts.username, `%${escaped}%`));
    }
    if (filter.status) conditions.push(eq(accounts.status, filter.status));
    if (filter.orgUnitId) conditions.push(eq(accounts.orgUnitId, filter.orgUnitId));
    // Division codes are digits only (validated), so the prefixes need no LIKE escaping.
    if (filter.division !== undefined && filter.division !== '')
      conditions.push(like(accounts.ownerDivision, `${filter.division}%`));
    if (!filter.scopes.includes('')) {
      if (filter.scopes.length === 0) conditions.push(sql`false`);
      else conditions.push(or(...filter.scopes.map((s) => like(accounts.ownerDivision, `${s}%`)))!);
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const items = await db
      .select()
      .from(accounts)
      .where(where)
      .orderBy(
        ...orderBy(
          req,
          { username: accounts.username, createdAt: accounts.createdAt, lastLoginAt: accounts.lastLoginAt },
          accounts.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(accounts).where(where);
    return { items, total: total?.n ?? 0 };
  },

  async insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<SessionRow> {
    const [created] = await db.insert(sessions).values(row).returning();
    return created!;
  },

  /** A session by its token hash, with its account, whatever its state (the service judges it). */
  async findSessionByToken(db: Db, tokenHash: string): Promise<{ session: SessionRow; account: AccountRow } | null> {
    const [row] = await db
      .select({ session: sessions, account: accounts })
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(eq(sessions.tokenHash, tokenHash));
    return row ?? null;
  },

  async findSession(db: Db, id: string): Promise<SessionRow | null> {
    const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
    return row ?? null;
  },

  async touchSession(db: Db, id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
    await db.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.id, id));
  },

  async completeSecondFactor(db: Db, id: string): Promise<void> {
    await db.update(sessions).set({ secondFactorDone: true }).where(eq(sessions.id, id));
  },

  /** Ends one session (if still open); true when it was open. */
  async revokeSession(db: Db, id: string, at: Date, reason: string): Promise<boolean> {
    const rows = await db
      .update(sessions)
      .set({ revokedAt: at, revokedReason: reason })
      .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.length === 1;
  },

  /** Ends every open session of an account, except one (the caller's own); returns how many. */
  async revokeAccountSessions(
    db: Db,
    accountId: string,
    at: Date,
    reason: string,
    exceptId: string | null = null,
  ): Promise<number> {
    const conditions = [
      eq(sessions.accountId, accountId),
      isNull(sessions.revokedAt),
      gt(sessions.absoluteExpiresAt, at),
    ];
    if (exceptId) conditions.push(ne(sessions.id, exceptId));
    const rows = await db
      .update(sessions)
      .set({ revokedAt: at, revokedReason: reason })
      .where(and(...conditions))
      .returning({ id: sessions.id });
    return rows.length;
  },

  /** The sessions of an account that still work at `now`, newest first. */
  async activeSessions(db: Db, accountId: string, now: Date): Promise<SessionRow[]> {
    return db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.accountId, accountId),
          isNull(sessions.revokedAt),
          gt(sessions.idleExpiresAt, now),
          gt(sessions.absoluteExpiresAt, now),
        ),
      )
      .orderBy(sql`${sessions.createdAt} desc`, sessions.id);
  },

  /** Deletes sessions that ended (expired or revoked) before `before`; returns how many. */
  async purgeSessions(db: Db, before: Date): Promise<number> {
    const rows = await db
      .delete(sessions)
      .where(
        or(lt(sessions.absoluteExpiresAt, before), lt(sessions.idleExpiresAt, before), lt(sessions.revokedAt, before)),
      )
      .returning({ id: sessions.id });
    return rows.length;
  },
};
