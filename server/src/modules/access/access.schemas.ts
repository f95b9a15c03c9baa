import { type Static, Type } from 'typebox';
import { PERMISSIONS } from '../../platform/access.ts';
import { PageQuery } from '../../platform/paging.ts';
import { DivisionCode, NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.ts';
import type { OrgUnitKind, ScopeKind } from './access.tables.ts';

const ORG_UNIT_KINDS = [
  'government',
  'department',
  'street_office',
  'community',
  'committee',
  'command_centre',
  'mediation_room',
  'station',
  'other',
] as const satisfies readonly OrgUnitKind[];
const SCOPE_KINDS = ['division', 'grids', 'org_unit'] as const satisfies readonly ScopeKind[];
const UNIT_STATUSES = ['active', 'dissolved'] as const;

export const PermissionCode = Type.Enum(PERMISSIONS, { description: 'a named permission' });
export const OrgUnitKindSchema = Type.Enum(ORG_UNIT_KINDS, {
  description:
    'government 人民政府, department 专业部门, street_office 街道办/乡镇, community 社区/村, committee 委员会, command_centre 指挥中心, mediation_room 调解室, station 站所, other',
});
const ScopeKindSchema = Type.Enum(SCOPE_KINDS, {
  description:
    'division: a division subtree; grids: a set of grids; org_unit: an org unit (and the division it serves)',
});
const UnitStatus = Type.Enum(UNIT_STATUSES);

const RoleCode = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,39}$', description: 'lower case, 2–40 characters' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Uscc = Type.String({
  pattern: '^[0-9A-Za-z]{18}$',
  description: '统一社会信用代码 (GB 32100): 18 characters with a valid check character',
});

// ------------------------------------------------------------------ permissions and roles

export const PermissionInfo = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });

export const Role = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  permissions: Type.Array(Type.String()),
  builtin: Type.Boolean({ description: 'from the catalogue in the code; refreshed at start and not editable' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RoleDto = Static<typeof Role>;

const Permissions = Type.Array(PermissionCode, { maxItems: PERMISSIONS.length, uniqueItems: true });

export const NewRole = Type.Object(
  { code: RoleCode, nameZh: Name, nameEn: Name, permissions: Permissions },
  { additionalProperties: false },
);

export const RolePatch = Type.Object(
  { nameZh: Type.Optional(Name), nameEn: Type.Optional(Name), permissions: Type.Optional(Permissions) },
  { additionalProperties: false, minProperties: 1 },
);

export const RoleParams = Type.Object({ code: RoleCode }, { additionalProperties: false });

export const RolesQuery = PageQuery(['code', 'createdAt', 'updatedAt'] as const);

// ------------------------------------------------------------------ grants

export const Grant = Type.Object({
  id: Uuid,
  accountId: Uuid,
  roleCode: Type.String(),
  scopeKind: ScopeKindSchema,
  scopeValues: Type.Array(Type.String()),
  ownerDivision: Type.String({ description: 'the nearest division containing the whole scope' }),
  active: Type.Boolean(),
  grantedBy: Type.String(),
  grantedAt: Timestamp,
  revokedAt: NullableTimestamp,
  revokedBy: Type.Union([Type.String(), Type.Null()]),
});
export type GrantDto = Static<typeof Grant>;

export const NewGrant = Type.Object(
  {
    accountId: Uuid,
    roleCode: RoleCode,
    scopeKind: ScopeKindSchema,
    scopeValues: Type.Array(Type.String({ maxLength: 36, pattern: '^[0-9a-fA-F-]*$' }), {
      minItems: 1,
      maxItems: 200,
      description:
        "division: one division code ('' = the whole installation); org_unit: one unit id; grids: 15-digit grid codes",
    }),
  },
  { additionalProperties: false },
);

export const GrantsQuery = PageQuery(['grantedAt', 'roleCode'] as const, {
  accountId: Type.Optional(Uuid),
  roleCode: Type.Optional(RoleCode),
  active: Type.Optional(Type.Boolean({ description: 'true: in force; false: revoked' })),
});

// ------------------------------------------------------------------ org units

export const OrgUnit = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: OrgUnitKindSchema,
  parentId: Type.Union([Uuid, Type.Null()]),
  divisionCode: Type.String({ description: 'the division the unit serves' }),
  uscc: Type.Union([Type.String(), Type.Null()]),
  status: UnitStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrgUnitDto = Static<typeof OrgUnit>;

export const NewOrgUnit = Type.Object(
  {
    name: Name,
    kind: OrgUnitKindSchema,
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    divisionCode: DivisionCode,
    uscc: Type.Optional(Type.Union([Uscc, Type.Null()])),
  },
  { additionalProperties: false },
);

export const OrgUnitPatch = Type.Object(
  {
    name: Type.Optional(Name),
    kind: Type.Optional(OrgUnitKindSchema),
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'null: a top-level unit' })),
    divisionCode: Type.Optional(DivisionCode),
    uscc: Type.Optional(Type.Union([Uscc, Type.Null()])),
    status: Type.Optional(UnitStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const OrgUnitsQuery = PageQuery(['name', 'divisionCode', 'createdAt'] as const, {
  parentId: Type.Optional(Uuid),
  division: Type.Optional(DivisionCode),
  kind: Type.Optional(OrgUnitKindSchema),
  status: Type.Optional(UnitStatus),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the name' })),
});
