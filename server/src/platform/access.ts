import { isWithin } from './divisions.ts';
import { PlatformErrors } from './errors.ts';

/**
 * Who is calling. The identity issue adds people, accounts and sessions; until then the only
 * authenticated caller is the installation's operator (the holder of the operator token: the CLI,
 * ops scripts, monitoring). Policies only ever look at this shape.
 */
export interface Actor {
  kind: 'anonymous' | 'operator' | 'user';
  id: string | null;
  displayName: string;
  permissions: ReadonlySet<Permission>;
  /** Division subtrees the actor may see and act in ('' = the whole installation). */
  scope: DataScope;
}

export interface DataScope {
  divisions: readonly string[];
}

/** Named permissions; roles (identity issue) are sets of these. */
export const PERMISSIONS = [
  'system.status.read',
  'system.jobs.read',
  'system.jobs.manage',
  'system.config.read',
  'system.config.write',
  'system.backup',
  'files.upload',
  'files.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** How a route is reached: every route declares one; the access plugin refuses routes that don't. */
export type RouteAccess = { public: true; why: string } | { permission: Permission } | { authenticated: true };

export const ANONYMOUS: Actor = {
  kind: 'anonymous',
  id: null,
  displayName: 'anonymous',
  permissions: new Set(),
  scope: { divisions: [] },
};

export function operatorActor(): Actor {
  return {
    kind: 'operator',
    id: 'operator',
    displayName: 'operator',
    permissions: new Set(PERMISSIONS),
    scope: { divisions: [''] },
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
