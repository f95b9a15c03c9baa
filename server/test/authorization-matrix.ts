/**
 * THE AUTHORIZATION MATRIX: who may call which route. Reviewed by hand; the test
 * (server/src/plugins/authorization-matrix.test.ts) enumerates every route of the OpenAPI document and
 * fails when a route is missing here or behaves otherwise. Later issues add their routes to this table.
 *
 * - `public`: anyone, rate limited (checked anonymously only).
 * - `signedIn`: any signed-in account, whatever its roles.
 * - `roles`: exactly these built-in roles; everybody else gets 403, anonymous callers 401.
 * - `scoped`: the route acts on a resource owned by a division (a fixture built in town 140403001);
 *   a user of an allowed role whose scope covers that town succeeds (2xx), one whose scope is another
 *   county (140404) gets 403 or 404 and learns nothing.
 */
/** The built-in roles (modules/access/access.catalogue.ts), each tested inside and outside scope. */
export const ROLE_CODES = [
  'sysadmin',
  'secadmin',
  'auditor',
  'leader',
  'dutychief',
  'acceptor',
  'dispatcher',
  'supervisor',
  'gridworker',
  'handler',
  'operator',
  'mediator',
  'stationstaff',
  'gridadmin',
  'volunteer',
  'resident',
] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export type Fixture =
  | 'person'
  | 'user'
  | 'orgUnit'
  | 'grant'
  | 'attachment'
  | 'configVersion'
  | 'job'
  | 'role'
  | 'newPerson'
  | 'newUser'
  | 'newOrgUnit'
  | 'newGrant'
  | 'newAttachment'
  | 'newConfigVersion'
  | 'newJob'
  | 'newRole'
  | 'grid'
  | 'gridToChange'
  | 'gridToRetire'
  | 'newGrid'
  | 'newPost'
  | 'post'
  | 'newSchedule'
  | 'schedule'
  | 'case'
  | 'urbanCase'
  | 'portalCase'
  | 'routingRule'
  | 'routingRuleToRevise'
  | 'routingRuleToRetire'
  | 'newRoutingRule'
  | 'patrol'
  | 'newPatrol';

export type Rule =
  | { public: true }
  | { signedIn: true }
  | { roles: readonly RoleCode[]; scoped?: Fixture; fixture?: Fixture; expect?: 'allowed' | 'success' };

const SYS = ['sysadmin'] as const;
const SEC = ['secadmin'] as const;
const SYS_SEC = ['sysadmin', 'secadmin'] as const;
const AUDIT = ['auditor'] as const;
const STAFF_READ = [
  'leader',
  'dutychief',
  'acceptor',
  'dispatcher',
  'supervisor',
  'gridworker',
  'handler',
  'operator',
  'mediator',
  'stationstaff',
] as const;
const UPLOADERS = [
  'dutychief',
  'acceptor',
  'dispatcher',
  'supervisor',
  'gridworker',
  'handler',
  'operator',
  'mediator',
  'stationstaff',
  'volunteer',
  'resident',
] as const;
const GRID_READERS = ['sysadmin', ...STAFF_READ, 'gridadmin'] as const;
const GRID_ADMIN = ['gridadmin'] as const;
const PEOPLE_MANAGERS = ['acceptor', 'gridworker', 'operator', 'mediator', 'gridadmin'] as const;
const PEOPLE_READERS = [...STAFF_READ, 'gridadmin'] as const;
const UNMASKERS = ['acceptor', 'operator', 'mediator'] as const;
const ROUTING_READERS = ['sysadmin', 'leader', 'dutychief', 'dispatcher'] as const;
const ROUTING_MANAGERS = ['sysadmin', 'dutychief'] as const;
const INDICATOR_READERS = ['leader', 'dutychief', 'dispatcher', 'supervisor'] as const;
const PATROL_READERS = ['leader', 'dutychief', 'supervisor', 'gridadmin'] as const;
const BULLETIN_READERS = ['leader', 'dutychief', 'dispatcher', 'supervisor'] as const;
const BULLETIN_ISSUERS = ['sysadmin', 'leader', 'dutychief'] as const;

export const AUTHORIZATION_MATRIX: Record<string, Rule> = {
  // platform
  'GET /healthz': { public: true },
  'GET /readyz': { public: true },
  'GET /metrics': { public: true },
  'GET /api/system/status': { public: true },
  'GET /api/session': { public: true },
  // scheduler (system administrator)
  'GET /api/admin/job-types': { roles: SYS },
  'GET /api/admin/jobs': { roles: SYS },
  'POST /api/admin/jobs': { roles: SYS, scoped: 'newJob' },
  'GET /api/admin/jobs/{id}': { roles: SYS, scoped: 'job' },
  'GET /api/admin/jobs/{id}/runs': { roles: SYS, scoped: 'job' },
  'POST /api/admin/jobs/{id}/pause': { roles: SYS, scoped: 'job' },
  'POST /api/admin/jobs/{id}/resume': { roles: SYS, scoped: 'job' },
  'POST /api/admin/jobs/{id}/run-now': { roles: SYS, scoped: 'job' },
  // versioned configuration (system administrator)
  'GET /api/admin/config/keys': { roles: SYS },
  'GET /api/admin/config/resolve': { roles: SYS },
  'GET /api/admin/config/versions': { roles: SYS },
  'POST /api/admin/config/versions': { roles: SYS, scoped: 'newConfigVersion' },
  'DELETE /api/admin/config/versions/{id}': { roles: SYS, scoped: 'configVersion' },
  'POST /api/admin/backup': { roles: SYS },
  // users and org units (system administrator; the security administrator reads them)
  'GET /api/admin/users': { roles: SYS_SEC },
  'POST /api/admin/users': { roles: SYS, scoped: 'newUser' },
  'GET /api/admin/users/{id}': { roles: SYS_SEC, scoped: 'user' },
  'PATCH /api/admin/users/{id}': { roles: SYS, scoped: 'user' },
  'POST /api/admin/users/{id}/reset-password': { roles: SYS, scoped: 'user' },
  'POST /api/admin/users/{id}/unlock': { roles: SYS, scoped: 'user' },
  'GET /api/admin/org-units': { roles: SYS_SEC },
  'POST /api/admin/org-units': { roles: SYS, scoped: 'newOrgUnit' },
  'GET /api/admin/org-units/{id}': { roles: SYS_SEC, scoped: 'orgUnit' },
  'PATCH /api/admin/org-units/{id}': { roles: SYS, scoped: 'orgUnit' },
  // roles and grants (security administrator)
  'GET /api/admin/permissions': { roles: SYS_SEC },
  'GET /api/admin/roles': { roles: SYS_SEC },
  'POST /api/admin/roles': { roles: SEC, fixture: 'newRole', expect: 'success' },
  'PATCH /api/admin/roles/{code}': { roles: SEC, fixture: 'role', expect: 'success' },
  'GET /api/admin/grants': { roles: SEC },
  'POST /api/admin/grants': { roles: SEC, scoped: 'newGrant' },
  'POST /api/admin/grants/{id}/revoke': { roles: SEC, scoped: 'grant' },
  // audit log (audit administrator only — not the system administrator)
  'GET /api/admin/audit': { roles: AUDIT },
  'GET /api/admin/audit/export': { roles: AUDIT },
  'POST /api/admin/audit/verify': { roles: AUDIT },
  // attachments
  'POST /api/attachments': { roles: UPLOADERS, scoped: 'newAttachment' },
  'GET /api/attachments/{id}': { roles: STAFF_READ, scoped: 'attachment' },
  'GET /api/attachments/{id}/content': { roles: STAFF_READ, scoped: 'attachment' },
  'GET /api/attachments/{id}/thumbnail': { roles: STAFF_READ, scoped: 'attachment' },
  'GET /api/attachments/{id}/public': { roles: STAFF_READ, scoped: 'attachment' },
  // people and personal data
  'GET /api/people': { roles: PEOPLE_READERS },
  'POST /api/people': { roles: PEOPLE_MANAGERS, scoped: 'newPerson' },
  'GET /api/people/{id}': { roles: PEOPLE_READERS, scoped: 'person' },
  'PATCH /api/people/{id}': { roles: PEOPLE_MANAGERS, scoped: 'person' },
  'POST /api/people/{id}/unmask': { roles: UNMASKERS, scoped: 'person' },
  // regions (division names and codes are reference data: any signed-in user reads them)
  'GET /api/regions': { signedIn: true },
  'GET /api/regions/{code}': { signedIn: true },
  'GET /api/regions/{code}/children': { signedIn: true },
  'GET /api/regions/{code}/geojson': { signedIn: true },
  'GET /api/regions/{code}/children/geojson': { signedIn: true },
  'POST /api/regions/import': { roles: SYS },
  // my own account
  'POST /api/auth/login': { public: true },
  'POST /api/auth/logout': { public: true },
  'GET /api/auth/me': { signedIn: true },
  'POST /api/auth/password': { signedIn: true },
  'GET /api/auth/sessions': { signedIn: true },
  'POST /api/auth/sessions/end-others': { signedIn: true },
  'DELETE /api/auth/sessions/{id}': { signedIn: true },
  'POST /api/auth/totp/setup': { signedIn: true },
  'POST /api/auth/totp/enable': { signedIn: true },
  'POST /api/auth/totp/verify': { signedIn: true },
  'POST /api/auth/totp/disable': { signedIn: true },
  // grids (the grid administrator draws and staffs them; staff read them in their area)
  'GET /api/grids': { roles: GRID_READERS },
  'GET /api/grids/geojson': { roles: GRID_READERS },
  'GET /api/grids/locate': { signedIn: true },
  'GET /api/grids/coverage': { roles: GRID_READERS },
  'GET /api/grids/staffing-flags': { roles: GRID_READERS },
  'POST /api/grids/import': { roles: GRID_ADMIN },
  'POST /api/grids': { roles: GRID_ADMIN, scoped: 'newGrid' },
  'GET /api/grids/{code}': { roles: GRID_READERS, scoped: 'grid' },
  'PATCH /api/grids/{code}': { roles: GRID_ADMIN, scoped: 'gridToChange' },
  'DELETE /api/grids/{code}': { roles: GRID_ADMIN, scoped: 'gridToRetire' },
  'GET /api/grids/{code}/posts': { roles: GRID_READERS, scoped: 'grid' },
  'POST /api/grids/{code}/posts': { roles: GRID_ADMIN, scoped: 'newPost' },
  'POST /api/grids/{code}/posts/{id}/end': { roles: GRID_ADMIN, scoped: 'post' },
  'GET /api/grids/{code}/schedules': { roles: GRID_READERS, scoped: 'grid' },
  'POST /api/grids/{code}/schedules': { roles: GRID_ADMIN, scoped: 'newSchedule' },
  'POST /api/grids/{code}/schedules/{id}/end': { roles: GRID_ADMIN, scoped: 'schedule' },
  // patrols (巡查): a grid worker records their own (start, trail, end) and lists them; supervisors, the grid centre,
  // leaders and duty chiefs read the patrols of their area and the duty check (the matrix adds the division)
  'POST /api/patrols': { roles: ['gridworker'], scoped: 'newPatrol' },
  'GET /api/patrols': { roles: [...PATROL_READERS, 'gridworker'] },
  'GET /api/patrols/current': { roles: ['gridworker'] },
  'GET /api/patrols/duty': { roles: PATROL_READERS, scoped: 'grid' },
  'GET /api/patrols/{id}': { roles: [...PATROL_READERS, 'gridworker'], scoped: 'patrol' },
  'POST /api/patrols/{id}/points': { roles: ['gridworker'], scoped: 'patrol' },
  'POST /api/patrols/{id}/end': { roles: ['gridworker'], scoped: 'patrol' },
  // cases (the engine's routes: case staff read the cases in their area; what they may do to one is the
  // workflow's business, checked per action — the matrix workflow lets every case reader add a remark)
  'GET /api/workflows': { roles: STAFF_READ },
  // the list shows each reader only the cases of their scope (tested in cases.list.test.ts)
  'GET /api/cases': { roles: STAFF_READ },
  'GET /api/cases/export': { roles: STAFF_READ },
  'GET /api/cases/{id}': { roles: STAFF_READ, scoped: 'case' },
  'GET /api/cases/{id}/actions': { roles: STAFF_READ, scoped: 'case' },
  'GET /api/cases/{id}/history': { roles: STAFF_READ, scoped: 'case' },
  // the queues a reader's roles have (tested in urban.queues.test.ts); candidates follow the case's scope
  'GET /api/cases/queues': { roles: STAFF_READ },
  'GET /api/cases/{id}/candidates': { roles: STAFF_READ, scoped: 'case' },
  'POST /api/cases/{id}/actions/{action}': { roles: STAFF_READ, scoped: 'case' },
  'POST /api/cases/rebuild': { roles: SYS },
  // urban intake: anyone who reads cases gets past the door; which roles may report is the channel rule's
  // (403 URBAN_CHANNEL_FORBIDDEN), tested in urban.intake.test.ts
  'POST /api/cases': { roles: STAFF_READ },
  // the proposal reads the case (cases.read) and asks routing (routing.read): the system administrator reads no cases
  'GET /api/cases/{id}/dispatch-proposal': { roles: ['leader', 'dutychief', 'dispatcher'], scoped: 'urbanCase' },
  'GET /api/cases/{id}/duplicates': { roles: STAFF_READ, scoped: 'urbanCase' },
  // which categories a grid's cases were about: case readers, for a grid in their area (the matrix adds the grid)
  'GET /api/urban/category-usage': { roles: STAFF_READ, scoped: 'grid' },
  // merging and splitting: past the door for case readers; the workflow lets only the acceptor and the operator
  'POST /api/cases/{id}/merge': { roles: STAFF_READ },
  'POST /api/cases/{id}/split': { roles: STAFF_READ },
  'POST /api/cases/deadlines/sweep': { roles: SYS },
  // citizen portal (市民门户): anonymous citizens, rate limited (reports also per client and hour); moderating the
  // public map is the acceptor's and the duty chief's (cases.read + a role check in portal.policy.ts)
  'GET /api/portal/challenge': { public: true },
  'POST /api/portal/photos': { public: true },
  'POST /api/portal/reports': { public: true },
  'GET /api/portal/track/{code}': { public: true },
  'POST /api/portal/track/{code}/rating': { public: true },
  'GET /api/portal/map': { public: true },
  'GET /api/portal/categories': { public: true },
  'GET /api/portal/area': { public: true },
  'POST /api/portal/map/{id}/publish': { roles: ['acceptor', 'dutychief'], scoped: 'urbanCase' },
  'DELETE /api/portal/map/{id}': { roles: ['acceptor', 'dutychief'], scoped: 'urbanCase' },
  // the contact a citizen left (masked; in full only with personal-data.unmask): staff who read the case
  'GET /api/portal/reports/{id}/contact': { roles: STAFF_READ, scoped: 'portalCase' },
  // working calendar (any signed-in user reads it and asks how a deadline is counted; the system administrator
  // changes it: local days, a year's official arrangement)
  'GET /api/calendar/years/{year}': { signedIn: true },
  'GET /api/calendar/days/{date}': { signedIn: true },
  'PUT /api/calendar/days/{date}': { roles: SYS },
  'DELETE /api/calendar/days/{date}': { roles: SYS },
  'PUT /api/calendar/official/{year}': { roles: SYS },
  'GET /api/calendar/deadline': { signedIn: true },
  // taxonomy (reference data any signed-in user reads; the system administrator edits it)
  'GET /api/taxonomy/code-sets': { signedIn: true },
  'POST /api/taxonomy/code-sets': { roles: SYS },
  'GET /api/taxonomy/code-sets/{set}/categories': { signedIn: true },
  'POST /api/taxonomy/code-sets/{set}/categories': { roles: SYS },
  'GET /api/taxonomy/code-sets/{set}/categories/{code}': { signedIn: true },
  'PUT /api/taxonomy/code-sets/{set}/categories/{code}': { roles: SYS },
  'DELETE /api/taxonomy/code-sets/{set}/categories/{code}': { roles: SYS },
  'GET /api/taxonomy/crosswalk': { signedIn: true },
  'PUT /api/taxonomy/crosswalk': { roles: SYS },
  // dispatch routing (派遣规则): read by those who dispatch and oversee it, written by the duty chief and the system
  // administrator for divisions in their scope; a rule of another county does not exist for them (404). The
  // suggestion is asked for a case in the town (the matrix adds the query).
  'GET /api/routing/rules': { roles: ROUTING_READERS },
  'POST /api/routing/rules': { roles: ROUTING_MANAGERS, scoped: 'newRoutingRule' },
  'GET /api/routing/rules/{ruleId}': { roles: ROUTING_READERS, scoped: 'routingRule' },
  'PUT /api/routing/rules/{ruleId}': { roles: ROUTING_MANAGERS, scoped: 'routingRuleToRevise' },
  'DELETE /api/routing/rules/{ruleId}': { roles: ROUTING_MANAGERS, scoped: 'routingRuleToRetire' },
  'GET /api/routing/suggest': { roles: ROUTING_READERS, scoped: 'routingRule' },
  // live updates (SSE) and my notifications: any signed-in user; the stream filters each event by the caller's
  // scope and org units, and each inbox holds only what was addressed to the caller's account or units
  'GET /api/events/stream': { signedIn: true },
  'GET /api/notifications': { signedIn: true },
  'GET /api/notifications/unread-count': { signedIn: true },
  'POST /api/notifications/{id}/read': { signedIn: true },
  'POST /api/notifications/read-all': { signedIn: true },
  // indicators (考核指标): leaders and the centre read the figures of the cases in their area (the figures narrow
  // to the caller's divisions, so outside the town they are simply other numbers); rebuilding and checking the
  // rollups is operations work
  'GET /api/indicators/definitions': { roles: INDICATOR_READERS },
  'GET /api/indicators': { roles: INDICATOR_READERS },
  'GET /api/indicators/{key}/cases': { roles: INDICATOR_READERS },
  'POST /api/indicators/rebuild': { roles: SYS },
  'GET /api/indicators/verify': { roles: SYS },
  // command centre (驾驶舱): the indicator readers watch the open and overdue cases of their area (counts narrow to
  // the caller's divisions, like the indicators)
  'GET /api/command/situation': { roles: INDICATOR_READERS },
  // bulletins (通报): leaders and the duty chief issue them for a division in their area (the system administrator
  // too, for the installation); the indicator readers read those of their area (a bulletin outside it is a 404)
  'POST /api/bulletins': { roles: BULLETIN_ISSUERS },
  'GET /api/bulletins': { roles: BULLETIN_READERS },
  'GET /api/bulletins/{id}': { roles: BULLETIN_READERS },
  'GET /api/bulletins/{id}/docx': { roles: BULLETIN_READERS },
  'GET /api/bulletins/{id}/xlsx': { roles: BULLETIN_READERS },
  'POST /api/bulletins/{id}/regenerate': { roles: BULLETIN_ISSUERS },
};
