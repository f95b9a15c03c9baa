import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import type { GrantSortField, OrgUnitSortField, RoleSortField } from './access.repo.ts';
import {
  Grant,
  type GrantDto,
  GrantsQuery,
  NewGrant,
  NewOrgUnit,
  NewRole,
  OrgUnit,
  type OrgUnitDto,
  OrgUnitPatch,
  OrgUnitsQuery,
  PermissionInfo,
  Role,
  type RoleDto,
  RoleParams,
  RolePatch,
  RolesQuery,
} from './access.schemas.ts';
import type { GrantRow, OrgUnitRow, RoleRow } from './access.service.ts';

/** Roles and grants (the security administrator's) and org units (the system administrator's). */
export async function accessRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access, time } = ctx;
  const toRole = (r: RoleRow): RoleDto => ({
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    permissions: r.permissions,
    builtin: r.builtin === 'yes',
    createdAt: time.format(r.createdAt),
    updatedAt: time.format(r.updatedAt),
  });
  const toGrant = (g: GrantRow): GrantDto => ({
    id: g.id,
    accountId: g.accountId,
    roleCode: g.roleCode,
    scopeKind: g.scopeKind,
    scopeValues: g.scopeValues,
    ownerDivision: g.ownerDivision,
    active: g.revokedAt === null,
    grantedBy: g.grantedBy,
    grantedAt: time.format(g.grantedAt),
    revokedAt: g.revokedAt ? time.format(g.revokedAt) : null,
    revokedBy: g.revokedBy,
  });
  const toUnit = (u: OrgUnitRow): OrgUnitDto => ({
    id: u.id,
    name: u.name,
    kind: u.kind,
    parentId: u.parentId,
    divisionCode: u.divisionCode,
    uscc: u.uscc,
    status: u.status,
    createdAt: time.format(u.createdAt),
    updatedAt: time.format(u.updatedAt),
  });

  // ---------------------------------------------------------------- roles
  const roleTags = ['access'];

  app.get('/api/admin/permissions', {
    config: { access: { permission: 'access.roles.read' } },
    schema: {
      tags: roleTags,
      summary: 'The permissions roles are made of',
      response: { 200: Type.Object({ items: Type.Array(PermissionInfo) }) },
    },
    handler: async (request) => ({ items: access.permissions(request.actor) }),
  });

  app.get('/api/admin/roles', {
    config: { access: { permission: 'access.roles.read' } },
    schema: {
      tags: roleTags,
      summary: 'Roles, built-in and the city’s own',
      querystring: RolesQuery,
      response: { 200: Page(Role) },
    },
    handler: async (request) => {
      const page = await access.listRoles(request.actor, pageRequest<RoleSortField>(request.query, 'code'));
      return { ...page, items: page.items.map(toRole) };
    },
  });

  app.post('/api/admin/roles', {
    config: { access: { permission: 'access.roles.manage' }, idempotent: true },
    schema: {
      tags: roleTags,
      summary: 'Create a role (a named set of permissions)',
      headers: IdempotencyHeaders,
      body: NewRole,
      response: { 201: Role },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: toRole(await access.createRole(request.actor, request.body, tx)),
      })),
  });

  app.patch('/api/admin/roles/:code', {
    config: { access: { permission: 'access.roles.manage' } },
    schema: {
      tags: roleTags,
      summary: 'Rename a role of the city’s own or change its permissions',
      params: RoleParams,
      body: RolePatch,
      response: { 200: Role },
    },
    handler: async (request) => toRole(await access.updateRole(request.actor, request.params.code, request.body)),
  });

  // ---------------------------------------------------------------- grants

  app.get('/api/admin/grants', {
    config: { access: { permission: 'access.grants.read' } },
    schema: {
      tags: roleTags,
      summary: 'Grants within your scope, in force and revoked',
      querystring: GrantsQuery,
      response: { 200: Page(Grant) },
    },
    handler: async (request) => {
      const { accountId, roleCode, active } = request.query;
      const page = await access.listGrants(request.actor, pageRequest<GrantSortField>(request.query, '-grantedAt'), {
        accountId,
        roleCode,
        active,
      });
      return { ...page, items: page.items.map(toGrant) };
    },
  });

  app.post('/api/admin/grants', {
    config: { access: { permission: 'access.grants.manage' }, idempotent: true },
    schema: {
      tags: roleTags,
      summary: 'Grant a role to an account within a data scope',
      headers: IdempotencyHeaders,
      body: NewGrant,
      response: { 201: Grant },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: toGrant(await access.grant(request.actor, request.body, tx)),
      })),
  });

  app.post('/api/admin/grants/:id/revoke', {
    config: { access: { permission: 'access.grants.manage' } },
    schema: {
      tags: roleTags,
      summary: 'Revoke a grant (it stays on record)',
      params: IdParams,
      response: { 200: Grant },
    },
    handler: async (request) => toGrant(await access.revoke(request.actor, request.params.id)),
  });

  // ---------------------------------------------------------------- org units
  const unitTags = ['organisation'];

  app.get('/api/admin/org-units', {
    config: { access: { permission: 'org.units.read' } },
    schema: {
      tags: unitTags,
      summary: 'Organisation units within your scope',
      querystring: OrgUnitsQuery,
      response: { 200: Page(OrgUnit) },
    },
    handler: async (request) => {
      const { parentId, division, kind, status, q } = request.query;
      const page = await access.listOrgUnits(
        request.actor,
        pageRequest<OrgUnitSortField>(request.query, 'divisionCode,name'),
        { parentId, division, kind, status, q },
      );
      return { ...page, items: page.items.map(toUnit) };
    },
  });

  app.post('/api/admin/org-units', {
    config: { access: { permission: 'org.units.manage' }, idempotent: true },
    schema: {
      tags: unitTags,
      summary: 'Create an organisation unit',
      headers: IdempotencyHeaders,
      body: NewOrgUnit,
      response: { 201: OrgUnit },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: toUnit(await access.createOrgUnit(request.actor, request.body, tx)),
      })),
  });

  app.get('/api/admin/org-units/:id', {
    config: { access: { permission: 'org.units.read' } },
    schema: { tags: unitTags, summary: 'One organisation unit', params: IdParams, response: { 200: OrgUnit } },
    handler: async (request) => toUnit(await access.getOrgUnit(request.actor, request.params.id)),
  });

  app.patch('/api/admin/org-units/:id', {
    config: { access: { permission: 'org.units.manage' } },
    schema: {
      tags: unitTags,
      summary: 'Rename, move, re-assign or dissolve an organisation unit',
      params: IdParams,
      body: OrgUnitPatch,
      response: { 200: OrgUnit },
    },
    handler: async (request) => toUnit(await access.updateOrgUnit(request.actor, request.params.id, request.body)),
  });
}
