import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { OutboxItem, SentItem } from './outbox-types';

/** A photo waiting on the device: the bytes as they will be uploaded (kept apart so lists stay light). */
export interface StoredPhoto {
  id: string;
  /** The outbox item the photo belongs to. */
  item: string;
  name: string;
  type: string;
  bytes: ArrayBuffer;
}

/** A patrol point waiting to be put into a batch for the server. */
export interface TrailPoint {
  n?: number;
  /** The patrol's local id. */
  patrol: string;
  at: string;
  lon: number;
  lat: number;
  accuracy?: number;
}

/** What the app knows of a patrol on this device (its server id once the start was acknowledged). */
export interface LocalPatrol {
  localId: string;
  account: string;
  serverId: string | null;
  startedAt: string;
  endedAt: string | null;
  gridName: string | null;
  distanceM: number;
  pointCount: number;
  last: { lon: number; lat: number; at: string } | null;
}

export interface CacheEntry {
  key: string;
  value: unknown;
  savedAt: number;
}

interface MobileDb extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { seq: number } };
  photos: { key: string; value: StoredPhoto; indexes: { item: string } };
  sent: { key: string; value: SentItem; indexes: { sentAt: number } };
  cache: { key: string; value: CacheEntry };
  meta: { key: string; value: unknown };
  trail: { key: number; value: TrailPoint; indexes: { patrol: string } };
  patrols: { key: string; value: LocalPatrol };
}

export type Db = IDBPDatabase<MobileDb>;
export const DB_NAME = 'civicgrid-m';

/**
 * The app's IndexedDB: the outbox (what waits to be sent, with its photos), the last items sent, cached
 * reads for offline use (task lists, categories, the grid's usage), the patrol trail buffer.
 */
export function openMobileDb(name = DB_NAME): Promise<Db> {
  return openDB<MobileDb>(name, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq', { unique: true });
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('item', 'item');
      db.createObjectStore('sent', { keyPath: 'id' }).createIndex('sentAt', 'sentAt');
      db.createObjectStore('cache', { keyPath: 'key' });
      db.createObjectStore('meta');
      db.createObjectStore('trail', { keyPath: 'n', autoIncrement: true }).createIndex('patrol', 'patrol');
      db.createObjectStore('patrols', { keyPath: 'localId' });
    },
  });
}

let shared: Promise<Db> | null = null;

/** The app's one connection (opened on first use). */
export function mobileDb(): Promise<Db> {
  shared ??= openMobileDb();
  return shared;
}
