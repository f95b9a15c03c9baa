import type { Db } from '../../db/database.ts';
import { FOREIGN_KEY_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { type Actor, type DataScope, PERMISSIONS, type Permission } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { commonDivision, DIVISION_CODE_PATTERN, GRID_CODE_PATTERN, isWithin } from '../../platform/divisions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import type { AuditEntry, AuditService } from '../audit/audit.service.ts';
import { BUILTIN_ROLES, PERMISSION_LABELS } from './access.catalogue.ts';
import { AccessErrors, accessPolicy, conflictingDuties, dutiesOf, dutyNames } from './access.policy.ts';
import {
  accessRepo,
  type GrantRow,
  type GrantSortField,
  type OrgUnitRow,
  type OrgUnitSortField,
  type RoleRow,
  type RoleSortField,
} from './access.repo.ts';
import type { OrgUnitKind, ScopeKind } from './access.tables.ts';
import { isValidUscc } from './access.uscc.ts';

export type { GrantRow, OrgUnitKind, OrgUnitRow, RoleRow, ScopeKind };

export interface NewRole {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: readonly Permission[];
}

export interface RolePatch {
  nameZh?: string;
  nameEn?: string;
  permissions?: readonly Permission[];
}

export interface NewGrant {
  accountId: string;
  roleCode: string;
  /** division: one division code ('' = the installation); org_unit: one unit id; grids: 15-digit grid codes. */
  scopeKind: ScopeKind;
  scopeValues: readonly string[];
}

export interface GrantFilter {
  accountId?: string;
  roleCode?: string;
  /** true: in force; false: revoked; absent: both. */
  active?: boolean;
}

export interface NewOrgUnit {
  name: string;
  kind: OrgUnitKind;
  parentId?: string | null;
  divisionCode: string;
  /** 统一社会信用代码, where the unit has one. */
  uscc?: string | null;
}

export interface OrgUnitPatch {
  name?: string;
  kind?: OrgUnitKind;
  parentId?: string | null;
  divisionCode?: string;
  uscc?: string | null;
  status?: 'active' | 'dissolved';
}

export interface OrgUnitFilter {
  parentId?: string;
  /** The division subtree the units serve. */
  division?: string;
  kind?: OrgUnitKind;
  status?: 'active' | 'dissolved';
  /** Part of the name. */
  q?: string;
}

export interface PermissionInfo {
  code: Permission;
  nameZh: string;
  nameEn: string;
}

const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(PERMISSIONS);
const ROLE_CODE = /^[a-z][a-z0-9_-]{1,39}$/;
const DIVISION_CODE = new RegExp(DIVISION_CODE_PATTERN);
/** 12-digit community code + 3-digit sequence (网格编码). */
const GRID_CODE = new RegExp(GRID_CODE_PATTERN);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_GRIDS = 200;

/**
 * Organisation units, roles as data and grants with data scopes: who may do what, where.
 *
 * An actor's permissions are the union of the permissions of the roles it holds through grants in
 * force; its scope is the union of the grants' scopes (a division subtree, a set of grids, or an org
 * unit together with the division the unit serves). Grants are revoked, never deleted. Roles and
 * grants are the security administrator's, org units the system administrator's (三员分立), and
 * every change is put on the audit record in the transaction of the change.
 */
export class AccessService {
  constructor(private readonly deps: { db: Db; time: BusinessTime; audit: AuditService }) {}

  // ------------------------------------------------------------------ actors

  /** The actor an account acts as: for the session resolver (identity). */
  async actorFor(
    account: { id: string; personId: string; displayName: string },
    sessionId: string | null,
    db: Db = this.deps.db,
  ): Promise<Actor> {
    const held = await accessRepo.activeGrants(db, [account.id]);
    const permissions = new Set<Permission>();
    const roles = new Set<string>();
    const divisions = new Set<string>();
    const grids = new Set<string>();
    const orgUnits = new Set<string>();
    for (const g of held) {
      roles.add(g.roleCode);
      // A permission removed from the code may linger in a stored role: it grants nothing.
      for (const p of g.permissions) if (KNOWN_PERMISSIONS.has(p)) permissions.add(p as Permission);
      if (g.scopeKind === 'division') for (const v of g.scopeValues) divisions.add(v);
      else if (g.scopeKind === 'grids') for (const v of g.scopeValues) grids.add(v);
      else if (g.scopeKind === 'org_unit') for (const v of g.scopeValues) orgUnits.add(v);
    }
    for (const unit of await accessRepo.findUnits(db, [...orgUnits])) divisions.add(unit.divisionCode);
    const scope: DataScope = {
      divisions: outermost([...divisions]),
      grids: [...grids].sort(),
      orgUnits: [...orgUnits].sort(),
    };
    return {
      kind: 'user',
      id: account.id,
      personId: account.personId,
      displayName: account.displayName,
      roles: [...roles].sort(),
      permissions,
      scope,
      sessionId,
    };
  }

  // ------------------------------------------------------------------ roles

  /** Creates the built-in roles and refreshes their names and permissions; run at every start. */
  async ensureBuiltinRoles(db: Db = this.deps.db): Promise<string[]> {
    const now = this.deps.time.now();
    return accessRepo.upsertBuiltinRoles(
      db,
      BUILTIN_ROLES.map((r) => ({
        code: r.code,
        nameZh: r.nameZh,
        nameEn: r.nameEn,
        permissions: [...r.permissions],
        builtin: 'yes' as const,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }

  /** Every role, by code. Role names and permissions are not secret: for showing who holds what. */
  async roles(db: Db = this.deps.db): Promise<RoleRow[]> {
    return accessRepo.allRoles(db);
  }

  async listRoles(actor: Actor, req: PageRequest<RoleSortField>): Promise<PageOf<RoleRow>> {
    accessPolicy.readRoles(actor);
    const { items, total } = await accessRepo.rolePage(this.deps.db, req);
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  /** The permissions a role may be made of, with what they mean. */
  permissions(actor: Actor): PermissionInfo[] {
    accessPolicy.readRoles(actor);
    return PERMISSIONS.map((code) => ({
      code,
      nameZh: PERMISSION_LABELS[code]?.nameZh ?? code,
      nameEn: PERMISSION_LABELS[code]?.nameEn ?? code,
    }));
  }

  async createRole(actor: Actor, input: NewRole, db: Db = this.deps.db): Promise<RoleRow> {
    accessPolicy.manageRoles(actor);
    if (!ROLE_CODE.test(input.code)) throw PlatformErrors.BAD_REQUEST({ reason: `role code ${input.code}` });
    if (BUILTIN_ROLES.some((r) => r.code === input.code)) throw AccessErrors.ROLE_EXISTS({ code: input.code });
    const permissions = knownPermissions(input.permissions);
    const mixed = conflictingDuties(dutiesOf(permissions));
    if (mixed) throw AccessErrors.ROLE_DUTIES_MIXED({ duties: dutyNames(mixed) });
    return db.transaction(async (tx) => {
      if (await accessRepo.findRole(tx, input.code)) throw AccessErrors.ROLE_EXISTS({ code: input.code });
      const now = this.deps.time.now();
      const role = await accessRepo
        .insertRole(tx, {
          code: input.code,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          permissions,
          builtin: 'no',
          createdAt: now,
          updatedAt: now,
        })
        .catch((err: unknown) => {
          throw pgErrorCode(err) === UNIQUE_VIOLATION ? AccessErrors.ROLE_EXISTS({ code: input.code }) : err;
        });
      await this.record(tx, actor, 'access.role.created', { type: 'role', id: role.code }, '', { permissions });
      return role;
    });
  }

  /**
   * Renames a city's role or changes its permissions. Built-in roles come from the catalogue and are
   * refreshed at start, so they are not changed here. A change reaches every holder at once: the
   * caller must be responsible for all of them, and no holder may end up with two administrators'
   * powers.
   */
  async updateRole(actor: Actor, code: string, patch: RolePatch, db: Db = this.deps.db): Promise<RoleRow> {
    accessPolicy.manageRoles(actor);
    return db.transaction(async (tx) => {
      await accessRepo.lockGrants(tx);
      const role = await accessRepo.findRole(tx, code);
      if (!role) throw AccessErrors.ROLE_NOT_FOUND({ code });
      if (role.builtin === 'yes') throw AccessErrors.ROLE_BUILTIN({ code });
      const holders = await accessRepo.activeHoldersOf(tx, code);
      accessPolicy.changeRole(
        actor,
        code,
        holders.map((h) => h.ownerDivision),
      );
      const permissions = patch.permissions ? knownPermissions(patch.permissions) : undefined;
      if (permissions) {
        const mixed = conflictingDuties(dutiesOf(permissions));
        if (mixed) throw AccessErrors.ROLE_DUTIES_MIXED({ duties: dutyNames(mixed) });
        const accounts = [...new Set(holders.map((h) => h.accountId))];
        const others = (await accessRepo.activeGrants(tx, accounts)).filter((g) => g.roleCode !== code);
        for (const accountId of accounts) {
          const held = others.filter((g) => g.accountId === accountId).flatMap((g) => g.permissions);
          const conflict = conflictingDuties(dutiesOf([...held, ...permissions]));
          if (conflict) {
            throw AccessErrors.ROLE_CHANGE_BREAKS_SEPARATION({ code, accountId, duties: dutyNames(conflict) });
          }
        }
      }
      const updated = await accessRepo.updateRole(tx, code, {
        ...(patch.nameZh !== undefined ? { nameZh: patch.nameZh } : {}),
        ...(patch.nameEn !== undefined ? { nameEn: patch.nameEn } : {}),
        ...(permissions ? { permissions } : {}),
        updatedAt: this.deps.time.now(),
      });
      await this.record(tx, actor, 'access.role.updated', { type: 'role', id: code }, '', {
        fields: Object.keys(patch),
        ...(permissions ? { before: role.permissions, after: permissions } : {}),
      });
      return updated;
    });
  }

  // ------------------------------------------------------------------ grants

  /**
   * Gives an account a role within a data scope. Never to oneself; only within the caller's own scope;
   * the three administrators stay apart (三员分立). A system actor (`operatorActor()`) may grant
   * anywhere: the demo seeders and the CLI use it.
   */
  async grant(actor: Actor, input: NewGrant, db: Db = this.deps.db): Promise<GrantRow> {
    accessPolicy.grant(actor, input.accountId);
    return db.transaction(async (tx) => {
      await accessRepo.lockGrants(tx);
      const role = await accessRepo.findRole(tx, input.roleCode);
      if (!role) throw AccessErrors.ROLE_NOT_FOUND({ code: input.roleCode });
      const scope = await this.resolveScope(tx, input.scopeKind, input.scopeValues);
      accessPolicy.grantScope(actor, scope.divisions);
      if (!UUID.test(input.accountId)) throw AccessErrors.ACCOUNT_NOT_FOUND({ id: input.accountId });
      const held = await accessRepo.activeGrants(tx, [input.accountId]);
      const key = scope.values.join(',');
      if (
        held.some((g) => g.roleCode === role.code && g.scopeKind === input.scopeKind && g.scopeValues.join(',') === key)
      ) {
        throw AccessErrors.GRANT_EXISTS({ code: role.code });
      }
      accessPolicy.separation(dutiesOf(held.flatMap((g) => g.permissions)), role);
      const row = await accessRepo
        .insertGrant(tx, {
          id: newId(),
          accountId: input.accountId,
          roleCode: role.code,
          scopeKind: input.scopeKind,
          scopeValues: scope.values,
          ownerDivision: scope.ownerDivision,
          grantedBy: actor.id ?? 'anonymous',
          grantedAt: this.deps.time.now(),
          revokedAt: null,
          revokedBy: null,
        })
        .catch((err: unknown) => {
          // The account lives in the identity module; its foreign key says whether it exists.
          throw pgErrorCode(err) === FOREIGN_KEY_VIOLATION
            ? AccessErrors.ACCOUNT_NOT_FOUND({ id: input.accountId })
            : err;
        });
      await this.record(
        tx,
        actor,
        'access.grant.created',
        { type: 'account', id: input.accountId },
        row.ownerDivision,
        {
          grantId: row.id,
          roleCode: row.roleCode,
          scopeKind: row.scopeKind,
          scopeValues: row.scopeValues,
        },
      );
      return row;
    });
  }

  /** Ends a grant; the row stays, so who could do what, when, remains answerable. */
  async revoke(actor: Actor, grantId: string, db: Db = this.deps.db): Promise<GrantRow> {
    accessPolicy.manageGrants(actor);
    return db.transaction(async (tx) => {
      await accessRepo.lockGrants(tx);
      const grant = await accessRepo.findGrant(tx, grantId);
      if (!grant) throw AccessErrors.GRANT_NOT_FOUND({ id: grantId });
      accessPolicy.revoke(actor, grant.ownerDivision);
      if (grant.revokedAt) {
        throw AccessErrors.GRANT_ALREADY_REVOKED({ revokedAt: this.deps.time.format(grant.revokedAt) });
      }
      const row = await accessRepo.revokeGrant(tx, grantId, this.deps.time.now(), actor.id ?? 'anonymous');
      await this.record(tx, actor, 'access.grant.revoked', { type: 'account', id: row.accountId }, row.ownerDivision, {
        grantId: row.id,
        roleCode: row.roleCode,
      });
      return row;
    });
  }

  /** An account's grants (in force and revoked, newest first) that lie within the caller's scope. */
  async grantsOf(actor: Actor, accountId: string, db: Db = this.deps.db): Promise<GrantRow[]> {
    accessPolicy.readGrants(actor);
    return accessRepo.grantsOfAccount(db, accountId, actor.scope.divisions);
  }

  async listGrants(actor: Actor, req: PageRequest<GrantSortField>, filter: GrantFilter): Promise<PageOf<GrantRow>> {
    accessPolicy.readGrants(actor);
    const { items, total } = await accessRepo.grantPage(this.deps.db, req, {
      ...filter,
      scopes: actor.scope.divisions,
    });
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  /**
   * The stored form of a scope, the divisions it reaches (each must be in the granter's scope) and its
   * owner division: the nearest division containing all of it.
   */
  private async resolveScope(
    db: Db,
    kind: ScopeKind,
    values: readonly string[],
  ): Promise<{ values: string[]; divisions: string[]; ownerDivision: string }> {
    const invalid = (reason: string) => AccessErrors.GRANT_SCOPE_INVALID({ reason });
    switch (kind) {
      case 'division': {
        const [code, ...rest] = values;
        if (code === undefined || rest.length > 0) throw invalid('one division code');
        if (code !== '' && !DIVISION_CODE.test(code)) throw invalid(`division code ${code}`);
        return { values: [code], divisions: [code], ownerDivision: code };
      }
      case 'org_unit': {
        const [id, ...rest] = values;
        if (id === undefined || rest.length > 0) throw invalid('one org unit id');
        const unit = UUID.test(id) ? await accessRepo.findUnit(db, id) : null;
        if (!unit) throw AccessErrors.ORG_UNIT_NOT_FOUND({ id });
        if (unit.status !== 'active') throw AccessErrors.ORG_UNIT_DISSOLVED({ name: unit.name });
        return { values: [unit.id], divisions: [unit.divisionCode], ownerDivision: unit.divisionCode };
      }
      case 'grids': {
        const grids = [...new Set(values)].sort();
        if (grids.length === 0 || grids.length > MAX_GRIDS) throw invalid(`1 to ${MAX_GRIDS} grid codes`);
        const bad = grids.find((g) => !GRID_CODE.test(g));
        if (bad !== undefined) throw invalid(`grid code ${bad}`);
        const communities = [...new Set(grids.map((g) => g.slice(0, 12)))];
        return { values: grids, divisions: communities, ownerDivision: commonDivision(communities) };
      }
      default:
        throw invalid(`scope kind ${String(kind)}`);
    }
  }

  // ------------------------------------------------------------------ org units

  async createOrgUnit(actor: Actor, input: NewOrgUnit, db: Db = this.deps.db): Promise<OrgUnitRow> {
    accessPolicy.manageUnits(actor);
    requireDivisionCode(input.divisionCode);
    accessPolicy.manageUnit(actor, input.divisionCode);
    const uscc = normalizeUscc(input.uscc);
    return db.transaction(async (tx) => {
      await accessRepo.lockOrgTree(tx);
      if (input.parentId) {
        const parent = await accessRepo.findUnit(tx, input.parentId);
        if (!parent) throw AccessErrors.ORG_UNIT_PARENT_NOT_FOUND({ id: input.parentId });
        checkParent(parent, input.divisionCode);
      }
      if (uscc) await this.requireUsccFree(tx, uscc, null);
      const now = this.deps.time.now();
      const unit = await accessRepo
        .insertUnit(tx, {
          id: newId(),
          name: input.name,
          kind: input.kind,
          parentId: input.parentId ?? null,
          divisionCode: input.divisionCode,
          uscc,
          status: 'active',
          ownerDivision: input.divisionCode,
          createdAt: now,
          updatedAt: now,
        })
        .catch(usccTaken(uscc));
      await this.record(tx, actor, 'org.unit.created', { type: 'org_unit', id: unit.id }, unit.divisionCode, {
        kind: unit.kind,
        parentId: unit.parentId,
      });
      return unit;
    });
  }

  /**
   * Renames, re-parents, re-assigns or dissolves a unit. The tree stays a tree, a unit stays within
   * its parent's division, and a unit that carries grants keeps its division: moving it would widen
   * or narrow its holders' scope, which is the security administrator's decision, not the system
   * administrator's.
   */
  async updateOrgUnit(actor: Actor, id: string, patch: OrgUnitPatch, db: Db = this.deps.db): Promise<OrgUnitRow> {
    accessPolicy.manageUnits(actor);
    if (patch.divisionCode !== undefined) requireDivisionCode(patch.divisionCode);
    return db.transaction(async (tx) => {
      await accessRepo.lockOrgTree(tx);
      const unit = await accessRepo.findUnit(tx, id);
      if (!unit) throw AccessErrors.ORG_UNIT_NOT_FOUND({ id });
      accessPolicy.manageUnit(actor, unit.divisionCode);
      const divisionCode = patch.divisionCode ?? unit.divisionCode;
      if (divisionCode !== unit.divisionCode) accessPolicy.manageUnit(actor, divisionCode);
      const parentId = patch.parentId === undefined ? unit.parentId : patch.parentId;
      const status = patch.status ?? unit.status;
      const uscc = patch.uscc === undefined ? unit.uscc : normalizeUscc(patch.uscc);

      if (parentId && (parentId !== unit.parentId || divisionCode !== unit.divisionCode || status !== unit.status)) {
        const parent = await accessRepo.findUnit(tx, parentId);
        if (!parent) throw AccessErrors.ORG_UNIT_PARENT_NOT_FOUND({ id: parentId });
        if ((await accessRepo.lineageIds(tx, parent.id)).includes(unit.id)) {
          throw AccessErrors.ORG_UNIT_CYCLE({ name: unit.name });
        }
        if (status === 'active') checkParent(parent, divisionCode);
      }
      if (divisionCode !== unit.divisionCode || (status === 'dissolved' && unit.status === 'active')) {
        const grantCount = await accessRepo.countActiveUnitGrants(tx, unit.id);
        if (grantCount > 0) throw AccessErrors.ORG_UNIT_HAS_GRANTS({ name: unit.name, count: grantCount });
        const children = await accessRepo.activeChildren(tx, unit.id);
        if (status === 'dissolved' && children.length > 0) {
          throw AccessErrors.ORG_UNIT_HAS_CHILDREN({ name: unit.name, count: children.length });
        }
        const outside = children.find((c) => !isWithin(c.divisionCode, divisionCode));
        if (outside) {
          throw AccessErrors.ORG_UNIT_CHILD_OUTSIDE({
            child: outside.name,
            childDivision: outside.divisionCode,
            divisionCode,
          });
        }
      }
      if (uscc && uscc !== unit.uscc) await this.requireUsccFree(tx, uscc, unit.id);

      const updated = await accessRepo
        .updateUnit(tx, id, {
          name: patch.name ?? unit.name,
          kind: patch.kind ?? unit.kind,
          parentId,
          divisionCode,
          ownerDivision: divisionCode,
          uscc,
          status,
          updatedAt: this.deps.time.now(),
        })
        .catch(usccTaken(uscc));
      await this.record(tx, actor, 'org.unit.updated', { type: 'org_unit', id }, divisionCode, {
        fields: Object.keys(patch),
        ...(divisionCode !== unit.divisionCode ? { divisionBefore: unit.divisionCode } : {}),
      });
      return updated;
    });
  }

  async listOrgUnits(
    actor: Actor,
    req: PageRequest<OrgUnitSortField>,
    filter: OrgUnitFilter = {},
  ): Promise<PageOf<OrgUnitRow>> {
    accessPolicy.readUnits(actor);
    const { items, total } = await accessRepo.unitPage(this.deps.db, req, { ...filter, scopes: actor.scope.divisions });
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  async getOrgUnit(actor: Actor, id: string, db: Db = this.deps.db): Promise<OrgUnitRow> {
    accessPolicy.readUnits(actor);
    const unit = await accessRepo.findUnit(db, id);
    if (!unit) throw AccessErrors.ORG_UNIT_NOT_FOUND({ id });
    accessPolicy.readUnit(actor, unit.divisionCode);
    return unit;
  }

  /** Which of these org units exist and are active (the case engine refuses to dispatch elsewhere). */
  async activeUnitIds(ids: readonly string[], db: Db = this.deps.db): Promise<Set<string>> {
    const units = await accessRepo.findUnits(db, ids);
    return new Set(units.filter((u) => u.status === 'active').map((u) => u.id));
  }

  /**
   * The active units of these kinds serving exactly this division, in the order of `kinds`, then oldest first
   * (the routing module's territorial fallback: the street office or town government of a town).
   */
  async unitsServing(
    divisionCode: string,
    kinds: readonly OrgUnitKind[],
    db: Db = this.deps.db,
  ): Promise<OrgUnitRow[]> {
    const units = await accessRepo.activeUnitsServing(db, divisionCode, kinds);
    return units.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
  }

  /** Names of these units, whatever their state (a dissolved unit still names old tasks). */
  async unitNames(ids: readonly string[], db: Db = this.deps.db): Promise<Map<string, string>> {
    return new Map((await accessRepo.findUnits(db, [...new Set(ids)])).map((u) => [u.id, u.name]));
  }

  /**
   * Active units a case at this division may be given to: the ones serving it or a division above it,
   * nearest first (the street office before the county's departments before the city's).
   */
  async unitsOver(divisionCode: string, db: Db = this.deps.db): Promise<OrgUnitRow[]> {
    return accessRepo.activeUnitsOver(db, divisionCode);
  }

  /**
   * Accounts holding one of these roles through a grant whose scope covers the place (a division subtree
   * containing it, its grid, or a unit serving a division above it), with the roles that matched: whom a
   * task there may be handed to. Accounts that are not active are the caller's to drop.
   */
  async holdersAt(
    roleCodes: readonly string[],
    place: { divisionCode: string; gridCode: string | null },
    db: Db = this.deps.db,
  ): Promise<Map<string, string[]>> {
    const found = await accessRepo.grantsOfRoles(db, roleCodes);
    const unitIds = found.filter((g) => g.scopeKind === 'org_unit').flatMap((g) => g.scopeValues);
    const unitDivision = new Map((await accessRepo.findUnits(db, unitIds)).map((u) => [u.id, u.divisionCode]));
    const covers = (g: GrantRow) => {
      if (g.scopeKind === 'division') return g.scopeValues.some((v) => place.divisionCode.startsWith(v));
      if (g.scopeKind === 'grids') return place.gridCode !== null && g.scopeValues.includes(place.gridCode);
      return g.scopeValues.some((u) => place.divisionCode.startsWith(unitDivision.get(u) ?? '-'));
    };
    const out = new Map<string, string[]>();
    for (const g of found) {
      if (!covers(g)) continue;
      const held = out.get(g.accountId) ?? [];
      if (!held.includes(g.roleCode)) held.push(g.roleCode);
      out.set(g.accountId, held);
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers

  private async requireUsccFree(db: Db, uscc: string, self: string | null): Promise<void> {
    const holder = await accessRepo.findUnitByUscc(db, uscc);
    if (holder && holder.id !== self) throw AccessErrors.ORG_UNIT_USCC_TAKEN({ uscc });
  }

  private async record(
    tx: Db,
    actor: Actor,
    action: string,
    target: AuditEntry['target'],
    ownerDivision: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.record({ actor, action, target, ownerDivision, details }, tx);
  }
}

/** Codes of the list that no other code of the list contains ('' contains everything). */
function outermost(codes: string[]): string[] {
  const unique = [...new Set(codes)];
  return unique.filter((c) => !unique.some((o) => o !== c && isWithin(c, o))).sort();
}

/** The most specific division containing all the codes ('' when they share no province). */
function knownPermissions(permissions: readonly string[]): Permission[] {
  const unknown = permissions.find((p) => !KNOWN_PERMISSIONS.has(p));
  if (unknown !== undefined) throw PlatformErrors.BAD_REQUEST({ reason: `unknown permission ${unknown}` });
  return PERMISSIONS.filter((p) => permissions.includes(p));
}

/** A unit serves a real division (not '' — the installation is not a place). */
function requireDivisionCode(code: string): void {
  if (!DIVISION_CODE.test(code)) throw PlatformErrors.BAD_REQUEST({ reason: `division code ${code}` });
}

function checkParent(parent: OrgUnitRow, divisionCode: string): void {
  if (parent.status !== 'active') throw AccessErrors.ORG_UNIT_DISSOLVED({ name: parent.name });
  if (!isWithin(divisionCode, parent.divisionCode)) {
    throw AccessErrors.ORG_UNIT_OUTSIDE_PARENT({
      divisionCode,
      parent: parent.name,
      parentDivision: parent.divisionCode,
    });
  }
}

/** Upper case, then shape and GB 32100 check character; empty means none. */
function normalizeUscc(uscc: string | null | undefined): string | null {
  if (uscc === null || uscc === undefined) return null;
  const code = uscc.trim().toUpperCase();
  if (code === '') return null;
  if (!isValidUscc(code)) throw AccessErrors.ORG_UNIT_USCC_INVALID({ uscc: uscc.slice(0, 40) });
  return code;
}

function usccTaken(uscc: string | null): (err: unknown) => never {
  return (err) => {
    throw uscc && pgErrorCode(err) === UNIQUE_VIOLATION ? AccessErrors.ORG_UNIT_USCC_TAKEN({ uscc }) : err;
  };
}
