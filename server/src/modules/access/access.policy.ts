import { type Actor, inScope, type Permission, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const AccessErrors = defineErrors({
  ROLE_NOT_FOUND: { status: 404, 'zh-CN': '未找到角色 {code}', 'en-US': 'Role {code} not found' },
  ROLE_EXISTS: { status: 409, 'zh-CN': '角色编码 {code} 已被使用', 'en-US': 'Role code {code} is already taken' },
  ROLE_BUILTIN: {
    status: 409,
    'zh-CN': '角色 {code} 是系统内置角色,不能修改;如需不同的权限,请新建一个角色',
    'en-US': 'Role {code} is built in and cannot be changed; create a role of your own for different permissions',
  },
  ROLE_DUTIES_MIXED: {
    status: 409,
    'zh-CN':
      '一个角色不能同时包含{duties}的权限:系统管理员、安全管理员、审计管理员三员分立,管理员也不能查看完整个人信息',
    'en-US':
      'One role cannot combine the powers of {duties}: the system, security and audit administrators are kept apart, and no administrator may unmask personal data',
  },
  ROLE_HOLDERS_OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '角色 {code} 也授予了您管辖范围以外的账号,您不能修改它',
    'en-US': 'Role {code} is also held by accounts outside your area, so you cannot change it',
  },
  ROLE_CHANGE_BREAKS_SEPARATION: {
    status: 409,
    'zh-CN': '修改后,持有角色 {code} 的账号 {accountId} 将同时拥有{duties}的权限,违反三员分立',
    'en-US':
      'After this change account {accountId}, which holds role {code}, would combine the powers of {duties}, breaking the separation of administrators',
  },
  GRANT_SELF: {
    status: 403,
    'zh-CN': '不能给自己授予角色,请由其他安全管理员办理',
    'en-US': 'You cannot grant a role to yourself; another security administrator has to do it',
  },
  GRANT_ADMIN_SEPARATED: {
    status: 409,
    'zh-CN': '该账号已持有{held}的权限,不能再授予角色 {code}({requested}):系统管理员、安全管理员、审计管理员三员分立',
    'en-US':
      'The account already holds the powers of {held}, so role {code} ({requested}) cannot be added: the system, security and audit administrators are kept apart',
  },
  GRANT_ADMIN_PERSONAL_DATA: {
    status: 409,
    'zh-CN': '管理员账号不能查看完整个人信息:该账号已持有{held}的权限,不能再授予角色 {code}',
    'en-US':
      'Administrator accounts may not unmask personal data: the account holds {held}, so role {code} cannot be added',
  },
  GRANT_SCOPE_INVALID: {
    status: 400,
    'zh-CN': '授权范围无效:{reason}',
    'en-US': 'The scope of the grant is not valid: {reason}',
  },
  GRANT_EXISTS: {
    status: 409,
    'zh-CN': '该账号已在相同范围内持有角色 {code}',
    'en-US': 'The account already holds role {code} in the same scope',
  },
  GRANT_NOT_FOUND: { status: 404, 'zh-CN': '未找到授权 {id}', 'en-US': 'Grant {id} not found' },
  GRANT_ALREADY_REVOKED: {
    status: 409,
    'zh-CN': '该授权已于 {revokedAt} 撤销',
    'en-US': 'This grant was already revoked at {revokedAt}',
  },
  ACCOUNT_NOT_FOUND: { status: 404, 'zh-CN': '未找到账号 {id}', 'en-US': 'Account {id} not found' },
  ORG_UNIT_NOT_FOUND: { status: 404, 'zh-CN': '未找到组织机构 {id}', 'en-US': 'Organisation unit {id} not found' },
  ORG_UNIT_PARENT_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到上级组织机构 {id}',
    'en-US': 'Parent organisation unit {id} not found',
  },
  ORG_UNIT_DISSOLVED: {
    status: 409,
    'zh-CN': '组织机构“{name}”已撤销',
    'en-US': 'Organisation unit “{name}” has been dissolved',
  },
  ORG_UNIT_CYCLE: {
    status: 409,
    'zh-CN': '不能把“{name}”放到它自己或它的下级机构之下',
    'en-US': '“{name}” cannot be placed under itself or one of its own sub-units',
  },
  ORG_UNIT_OUTSIDE_PARENT: {
    status: 409,
    'zh-CN': '机构服务的区划 {divisionCode} 不在上级机构“{parent}”的区划 {parentDivision} 之内',
    'en-US':
      'The division the unit serves ({divisionCode}) is not within that of its parent “{parent}” ({parentDivision})',
  },
  ORG_UNIT_CHILD_OUTSIDE: {
    status: 409,
    'zh-CN': '下级机构“{child}”服务的区划 {childDivision} 将不在 {divisionCode} 之内,请先调整下级机构',
    'en-US': 'Sub-unit “{child}” serves {childDivision}, which would fall outside {divisionCode}; move it first',
  },
  ORG_UNIT_HAS_CHILDREN: {
    status: 409,
    'zh-CN': '“{name}”还有 {count} 个未撤销的下级机构,请先撤销或调整它们',
    'en-US': '“{name}” still has {count} active sub-units; dissolve or move them first',
  },
  ORG_UNIT_HAS_GRANTS: {
    status: 409,
    'zh-CN': '“{name}”上还有 {count} 项有效授权,请安全管理员先撤销这些授权',
    'en-US': '“{name}” still carries {count} active grants; the security administrator has to revoke them first',
  },
  ORG_UNIT_USCC_INVALID: {
    status: 400,
    'zh-CN': '统一社会信用代码 {uscc} 无效(应为 18 位,且校验码正确)',
    'en-US': 'Unified social credit code {uscc} is not valid (18 characters with a correct check character)',
  },
  ORG_UNIT_USCC_TAKEN: {
    status: 409,
    'zh-CN': '统一社会信用代码 {uscc} 已登记给另一个机构',
    'en-US': 'Unified social credit code {uscc} is already registered to another unit',
  },
});

/**
 * 三员分立: the powers that make an administrator. An account — and a role — may carry the powers of
 * at most one administrator, and an administrator may not unmask personal data (the system
 * administrator runs the installation without reading what it holds; the audit administrator reads
 * only the audit log). Read permissions are no administrator's power and combine freely.
 */
export type Duty = 'system' | 'security' | 'audit' | 'personal-data';
const DUTY_OF: Partial<Record<Permission, Duty>> = {
  'identity.users.manage': 'system',
  'org.units.manage': 'system',
  'system.config.write': 'system',
  'system.jobs.manage': 'system',
  'system.backup': 'system',
  'access.roles.manage': 'security',
  'access.grants.manage': 'security',
  'audit.read': 'audit',
  'personal-data.unmask': 'personal-data',
};
const ADMIN_DUTIES: readonly Duty[] = ['system', 'security', 'audit'];
const DUTY_NAMES: Record<Duty, string> = {
  system: 'sysadmin',
  security: 'secadmin',
  audit: 'auditor',
  'personal-data': 'personal-data.unmask',
};

export function dutiesOf(permissions: Iterable<string>): Set<Duty> {
  const out = new Set<Duty>();
  for (const p of permissions) {
    const duty = DUTY_OF[p as Permission];
    if (duty) out.add(duty);
  }
  return out;
}

/** The duties that cannot go together, or null when the set is allowed. */
export function conflictingDuties(duties: ReadonlySet<Duty>): Duty[] | null {
  const admin = ADMIN_DUTIES.filter((d) => duties.has(d));
  if (admin.length > 1) return admin;
  if (admin.length === 1 && duties.has('personal-data')) return [...admin, 'personal-data'];
  return null;
}

export const dutyNames = (duties: Iterable<Duty>): string => [...duties].map((d) => DUTY_NAMES[d]).join(' + ');

/**
 * Who may see and change roles, grants and org units. Roles and grants belong to the security
 * administrator, org units to the system administrator; every grant and unit lies in a division that
 * must be inside the caller's own scope, so a county's administrator works in that county only.
 */
export const accessPolicy = {
  readRoles(actor: Actor): void {
    requirePermission(actor, 'access.roles.read');
  },
  manageRoles(actor: Actor): void {
    requirePermission(actor, 'access.roles.manage');
  },
  /** Changing a role changes what every holder may do: all of them must be the caller's to manage. */
  changeRole(actor: Actor, code: string, holderDivisions: readonly string[]): void {
    requirePermission(actor, 'access.roles.manage');
    if (!holderDivisions.every((d) => inScope(actor, d))) throw AccessErrors.ROLE_HOLDERS_OUT_OF_SCOPE({ code });
  },
  readGrants(actor: Actor): void {
    requirePermission(actor, 'access.grants.read');
  },
  manageGrants(actor: Actor): void {
    requirePermission(actor, 'access.grants.manage');
  },
  /** Granting: never to oneself — a second person has to do it. */
  grant(actor: Actor, accountId: string): void {
    requirePermission(actor, 'access.grants.manage');
    if (actor.id === accountId) throw AccessErrors.GRANT_SELF();
  },
  /** …and only within the caller's own scope: every division the grant reaches must be inside it. */
  grantScope(actor: Actor, divisions: readonly string[]): void {
    for (const d of divisions) requireScope(actor, d);
  },
  revoke(actor: Actor, ownerDivision: string): void {
    requirePermission(actor, 'access.grants.manage');
    requireScope(actor, ownerDivision);
  },
  /** 三员分立 on one account: what it holds plus what it would get. */
  separation(held: ReadonlySet<Duty>, role: { code: string; permissions: readonly string[] }): void {
    const requested = dutiesOf(role.permissions);
    const all = new Set([...held, ...requested]);
    const conflict = conflictingDuties(all);
    if (!conflict) return;
    const params = { code: role.code, held: dutyNames(held) || '-', requested: dutyNames(requested) || '-' };
    if (conflict.includes('personal-data')) throw AccessErrors.GRANT_ADMIN_PERSONAL_DATA(params);
    throw AccessErrors.GRANT_ADMIN_SEPARATED(params);
  },
  readUnits(actor: Actor): void {
    requirePermission(actor, 'org.units.read');
  },
  readUnit(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'org.units.read');
    requireScope(actor, divisionCode);
  },
  manageUnits(actor: Actor): void {
    requirePermission(actor, 'org.units.manage');
  },
  manageUnit(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'org.units.manage');
    requireScope(actor, divisionCode);
  },
};
