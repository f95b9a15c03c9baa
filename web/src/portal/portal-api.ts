import { api } from '../api/client';
import { ApiError, toApiError, unwrap } from '../api/errors';
import type { paths } from '../api/schema';
import { getLocale } from '../locales';

// The portal's calls: all public, no session. Errors come back as ApiError with the server's message in the
// language the resident chose.

export function fetchChallenge(signal?: AbortSignal) {
  return unwrap(api.GET('/api/portal/challenge', { signal }));
}
export type Challenge = Awaited<ReturnType<typeof fetchChallenge>>;

export function fetchCategories(signal?: AbortSignal) {
  return unwrap(api.GET('/api/portal/categories', { signal }));
}
export type CategoryClass = Awaited<ReturnType<typeof fetchCategories>>['classes'][number];

export function fetchServiceArea(signal?: AbortSignal) {
  return unwrap(api.GET('/api/portal/area', { signal }));
}
export type ServiceArea = Awaited<ReturnType<typeof fetchServiceArea>>;

export type NewReport = NonNullable<paths['/api/portal/reports']['post']['requestBody']>['content']['application/json'];

/** Files the report; the same `key` for a retry makes the server answer the first report again. */
export function submitReport(body: NewReport, key: string) {
  return unwrap(api.POST('/api/portal/reports', { params: { header: { 'idempotency-key': key } }, body }));
}
export type ReportCreated = Awaited<ReturnType<typeof submitReport>>;

export function fetchTracked(code: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/portal/track/{code}', { params: { path: { code } }, signal }));
}
export type Tracked = Awaited<ReturnType<typeof fetchTracked>>;
export type TrackedStep = Tracked['history'][number];

export type Rating = NonNullable<
  paths['/api/portal/track/{code}/rating']['post']['requestBody']
>['content']['application/json'];
export type Satisfaction = Rating['satisfaction'];

export function rateReport(code: string, body: Rating) {
  return unwrap(api.POST('/api/portal/track/{code}/rating', { params: { path: { code } }, body }));
}

export function fetchPublicMap(signal?: AbortSignal) {
  return unwrap(api.GET('/api/portal/map', { signal }));
}
export type PublicPoint = Awaited<ReturnType<typeof fetchPublicMap>>['points'][number];

/**
 * Uploads one photo for the report being written (multipart, which the typed client does not build). The
 * first answer carries the upload token that binds the next photos and the report.
 */
export async function uploadPhoto(
  file: Blob,
  filename: string,
  key: string,
  uploadToken: string | null,
): Promise<{ id: string; uploadToken: string }> {
  const form = new FormData();
  form.append('file', file, filename);
  const query = uploadToken ? `?uploadToken=${encodeURIComponent(uploadToken)}` : '';
  let res: Response;
  try {
    res = await fetch(`/api/portal/photos${query}`, {
      method: 'POST',
      body: form,
      headers: { 'Accept-Language': getLocale(), 'Idempotency-Key': key },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, body);
  return body as { id: string; uploadToken: string };
}

let timeZone: Promise<string | undefined> | null = null;

/** The business time zone (times are shown on the city's clock, not the phone's); asked once per page. */
export function businessTimeZone(): Promise<string | undefined> {
  timeZone ??= unwrap(api.GET('/api/system/status')).then(
    (s) => s.timeZone,
    () => {
      timeZone = null;
      return undefined;
    },
  );
  return timeZone;
}

let mapEnabled: Promise<boolean> | null = null;

/** Whether the city shows the public map (the map answers 404 PORTAL_MAP_DISABLED while it is off). */
export function publicMapEnabled(): Promise<boolean> {
  mapEnabled ??= fetchPublicMap().then(
    () => true,
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'PORTAL_MAP_DISABLED') return false;
      mapEnabled = null;
      return false;
    },
  );
  return mapEnabled;
}
