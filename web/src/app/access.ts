import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  FileSearchOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  GlobalOutlined,
  ImportOutlined,
  InboxOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';
import type { Permission } from '../features/session';
import type { MessageKey } from '../locales';

export interface MenuEntry {
  key: string;
  label: MessageKey;
  icon: ComponentType;
  /** Route inside the console, or an absolute path served by the server when `external`. */
  path: string;
  /** Opens in a new tab, outside the single-page app (e.g. the API docs the server renders). */
  external?: boolean;
  /**
   * What the server must have granted for the entry to show: a permission, `'signed-in'` (any signed-in
   * caller: a user or the operator), or null (everyone, anonymous visitors too).
   */
  permission: Permission | typeof SIGNED_IN | null;
}

/** The `permission` of entries every signed-in caller sees, whatever their roles. */
export const SIGNED_IN = 'signed-in';

/** The sider menu, in order. Later issues add entries here with the permission their pages need. */
export const MENU: readonly MenuEntry[] = [
  { key: 'overview', label: 'menu.overview', icon: DashboardOutlined, path: '/', permission: null },
  // 驾驶舱: the indicator readers (leader, duty chief, dispatcher, supervisor), as GET /api/command/situation.
  {
    key: 'command',
    label: 'menu.command',
    icon: FundProjectionScreenOutlined,
    path: '/command',
    permission: 'indicators.read',
  },
  { key: 'workbench', label: 'menu.workbench', icon: InboxOutlined, path: '/workbench', permission: 'cases.read' },
  { key: 'cases', label: 'menu.cases', icon: FileSearchOutlined, path: '/cases', permission: 'cases.read' },
  { key: 'case-report', label: 'menu.caseReport', icon: FormOutlined, path: '/cases/new', permission: 'cases.read' },
  { key: 'people', label: 'menu.people', icon: TeamOutlined, path: '/people', permission: 'people.read' },
  { key: 'grids', label: 'menu.gridsMap', icon: GlobalOutlined, path: '/grids', permission: 'grids.read' },
  {
    key: 'grids-import',
    label: 'menu.gridsImport',
    icon: ImportOutlined,
    path: '/grids/import',
    permission: 'grids.manage',
  },
  {
    key: 'grids-staffing',
    label: 'menu.gridsStaffing',
    icon: DeploymentUnitOutlined,
    path: '/grids/staffing',
    permission: 'grids.staffing.manage',
  },
  { key: 'users', label: 'menu.users', icon: UserOutlined, path: '/admin/users', permission: 'identity.users.read' },
  {
    key: 'roles',
    label: 'menu.roles',
    icon: SafetyCertificateOutlined,
    path: '/admin/roles',
    permission: 'access.roles.read',
  },
  { key: 'grants', label: 'menu.grants', icon: KeyOutlined, path: '/admin/grants', permission: 'access.grants.read' },
  {
    key: 'org-units',
    label: 'menu.orgUnits',
    icon: ApartmentOutlined,
    path: '/admin/org-units',
    permission: 'org.units.read',
  },
  { key: 'audit', label: 'menu.audit', icon: AuditOutlined, path: '/admin/audit', permission: 'audit.read' },
  { key: 'jobs', label: 'menu.jobs', icon: ClockCircleOutlined, path: '/admin/jobs', permission: 'system.jobs.read' },
  {
    key: 'config',
    label: 'menu.config',
    icon: SettingOutlined,
    path: '/admin/config',
    permission: 'system.config.read',
  },
  // Reference data deadlines are counted on: everyone signed in reads it; calendar.manage changes it.
  { key: 'calendar', label: 'menu.calendar', icon: CalendarOutlined, path: '/calendar', permission: SIGNED_IN },
  { key: 'api-docs', label: 'menu.apiDocs', icon: ApiOutlined, path: '/docs', external: true, permission: null },
];

/**
 * The entries a caller with `permissions` (as `GET /api/session` reports them) may see; `signedIn` adds the
 * entries for every signed-in caller. This only hides: the server checks again on every call the page makes.
 */
export function visibleMenu(
  permissions: readonly string[],
  { signedIn = false, entries = MENU }: { signedIn?: boolean; entries?: readonly MenuEntry[] } = {},
): MenuEntry[] {
  const granted = new Set<string>(permissions);
  return entries.filter(
    (entry) => entry.permission === null || (entry.permission === SIGNED_IN ? signedIn : granted.has(entry.permission)),
  );
}

/** The menu entry a location belongs to: the longest matching path, so `/admin/jobs/42` selects jobs. */
export function menuKeyFor(pathname: string, entries: readonly MenuEntry[] = MENU): string | undefined {
  let best: MenuEntry | undefined;
  for (const entry of entries) {
    if (entry.external) continue;
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best?.key;
}
