import type { HistoryEntry } from '../cases-api';

export interface PhotoGroup {
  /** The history entry the photos came with. */
  entryId: number;
  action: string;
  actionName: string;
  actorName: string;
  at: string;
  attachments: string[];
}

/** The photos of a case by the step that brought them (上报, 处置反馈, 核查…), oldest step first. */
export function photoGroups(history: readonly HistoryEntry[]): PhotoGroup[] {
  return [...history]
    .sort((a, b) => a.id - b.id)
    .filter((e) => e.attachments.length > 0)
    .map((e) => ({
      entryId: e.id,
      action: e.action,
      actionName: e.actionName,
      actorName: e.actorName,
      at: e.at,
      attachments: [...e.attachments],
    }));
}

/** Which caption a step's photos get: the workflow's usual ones by name, else "<action> photos". */
export type PhotoCaption = 'report' | 'selfResolve' | 'verify' | 'feedback' | 'check' | 'other';
export function photoCaption(action: string): PhotoCaption {
  if (action === 'report') return 'report';
  if (action === 'self-resolve') return 'selfResolve';
  if (action.startsWith('verify-')) return 'verify';
  if (action === 'feedback') return 'feedback';
  if (action.startsWith('check-')) return 'check';
  return 'other';
}
