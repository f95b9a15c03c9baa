import { useSyncExternalStore } from 'react';

/** localStorage key: the reports this device made or followed (我的反映). */
export const MY_REPORTS_KEY = 'civicgrid.portal.reports';
/** Enough for a resident's own reports; the oldest fall off first. */
const MAX_REPORTS = 30;

export interface MyReport {
  /** As printed: `K7QM-2XPA-9D4C`. */
  code: string;
  /** When it was reported (ISO), for the list. */
  reportedAt: string;
  category: string | null;
  /** The status the resident last saw, by name in the language of the time. */
  status: string | null;
}

function isReport(v: unknown): v is MyReport {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.code === 'string' && typeof r.reportedAt === 'string';
}

/**
 * The list as stored, newest report first. Storage that is missing, disabled (private browsing) or holds
 * something else reads as an empty list: the codes are a convenience, the citizen was told to keep theirs.
 */
export function readMyReports(storage: Storage | undefined = globalThis.localStorage): MyReport[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(MY_REPORTS_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isReport).map((r) => ({
      code: r.code,
      reportedAt: r.reportedAt,
      category: typeof r.category === 'string' ? r.category : null,
      status: typeof r.status === 'string' ? r.status : null,
    }));
  } catch {
    return [];
  }
}

const listeners = new Set<() => void>();
let snapshot: MyReport[] | null = null;

function write(list: MyReport[], storage: Storage | undefined): void {
  try {
    storage?.setItem(MY_REPORTS_KEY, JSON.stringify(list));
  } catch {
    // Full or disabled storage: the list lives for this page only.
  }
  snapshot = list;
  for (const l of listeners) l();
}

/**
 * Adds a report or refreshes what is known of it (category, last status). A code already listed keeps its
 * place and its first report time; a new one goes first.
 */
export function rememberReport(
  report: Pick<MyReport, 'code'> & Partial<MyReport>,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  const list = readMyReports(storage);
  const at = list.findIndex((r) => r.code === report.code);
  const known = at >= 0 ? list[at] : undefined;
  const merged: MyReport = {
    code: report.code,
    reportedAt: known?.reportedAt ?? report.reportedAt ?? new Date().toISOString(),
    category: report.category ?? known?.category ?? null,
    status: report.status ?? known?.status ?? null,
  };
  if (known) list[at] = merged;
  else list.unshift(merged);
  list.sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
  write(list.slice(0, MAX_REPORTS), storage);
}

export function forgetReport(code: string, storage: Storage | undefined = globalThis.localStorage): void {
  write(
    readMyReports(storage).filter((r) => r.code !== code),
    storage,
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== MY_REPORTS_KEY) return;
    snapshot = null;
    listener();
  };
  // Another tab of the portal changed the list.
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function getSnapshot(): MyReport[] {
  snapshot ??= readMyReports();
  return snapshot;
}

/** The list, kept current when this page or another tab changes it. */
export function useMyReports(): MyReport[] {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
