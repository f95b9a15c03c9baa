import { api } from '../../api/client';
import { ApiError, toApiError, unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import { getLocale } from '../../locales/locale-store';

// ------------------------------------------------------------------ lists and queues

export type CaseListQuery = NonNullable<paths['/api/cases']['get']['parameters']['query']>;

export function fetchCases(query: CaseListQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases', { params: { query }, signal }));
}
export type CasePage = Awaited<ReturnType<typeof fetchCases>>;
export type CaseListItem = CasePage['items'][number];
export type DeadlineColour = NonNullable<CaseListItem['deadlineStatus']>;

/** The export's address: the same filters and order as the list on screen, every page. */
export function casesExportHref(query: CaseListQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page' || k === 'pageSize' || v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api/cases/export${qs ? `?${qs}` : ''}`;
}

export function fetchQueues(signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases/queues', { signal }));
}
export type WorkQueue = Awaited<ReturnType<typeof fetchQueues>>[number];

export function fetchWorkflows(signal?: AbortSignal) {
  return unwrap(api.GET('/api/workflows', { signal }));
}
export type WorkflowSummary = Awaited<ReturnType<typeof fetchWorkflows>>[number];

// ------------------------------------------------------------------ one case

export function fetchCase(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases/{id}', { params: { path: { id } }, signal }));
}
export type CaseDetail = Awaited<ReturnType<typeof fetchCase>>;
export type CaseTask = CaseDetail['tasks'][number];
export type CaseDeadline = CaseDetail['deadlines'][number];
export type AvailableAction = CaseDetail['actions'][number];
export type ActionInput = AvailableAction['inputs'][number];

export function fetchHistory(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases/{id}/history', { params: { path: { id } }, signal }));
}
export type HistoryEntry = Awaited<ReturnType<typeof fetchHistory>>[number];

export function fetchCandidates(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases/{id}/candidates', { params: { path: { id } }, signal }));
}
export type Candidates = Awaited<ReturnType<typeof fetchCandidates>>;

export function fetchDispatchProposal(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases/{id}/dispatch-proposal', { params: { path: { id } }, signal }));
}
export type DispatchProposal = Awaited<ReturnType<typeof fetchDispatchProposal>>;

export function fetchDuplicates(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/cases/{id}/duplicates', { params: { path: { id } }, signal }));
}
export type Duplicates = Awaited<ReturnType<typeof fetchDuplicates>>;

export type ApplyBody = NonNullable<
  paths['/api/cases/{id}/actions/{action}']['post']['requestBody']
>['content']['application/json'];

/** Takes an action; `key` makes a retry of the same submission apply once. */
export function applyAction(id: string, action: string, body: ApplyBody, key: string) {
  return unwrap(
    api.POST('/api/cases/{id}/actions/{action}', {
      params: { path: { id, action }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

export function mergeCase(id: string, into: string, note: string | undefined, key: string) {
  return unwrap(
    api.POST('/api/cases/{id}/merge', {
      params: { path: { id }, header: { 'idempotency-key': key } },
      body: { into, ...(note ? { note } : {}) },
    }),
  );
}

/** Undoes a merge (拆分) through the domain's route, which also lets the other case go (`unlink-duplicate`). */
export function splitCase(id: string, reason: string, key: string) {
  return unwrap(
    api.POST('/api/cases/{id}/split', {
      params: { path: { id }, header: { 'idempotency-key': key } },
      body: { reason },
    }),
  );
}

// ------------------------------------------------------------------ reporting

export type NewCase = NonNullable<paths['/api/cases']['post']['requestBody']>['content']['application/json'];

export function reportCase(body: NewCase, key: string) {
  return unwrap(api.POST('/api/cases', { params: { header: { 'idempotency-key': key } }, body }));
}

export function fetchCategories(codeSet: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/taxonomy/code-sets/{set}/categories', { params: { path: { set: codeSet }, query: {} }, signal }),
  );
}

/** Uploads a photo (multipart, which the typed client does not build) and returns the attachment. */
export async function uploadPhoto(
  file: File,
  key: string,
  ownerDivision?: string,
): Promise<{ id: string; filename: string }> {
  const form = new FormData();
  if (ownerDivision) form.append('ownerDivision', ownerDivision);
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/api/attachments', {
      method: 'POST',
      body: form,
      headers: { 'Accept-Language': getLocale(), 'Idempotency-Key': key },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, body);
  return body as { id: string; filename: string };
}

/** Where a photo's thumbnail and full image are (the server checks the reader's scope on both). */
export const attachmentThumbnail = (id: string) => `/api/attachments/${id}/thumbnail`;
export const attachmentContent = (id: string) => `/api/attachments/${id}/content`;
