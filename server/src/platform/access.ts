import { isWithin } from './divisions.ts';
import { PlatformErrors } from './errors.ts';

/**
 * Who is calling: a signed-in user (session cookie), the installation's operator (the holder of the
 * operator token: the CLI and ops scripts), or nobody. Policies only ever look at this shape.
 */
export interface Actor {
  kind: 'anonymous' | 'operator' | 'user';
  /** The account id for users, 'operator' for the operator, null when anonymous. */
  id: string | null;
  /** The person behind a user's account. */
  personId: string | null;
  displayName: string;
  /** Role codes held through active grants. */
  roles: readonly string[];
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
  /** The session a user acts through (for "end my other sessions", audit). */
  sessionId: string | null;
}

/**
 * What an actor may see and act in. Every grant contributes: a division subtree ('' = the whole
 * installation), a set of grids, or an org unit (whose division subtree it also covers).
 */
export interface DataScope {
  divisions: readonly string[];
  grids: readonly string[];
  orgUnits: readonly string[];
}

/** Named permissions; roles are sets of these, kept as data (modules/access). */
export const PERMISSIONS = [
  'system.status.read',
  'system.jobs.read',
  'system.jobs.manage',
  'system.config.read',
  'system.config.write',
  'system.backup',
  'files.upload',
  'files.read',
  'audit.read',
  // Identity and access: 三员分立 — users and org units belong to the system administrator, roles and
  // grants to the security administrator, the audit log to the audit administrator.
  'identity.users.read',
  'identity.users.manage',
  'access.roles.read',
  'access.roles.manage',
  'access.grants.read',
  'access.grants.manage',
  'org.units.read',
  'org.units.manage',
  // People the city knows (residents, callers, parties…) and their personal data.
  'people.read',
  'people.manage',
  'personal-data.unmask',
  // Regions and grids (定人定时定岗定责): divisions are reference data any signed-in user may read.
  'regions.manage',
  'grids.read',
  'grids.manage',
  'grids.staffing.manage',
  // Patrols (巡查): grid workers record their own; supervisors and the grid centre read those of their area.
  'patrols.record',
  'patrols.read',
  'cases.read',
  'cases.manage',
  'calendar.manage',
  // The urban-management loop's reference data: the taxonomy any signed-in user reads; dispatch rules.
  'taxonomy.manage',
  'routing.read',
  'routing.manage',
  // Indicators (考核指标): leaders and the centre read the figures of their area; operations rebuild the rollups.
  'indicators.read',
  'indicators.manage',
  // Bulletins (通报): leaders and the duty chief issue them; the centre reads them.
  'bulletins.read',
  'bulletins.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** How a route is reached: every route declares one; the access plugin refuses routes that don't. */
export type RouteAccess = { public: true; why: string } | { permission: Permission } | { authenticated: true };

export const NO_SCOPE: DataScope = { divisions: [], grids: [], orgUnits: [] };

export const ANONYMOUS: Actor = {
  kind: 'anonymous',
  id: null,
  personId: null,
  displayName: 'anonymous',
  roles: [],
  permissions: new Set(),
  scope: NO_SCOPE,
  sessionId: null,
};

export function operatorActor(): Actor {
  return {
    kind: 'operator',
    id: 'operator',
    personId: null,
    displayName: 'operator',
    roles: [],
    permissions: new Set(PERMISSIONS),
    scope: { divisions: [''], grids: [], orgUnits: [] },
    sessionId: null,
  };
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (actor.kind === 'anonymous') throw PlatformErrors.AUTH_REQUIRED();
  if (!actor.permissions.has(permission)) throw PlatformErrors.FORBIDDEN({}, { permission });
}

export function inScope(actor: Actor, divisionCode: string): boolean {
  return actor.scope.divisions.some((root) => isWithin(divisionCode, root));
}

/** Data scope check used by every service that reads or writes a division's rows. */
export function requireScope(actor: Actor, divisionCode: string): void {
  if (!inScope(actor, divisionCode)) throw PlatformErrors.OUT_OF_SCOPE({}, { divisionCode });
}
