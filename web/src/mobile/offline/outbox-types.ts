import type { paths } from '../../api/schema';

export type NewCaseBody = NonNullable<paths['/api/cases']['post']['requestBody']>['content']['application/json'];
export type ActionBody = NonNullable<
  paths['/api/cases/{id}/actions/{action}']['post']['requestBody']
>['content']['application/json'];

/**
 * waiting: to be sent (now, or at `nextAttemptAt` after a failure that may pass); attention: the server refused it
 * (4xx) — the user corrects or discards it; signin: the session ended, it waits for the same user to sign in again.
 * Being sent is not stored (a tab closed mid-send would leave it so): the sending tab announces it.
 */
export type OutboxState = 'waiting' | 'attention' | 'signin';

/** A photo of an item: its own Idempotency-Key, generated once, and the attachment id once the server has it. */
export interface PhotoRef {
  /** Key of the bytes in the `photos` store. */
  id: string;
  key: string;
  name: string;
  size: number;
  uploaded: string | null;
}

export interface OutboxError {
  status: number;
  code: string;
  message: string;
}

interface ItemBase {
  id: string;
  /** Creation order: items are sent oldest first. */
  seq: number;
  /** The account that made it: only that account's session sends it. */
  account: string;
  createdAt: string;
  /** Idempotency-Key of the item's main request, generated once and kept across retries and reloads. */
  key: string;
  photos: PhotoRef[];
  /** The division the photos are filed under (a case's, so everyone working it sees them); default the uploader's. */
  ownerDivision?: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which a retry is not tried. */
  nextAttemptAt: number;
  error: OutboxError | null;
  /** One line for the list: the description, the case number and action… */
  title: string;
}

export interface ReportItem extends ItemBase {
  kind: 'report';
  body: Omit<NewCaseBody, 'attachments'>;
  /** The grid the phone located the point in, if it could (the server decides). */
  gridName?: string | null;
}

export interface ActionItem extends ItemBase {
  kind: 'action';
  caseId: string;
  caseNumber: string | null;
  action: string;
  actionName: string;
  body: Omit<ActionBody, 'attachments'>;
}

export interface PatrolStartItem extends ItemBase {
  kind: 'patrol-start';
  patrol: string;
  body: { position: { lon: number; lat: number; accuracy?: number }; startedAt: string; grid?: string };
}

export interface PatrolPointsItem extends ItemBase {
  kind: 'patrol-points';
  patrol: string;
  points: { at: string; lon: number; lat: number; accuracy?: number }[];
}

export interface PatrolEndItem extends ItemBase {
  kind: 'patrol-end';
  patrol: string;
  body: { endedAt: string; position?: { lon: number; lat: number; accuracy?: number } };
}

export type OutboxItem = ReportItem | ActionItem | PatrolStartItem | PatrolPointsItem | PatrolEndItem;
export type OutboxKind = OutboxItem['kind'];

/** What the list keeps of an item the server acknowledged (the last few, for reassurance). */
export interface SentItem {
  id: string;
  kind: OutboxKind;
  account: string;
  title: string;
  createdAt: string;
  sentAt: number;
  /** The case the report opened or the action worked on. */
  caseId: string | null;
  caseNumber: string | null;
}
