import type { Permission } from '../../platform/access.ts';

/** A role that ships with CivicGrid; refreshed from this catalogue at every start. */
export interface BuiltinRole {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: readonly Permission[];
}

/**
 * The built-in roles (docs/contracts/identity-access.md). The three administrators are separated
 * (三员分立, GB/T 22239 等保): the system administrator runs users, org units and configuration but
 * cannot read the audit log or unmask personal data; the security administrator shapes roles and
 * grants; the audit administrator only reads the audit log. A city adds its own roles as data.
 */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    code: 'sysadmin',
    nameZh: '系统管理员',
    nameEn: 'System administrator',
    permissions: [
      'identity.users.read',
      'identity.users.manage',
      'org.units.read',
      'org.units.manage',
      'system.status.read',
      'system.jobs.read',
      'system.jobs.manage',
      'system.config.read',
      'system.config.write',
      'system.backup',
      'access.roles.read',
      'regions.manage',
      'grids.read',
      'cases.manage',
      'calendar.manage',
      'taxonomy.manage',
      'routing.read',
      'routing.manage',
      'indicators.manage',
      'bulletins.manage',
    ],
  },
  {
    code: 'secadmin',
    nameZh: '安全管理员',
    nameEn: 'Security administrator',
    permissions: [
      'access.roles.read',
      'access.roles.manage',
      'access.grants.read',
      'access.grants.manage',
      'identity.users.read',
      'org.units.read',
    ],
  },
  { code: 'auditor', nameZh: '审计管理员', nameEn: 'Audit administrator', permissions: ['audit.read'] },
  {
    code: 'leader',
    nameZh: '领导',
    nameEn: 'Leader',
    permissions: [
      'cases.read',
      'grids.read',
      'patrols.read',
      'people.read',
      'files.read',
      'system.status.read',
      'routing.read',
      'indicators.read',
      'bulletins.read',
      'bulletins.manage',
    ],
  },
  {
    code: 'dutychief',
    nameZh: '值班长',
    nameEn: 'Duty chief',
    permissions: [
      'cases.read',
      'grids.read',
      'patrols.read',
      'people.read',
      'files.read',
      'files.upload',
      'routing.read',
      'routing.manage',
      'indicators.read',
      'bulletins.read',
      'bulletins.manage',
    ],
  },
  {
    code: 'acceptor',
    nameZh: '受理员',
    nameEn: 'Acceptor',
    permissions: [
      'cases.read',
      'grids.read',
      'people.read',
      'people.manage',
      'personal-data.unmask',
      'files.read',
      'files.upload',
    ],
  },
  {
    code: 'dispatcher',
    nameZh: '派遣员',
    nameEn: 'Dispatcher',
    permissions: [
      'cases.read',
      'grids.read',
      'people.read',
      'files.read',
      'files.upload',
      'routing.read',
      'indicators.read',
      'bulletins.read',
    ],
  },
  {
    code: 'supervisor',
    nameZh: '监督员',
    nameEn: 'Supervisor',
    permissions: [
      'cases.read',
      'grids.read',
      'patrols.read',
      'people.read',
      'files.read',
      'files.upload',
      'indicators.read',
      'bulletins.read',
    ],
  },
  {
    code: 'gridworker',
    nameZh: '网格员',
    nameEn: 'Grid worker',
    permissions: [
      'cases.read',
      'grids.read',
      'patrols.record',
      'people.read',
      'people.manage',
      'files.read',
      'files.upload',
    ],
  },
  {
    code: 'handler',
    nameZh: '部门处置人员',
    nameEn: 'Department handler',
    permissions: ['cases.read', 'grids.read', 'people.read', 'files.read', 'files.upload'],
  },
  {
    code: 'operator',
    nameZh: '话务员',
    nameEn: 'Hotline operator (12345)',
    permissions: [
      'cases.read',
      'grids.read',
      'people.read',
      'people.manage',
      'personal-data.unmask',
      'files.read',
      'files.upload',
    ],
  },
  {
    code: 'mediator',
    nameZh: '调解员',
    nameEn: 'Mediator',
    permissions: [
      'cases.read',
      'grids.read',
      'people.read',
      'people.manage',
      'personal-data.unmask',
      'files.read',
      'files.upload',
    ],
  },
  {
    code: 'stationstaff',
    nameZh: '站所工作人员',
    nameEn: 'Station staff',
    permissions: ['cases.read', 'grids.read', 'people.read', 'files.read', 'files.upload'],
  },
  {
    code: 'gridadmin',
    nameZh: '网格管理员',
    nameEn: 'Grid administrator',
    // The grid management centre (网格化服务管理中心): draws and imports grids and staffs them.
    permissions: [
      'grids.read',
      'grids.manage',
      'grids.staffing.manage',
      'patrols.read',
      'people.read',
      'people.manage',
    ],
  },
  { code: 'volunteer', nameZh: '志愿者', nameEn: 'Volunteer', permissions: ['files.upload'] },
  { code: 'resident', nameZh: '居民', nameEn: 'Resident', permissions: ['files.upload'] },
];

/** The three separated administrators (三员). */
export const ADMIN_ROLE_CODES = ['sysadmin', 'secadmin', 'auditor'] as const;

/**
 * What each permission means, for the console's role editor. Partial on purpose: a permission added
 * elsewhere before it gets a label here is shown by its code rather than breaking the build.
 */
export const PERMISSION_LABELS: Partial<Record<Permission, { nameZh: string; nameEn: string }>> = {
  'system.status.read': { nameZh: '查看系统状态', nameEn: 'View system status' },
  'system.jobs.read': { nameZh: '查看定时任务', nameEn: 'View scheduled jobs' },
  'system.jobs.manage': { nameZh: '管理定时任务', nameEn: 'Manage scheduled jobs' },
  'system.config.read': { nameZh: '查看业务配置', nameEn: 'View domain configuration' },
  'system.config.write': { nameZh: '修改业务配置', nameEn: 'Change domain configuration' },
  'system.backup': { nameZh: '备份数据', nameEn: 'Back up the data' },
  'files.upload': { nameZh: '上传附件', nameEn: 'Upload attachments' },
  'files.read': { nameZh: '查看附件', nameEn: 'View attachments' },
  'audit.read': { nameZh: '查看审计日志', nameEn: 'Read the audit log' },
  'identity.users.read': { nameZh: '查看用户', nameEn: 'View users' },
  'identity.users.manage': { nameZh: '管理用户', nameEn: 'Manage users' },
  'access.roles.read': { nameZh: '查看角色', nameEn: 'View roles' },
  'access.roles.manage': { nameZh: '管理角色', nameEn: 'Manage roles' },
  'access.grants.read': { nameZh: '查看授权', nameEn: 'View grants' },
  'access.grants.manage': { nameZh: '授予和撤销角色', nameEn: 'Grant and revoke roles' },
  'org.units.read': { nameZh: '查看组织机构', nameEn: 'View organisation units' },
  'org.units.manage': { nameZh: '管理组织机构', nameEn: 'Manage organisation units' },
  'people.read': { nameZh: '查看人员', nameEn: 'View people' },
  'people.manage': { nameZh: '登记和修改人员', nameEn: 'Record and edit people' },
  'personal-data.unmask': { nameZh: '查看完整个人信息', nameEn: 'See personal data unmasked' },
  'regions.manage': { nameZh: '导入和维护行政区划', nameEn: 'Import and maintain divisions' },
  'grids.read': { nameZh: '查看网格', nameEn: 'View grids' },
  'grids.manage': { nameZh: '划分和维护网格', nameEn: 'Draw, import and retire grids' },
  'grids.staffing.manage': { nameZh: '网格定人定岗', nameEn: 'Staff grids (posts and schedules)' },
  'patrols.record': { nameZh: '记录本人巡查(开始、轨迹、结束)', nameEn: 'Record own patrols (start, trail, end)' },
  'patrols.read': { nameZh: '查看巡查记录和定时考核', nameEn: 'View patrols and the duty check' },
  'indicators.read': { nameZh: '查看考核指标', nameEn: 'View the indicators' },
  'indicators.manage': { nameZh: '重建和核对指标汇总', nameEn: 'Rebuild and check the indicator rollups' },
  'bulletins.read': { nameZh: '查看通报', nameEn: 'View the bulletins' },
  'bulletins.manage': { nameZh: '生成通报', nameEn: 'Issue bulletins' },
};
