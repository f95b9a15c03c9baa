/** Reading the loosely typed parts of a case (`data`, history inputs) into what the screen shows. */
import type { CaseDetail, HistoryEntry } from '../cases-api';

export interface CaseCategory {
  code: string;
  nameZh: string;
  nameEn: string;
}
export interface CaseLocation {
  lng: number;
  lat: number;
  address?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function caseCategory(data: CaseDetail['data']): CaseCategory | null {
  const c = data.category;
  if (!isRecord(c) || typeof c.code !== 'string') return null;
  return { code: c.code, nameZh: str(c.nameZh) ?? c.code, nameEn: str(c.nameEn) ?? str(c.nameZh) ?? c.code };
}

export function caseLocation(data: CaseDetail['data']): CaseLocation | null {
  const l = data.location;
  if (!isRecord(l) || typeof l.lng !== 'number' || typeof l.lat !== 'number') return null;
  if (!Number.isFinite(l.lng) || !Number.isFinite(l.lat)) return null;
  const address = str(l.address);
  return { lng: l.lng, lat: l.lat, ...(address ? { address } : {}) };
}

export const caseText = (data: CaseDetail['data'], key: string): string | undefined => str(data[key]);

/** The full description: the case's own, else the one the opening entry (report, self-resolve) recorded, else the title. */
export function caseDescription(data: CaseDetail['data'], history: readonly HistoryEntry[] | undefined): string {
  const own = str(data.description);
  if (own) return own;
  const opening = history?.find((e) => e.fromState === null && str(e.inputs.description));
  return str(opening?.inputs.description) ?? str(data.title) ?? '';
}

/** Entries the system wrote (deadline colours, recomputations), shown quietly. */
export const isSystemEntry = (entry: Pick<HistoryEntry, 'action'>) => entry.action.startsWith('$');
