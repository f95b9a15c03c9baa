import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

export type OrgUnitsQuery = NonNullable<paths['/api/admin/org-units']['get']['parameters']['query']>;
export type NewOrgUnit = paths['/api/admin/org-units']['post']['requestBody']['content']['application/json'];
export type OrgUnitPatch = NonNullable<
  paths['/api/admin/org-units/{id}']['patch']['requestBody']
>['content']['application/json'];

export function fetchOrgUnitsPage(query: OrgUnitsQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/admin/org-units', { params: { query }, signal }));
}
export type OrgUnit = Awaited<ReturnType<typeof fetchOrgUnitsPage>>['items'][number];
export type OrgUnitKind = OrgUnit['kind'];

/** Upper bound of units the console draws as one tree; a city has hundreds, not tens of thousands. */
const MAX_PAGES = 50;

/** Every unit in the caller's scope (all pages), for the tree and the pickers. */
export async function fetchAllOrgUnits(signal?: AbortSignal): Promise<OrgUnit[]> {
  const pageSize = 200;
  const out: OrgUnit[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await fetchOrgUnitsPage({ page, pageSize }, signal);
    out.push(...result.items);
    if (result.items.length < pageSize || out.length >= result.total) break;
  }
  return out;
}

export function createOrgUnit(body: NewOrgUnit) {
  return unwrap(api.POST('/api/admin/org-units', { body }));
}

export function updateOrgUnit(id: string, body: OrgUnitPatch) {
  return unwrap(api.PATCH('/api/admin/org-units/{id}', { params: { path: { id } }, body }));
}

export const ORG_UNIT_KINDS: readonly OrgUnitKind[] = [
  'government',
  'department',
  'street_office',
  'community',
  'committee',
  'command_centre',
  'mediation_room',
  'station',
  'other',
];
