import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import { grants, type OrgUnitKind, orgUnits, roles, type ScopeKind } from './access.tables.ts';

export type RoleRow = typeof roles.$inferSelect;
export type GrantRow = typeof grants.$inferSelect;
export type OrgUnitRow = typeof orgUnits.$inferSelect;
export type RoleSortField = 'code' | 'createdAt' | 'updatedAt';
export type GrantSortField = 'grantedAt' | 'roleCode';
export type OrgUnitSortField = 'name' | 'divisionCode' | 'createdAt';

/** A grant still in force, with what its role allows. */
export interface ActiveGrant {
  id: string;
  accountId: string;
  roleCode: string;
  scopeKind: ScopeKind;
  scopeValues: string[];
  permissions: string[];
}

// Transaction-scoped advisory locks (PGlite too): grant changes, and changes to the org tree.
const GRANT_LOCK = 7_340_201;
const ORG_TREE_LOCK = 7_340_202;

/** Rows whose division lies in one of the scopes (division codes are digits only: no LIKE escaping). */
function inScopes(column: typeof grants.ownerDivision | typeof orgUnits.divisionCode, scopes: readonly string[]) {
  if (scopes.includes('')) return undefined;
  if (scopes.length === 0) return sql`false`;
  return or(...scopes.map((s) => like(column, `${s}%`)));
}

export const accessRepo = {
  // ------------------------------------------------------------------ roles

  async allRoles(db: Db): Promise<RoleRow[]> {
    return db.select().from(roles).orderBy(asc(roles.code));
  },

  async rolePage(db: Db, req: PageRequest<RoleSortField>) {
    const items = await db
      .select()
      .from(roles)
      .orderBy(
        ...orderBy(req, { code: roles.code, createdAt: roles.createdAt, updatedAt: roles.updatedAt }, roles.code),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(roles);
    return { items, total: total?.n ?? 0 };
  },

  async findRole(db: Db, code: string): Promise<RoleRow | null> {
    const [row] = await db.select().from(roles).where(eq(roles.code, code));
    return row ?? null;
  },

  async insertRole(db: Db, row: typeof roles.$inferInsert): Promise<RoleRow> {
    const [created] = await db.insert(roles).values(row).returning();
    return created!;
  },

  async updateRole(
    db: Db,
    code: string,
    patch: Partial<Pick<RoleRow, 'nameZh' | 'nameEn' | 'permissions' | 'updatedAt'>>,
  ): Promise<RoleRow> {
    const [updated] = await db.update(roles).set(patch).where(eq(roles.code, code)).returning();
    return updated!;
  },

  /**
   * Inserts the built-in roles and refreshes those already there; a city's own role that happens to
   * have a built-in code is left alone. Returns the codes written (unchanged rows are not touched).
   */
  async upsertBuiltinRoles(db: Db, rows: (typeof roles.$inferInsert)[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const written = await db
      .insert(roles)
      .values(rows)
      .onConflictDoUpdate({
        target: roles.code,
        set: {
          nameZh: sql`excluded.name_zh`,
          nameEn: sql`excluded.name_en`,
          permissions: sql`excluded.permissions`,
          updatedAt: sql`excluded.updated_at`,
        },
        setWhere: sql`${roles.builtin} = 'yes' and (${roles.nameZh}, ${roles.nameEn}, ${roles.permissions}) is distinct from (excluded.name_zh, excluded.name_en, excluded.permissions)`,
      })
      .returning({ code: roles.code });
    return written.map((r) => r.code);
  },

  // ------------------------------------------------------------------ grants

  /** Serialises grant changes until the transaction ends, so two grants cannot both pass the checks. */
  async lockGrants(tx: Db): Promise<void> {
    await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${GRANT_LOCK})`));
  },

  /** Active grants of some accounts, with their roles' permissions. */
  async activeGrants(db: Db, accountIds: readonly string[]): Promise<ActiveGrant[]> {
    if (accountIds.length === 0) return [];
    return db
      .select({
        id: grants.id,
        accountId: grants.accountId,
        roleCode: grants.roleCode,
        scopeKind: grants.scopeKind,
        scopeValues: grants.scopeValues,
        permissions: roles.permissions,
      })
      .from(grants)
      .innerJoin(roles, eq(roles.code, grants.roleCode))
      .where(and(inArray(grants.accountId, [...accountIds]), isNull(grants.revokedAt)))
      .orderBy(asc(grants.grantedAt), asc(grants.id));
  },

  /** Who holds a role now: one line per active grant. */
  async activeHoldersOf(db: Db, roleCode: string): Promise<{ accountId: string; ownerDivision: string }[]> {
    return db
      .select({ accountId: grants.accountId, ownerDivision: grants.ownerDivision })
      .from(grants)
      .where(and(eq(grants.roleCode, roleCode), isNull(grants.revokedAt)));
  },

  async countActiveUnitGrants(db: Db, unitId: string): Promise<number> {
    const [row] = await db
      .select({ n: count() })
      .from(grants)
      .where(
        and(
          eq(grants.scopeKind, 'org_unit'),
          sql`${grants.scopeValues} @> ${JSON.stringify([unitId])}::jsonb`,
          isNull(grants.revokedAt),
        ),
      );
    return row?.n ?? 0;
  },

  async findGrant(db: Db, id: string): Promise<GrantRow | null> {
    const [row] = await db.select().from(grants).where(eq(grants.id, id));
    return row ?? null;
  },

  async insertGrant(db: Db, row: typeof grants.$inferInsert): Promise<GrantRow> {
    const [created] = await db.insert(grants).values(row).returning();
    return created!;
  },

  async revokeGrant(db: Db, id: string, revokedAt: Date, revokedBy: string): Promise<GrantRow> {
    const [updated] = await db.update(grants).set({ revokedAt, revokedBy }).where(eq(grants.id, id)).returning();
    return updated!;
  },

  async grantsOfAccount(db: Db, accountId: string, scopes: readonly string[]): Promise<GrantRow[]> {
    return db
      .select()
      .from(grants)
      .where(and(eq(grants.accountId, accountId), inScopes(grants.ownerDivision, scopes)))
      .orderBy(desc(grants.grantedAt), asc(grants.id));
  },

  async grantPage(
    db: Db,
    req: PageRequest<GrantSortField>,
    filter: { accountId?: string; roleCode?: string; active?: boolean; scopes: readonly string[] },
  ) {
    const conditions: (SQL | undefined)[] = [inScopes(grants.ownerDivision, filter.scopes)];
    if (filter.accountId) conditions.push(eq(grants.accountId, filter.accountId));
    if (filter.roleCode) conditions.push(eq(grants.roleCode, filter.roleCode));
    if (filter.active === true) conditions.push(isNull(grants.revokedAt));
    if (filter.active === false) conditions.push(isNotNull(grants.revokedAt));
    const where = and(...conditions);
    const items = await db
      .select()
      .from(grants)
      .where(where)
      .orderBy(...orderBy(req, { grantedAt: grants.grantedAt, roleCode: grants.roleCode }, grants.id))
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(grants).where(where);
    return { items, total: total?.n ?? 0 };
  },

  // ------------------------------------------------------------------ org units

  /** Serialises changes to the tree, so two moves cannot make a cycle together. */
  async lockOrgTree(tx: Db): Promise<void> {
    await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${ORG_TREE_LOCK})`));
  },

  async findUnit(db: Db, id: string): Promise<OrgUnitRow | null> {
    const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
    return row ?? null;
  },

  async findUnits(db: Db, ids: readonly string[]): Promise<OrgUnitRow[]> {
    if (ids.length === 0) return [];
    return db
      .select()
      .from(orgUnits)
      .where(inArray(orgUnits.id, [...ids]));
  },

  /** Active units serving this division or one above it (a case's 属地 and the departments over it). */
  async activeUnitsOver(db: Db, divisionCode: string): Promise<OrgUnitRow[]> {
    return db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.status, 'active'), sql`${divisionCode} like ${orgUnits.divisionCode} || '%'`))
      .orderBy(desc(sql`length(${orgUnits.divisionCode})`), asc(orgUnits.name), asc(orgUnits.id));
  },

  /** Grants in force of these roles, whatever their scope (the caller decides what the scope covers). */
  async grantsOfRoles(db: Db, roleCodes: readonly string[]): Promise<GrantRow[]> {
    if (roleCodes.length === 0) return [];
    return db
      .select()
      .from(grants)
      .where(and(isNull(grants.revokedAt), inArray(grants.roleCode, [...roleCodes])));
  },

  async findUnitByUscc(db: Db, uscc: string): Promise<OrgUnitRow | null> {
    const [row] = await db.select().from(orgUnits).where(eq(orgUnits.uscc, uscc));
    return row ?? null;
  },

  /** The unit and all its ancestors' ids, nearest first (UNION stops even on a damaged, cyclic tree). */
  async lineageIds(db: Db, id: string): Promise<string[]> {
    const found = await rows<{ id: string }>(
      db,
      sql`
      WITH RECURSIVE up(id, parent_id) AS (
        SELECT id, parent_id FROM ${orgUnits} WHERE id = ${id}
        UNION
        SELECT o.id, o.parent_id FROM ${orgUnits} o JOIN up ON o.id = up.parent_id
      )
      SELECT id FROM up`,
    );
    return found.map((r) => r.id);
  },

  async activeChildren(db: Db, id: string): Promise<OrgUnitRow[]> {
    return db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.parentId, id), eq(orgUnits.status, 'active')))
      .orderBy(asc(orgUnits.name));
  },

  /** Active units serving exactly this division, of these kinds (oldest first). */
  async activeUnitsServing(db: Db, divisionCode: string, kinds: readonly OrgUnitKind[]): Promise<OrgUnitRow[]> {
    if (kinds.length === 0) return [];
    return db
      .select()
      .from(orgUnits)
      .where(
        and(eq(orgUnits.divisionCode, divisionCode), eq(orgUnits.status, 'active'), inArray(orgUnits.kind, [...kinds])),
      )
      .orderBy(asc(orgUnits.createdAt), asc(orgUnits.id));
  },

  async insertUnit(db: Db, row: typeof orgUnits.$inferInsert): Promise<OrgUnitRow> {
    const [created] = await db.insert(orgUnits).values(row).returning();
    return created!;
  },

  async updateUnit(db: Db, id: string, patch: Partial<Omit<OrgUnitRow, 'id' | 'createdAt'>>): Promise<OrgUnitRow> {
    const [updated] = await db.update(orgUnits).set(patch).where(eq(orgUnits.id, id)).returning();
    return updated!;
  },

  async unitPage(
    db: Db,
    req: PageRequest<OrgUnitSortField>,
    filter: {
      parentId?: string;
      division?: string;
      kind?: OrgUnitKind;
      status?: 'active' | 'dissolved';
      q?: string;
      scopes: readonly string[];
    },
  ) {
    const conditions: (SQL | undefined)[] = [inScopes(orgUnits.divisionCode, filter.scopes)];
    if (filter.parentId) conditions.push(eq(orgUnits.parentId, filter.parentId));
    if (filter.division) conditions.push(like(orgUnits.divisionCode, `${filter.division}%`));
    if (filter.kind) conditions.push(eq(orgUnits.kind, filter.kind));
    if (filter.status) conditions.push(eq(orgUnits.status, filter.status));
    if (filter.q) conditions.push(ilike(orgUnits.name, `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`));
    const where = and(...conditions);
    const items = await db
      .select()
      .from(orgUnits)
      .where(where)
      .orderBy(
        ...orderBy(
          req,
          { name: orgUnits.name, divisionCode: orgUnits.divisionCode, createdAt: orgUnits.createdAt },
          orgUnits.id,
        ),
      )
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db.select({ n: count() }).from(orgUnits).where(where);
    return { items, total: total?.n ?? 0 };
  },
};
