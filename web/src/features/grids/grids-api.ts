import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { FeatureCollection } from '../map';

export type Crs = 'wgs84' | 'gcj02';

// ------------------------------------------------------------------ divisions (regions)

export function fetchDivision(code: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/regions/{code}', { params: { path: { code } }, signal }));
}
export type Division = Awaited<ReturnType<typeof fetchDivision>>;
export type DivisionLevel = Division['level'];

type DivisionCollection = paths['/api/regions/{code}/geojson']['get']['responses'][200]['content']['application/json'];
export type DivisionFeatureProps = DivisionCollection['features'][number]['properties'];
/** The server's collection, with geometries typed for the map (the schema leaves them open). */
export type DivisionOutlines = FeatureCollection<DivisionFeatureProps> & { synthetic: boolean; crs: Crs };

/** The outlines of the divisions directly under `code` (a city's counties…). */
export async function fetchChildOutlines(code: string, signal?: AbortSignal): Promise<DivisionOutlines> {
  const data = await unwrap(api.GET('/api/regions/{code}/children/geojson', { params: { path: { code } }, signal }));
  return data as DivisionOutlines;
}

/** The outline of `code` itself (no feature while its boundary is unknown). */
export async function fetchOwnOutline(code: string, signal?: AbortSignal): Promise<DivisionOutlines> {
  const data = await unwrap(api.GET('/api/regions/{code}/geojson', { params: { path: { code } }, signal }));
  return data as DivisionOutlines;
}

export type RegionsQuery = NonNullable<paths['/api/regions']['get']['parameters']['query']>;
export function searchDivisions(query: RegionsQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/regions', { params: { query }, signal }));
}
export type DivisionSummary = Awaited<ReturnType<typeof searchDivisions>>['items'][number];

// ------------------------------------------------------------------ grids

export type GridsQuery = NonNullable<paths['/api/grids']['get']['parameters']['query']>;
export function searchGrids(query: GridsQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids', { params: { query }, signal }));
}
export type GridSummary = Awaited<ReturnType<typeof searchGrids>>['items'][number];
export type GridKind = GridSummary['kind'];
export type GridStatus = GridSummary['status'];

/** Properties of a feature of `GET /api/grids/geojson` (the route sends the collection as a string). */
export interface GridFeatureProps {
  code: string;
  name: string;
  kind: GridKind;
  status: GridStatus;
  communityCode: string;
  areaM2: number;
  geometrySource: string;
  validFrom: string;
}
export type GridOutlines = FeatureCollection<GridFeatureProps> & { synthetic: boolean; crs: Crs };

/** The export's address; the same collection the map draws, as a file. */
export function gridsExportHref(under: string, crs: Crs = 'wgs84'): string {
  return `/api/grids/geojson?${new URLSearchParams({ under, crs, download: 'true' })}`;
}

export async function fetchGridOutlines(under: string, signal?: AbortSignal): Promise<GridOutlines> {
  // The route declares no response schema (it streams GeoJSON), so the typed client cannot type it.
  const data = await unwrap(api.GET('/api/grids/geojson', { params: { query: { under } }, signal, parseAs: 'json' }));
  return data as unknown as GridOutlines;
}

export function fetchGrid(code: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids/{code}', { params: { path: { code } }, signal }));
}
export type GridDetail = Awaited<ReturnType<typeof fetchGrid>>;
export type StaffMember = GridDetail['staff'][number];
export type GridPost = StaffMember['post'];
export type DutySchedule = GridDetail['schedules'][number];
export type Lineage = GridDetail['lineage'];

export const GRID_POSTS: readonly GridPost[] = ['leader', 'full_time', 'part_time', 'supervisor', 'instructor'];
export const GRID_KINDS: readonly GridKind[] = ['social', 'unit', 'dedicated'];

export function fetchCoverage(division: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids/coverage', { params: { query: { division } }, signal }));
}
export type Coverage = Awaited<ReturnType<typeof fetchCoverage>>;

export function fetchStaffingFlags(division: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids/staffing-flags', { params: { query: { division } }, signal }));
}
export type StaffingFlags = Awaited<ReturnType<typeof fetchStaffingFlags>>;

// ------------------------------------------------------------------ import

export type ImportRequest = paths['/api/grids/import']['post']['requestBody']['content']['application/json'];
export type ImportReport = paths['/api/grids/import']['post']['responses'][200]['content']['application/json'];

export function isImportReport(value: unknown): value is ImportReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.ok === 'boolean' && Array.isArray(r.problems) && Array.isArray(r.create);
}

/**
 * Checks (dryRun) or writes a file of grids. A refused real run (422 GRID_IMPORT_REFUSED) carries its
 * report in the error's details: it comes back as the report, so the page shows what stood in the way.
 */
export async function importGrids(body: ImportRequest): Promise<ImportReport> {
  try {
    return await unwrap(api.POST('/api/grids/import', { body }));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'GRID_IMPORT_REFUSED' && isImportReport(error.details))
      return error.details;
    throw error;
  }
}

// ------------------------------------------------------------------ staffing (定人定岗定时)

export function fetchPosts(code: string, history: boolean, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids/{code}/posts', { params: { path: { code }, query: { history } }, signal }));
}

export type NewPost = paths['/api/grids/{code}/posts']['post']['requestBody']['content']['application/json'];
export function addPost(code: string, body: NewPost, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/grids/{code}/posts', {
      params: { path: { code }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export type EndPost = paths['/api/grids/{code}/posts/{id}/end']['post']['requestBody']['content']['application/json'];
export function endPost(code: string, id: string, body: EndPost) {
  return unwrap(api.POST('/api/grids/{code}/posts/{id}/end', { params: { path: { code, id } }, body }));
}

export function fetchSchedules(code: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids/{code}/schedules', { params: { path: { code } }, signal }));
}

export type NewSchedule = paths['/api/grids/{code}/schedules']['post']['requestBody']['content']['application/json'];
export function addSchedule(code: string, body: NewSchedule, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/grids/{code}/schedules', {
      params: { path: { code }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function endSchedule(code: string, id: string, validTo?: string) {
  return unwrap(
    api.POST('/api/grids/{code}/schedules/{id}/end', {
      params: { path: { code, id } },
      body: validTo ? { validTo } : {},
    }),
  );
}

/**
 * The top division to start from when the user's grants cover the whole installation: the one city
 * when there is one, else the first province.
 */
export async function topDivision(signal?: AbortSignal): Promise<string | null> {
  const cities = await searchDivisions({ level: 'city', pageSize: 2 }, signal);
  if (cities.total === 1 && cities.items[0]) return cities.items[0].code;
  const provinces = await searchDivisions({ level: 'province', pageSize: 1 }, signal);
  return provinces.items[0]?.code ?? cities.items[0]?.code ?? null;
}
