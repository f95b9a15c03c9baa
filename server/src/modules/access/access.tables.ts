import { type AnyPgColumn, index, jsonb, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';
import { accounts } from '../identity/identity.tables.ts';

export type OrgUnitKind =
  | 'government'
  | 'department'
  | 'street_office'
  | 'community'
  | 'committee'
  | 'command_centre'
  | 'mediation_room'
  | 'station'
  | 'other';

/**
 * An organisation unit at any level: city and county departments (专业部门), street/town offices,
 * communities, committees, the command centre, mediation rooms, stations.
 */
export const orgUnits = pgTable(
  'org_unit',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').$type<OrgUnitKind>().notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id),
    /** The division the unit serves; also its owner. */
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    /** 统一社会信用代码, 18 characters, where the unit has one. */
    uscc: varchar('uscc', { length: 18 }).unique(),
    status: text('status').$type<'active' | 'dissolved'>().notNull(),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('org_unit_parent_idx').on(t.parentId), index('org_unit_division_idx').on(t.divisionCode)],
);

/** A role: a named set of permissions, kept as data so a city can shape its own. */
export const roles = pgTable('role', {
  code: varchar('code', { length: 40 }).primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  permissions: jsonb('permissions').$type<string[]>().notNull(),
  /** Built-in roles come from the catalogue in code and are refreshed at start; others are the city's. */
  builtin: text('builtin').$type<'yes' | 'no'>().notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export type ScopeKind = 'division' | 'grids' | 'org_unit';

/**
 * A role held by an account within a data scope: a division subtree, a set of grids, or an org unit.
 * Grants are revoked, never deleted, so "who could do what, when" stays answerable.
 */
export const grants = pgTable(
  'access_grant',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    roleCode: varchar('role_code', { length: 40 })
      .notNull()
      .references(() => roles.code),
    scopeKind: text('scope_kind').$type<ScopeKind>().notNull(),
    scopeValues: jsonb('scope_values').$type<string[]>().notNull(),
    /** The division the scope lies in (for scope checks on the grant itself). */
    ownerDivision: ownerDivision(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: instant('granted_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('access_grant_account_idx').on(t.accountId)],
);
