import type { Db, StoredPhoto } from './db';
import type { ExclusiveRunner } from './lock';
import type { OutboxError, OutboxItem, PhotoRef, SentItem } from './outbox-types';
import { backoffMs, classifyFailure } from './retry';

/**
 * How items reach the server; each call throws an error with the HTTP `status` (0: no answer), the server's `code`,
 * `message` and `details` (the shape of `ApiError`) when it fails.
 */
export interface Transport {
  /** Uploads one photo; answers the attachment id. */
  upload(photo: StoredPhoto, key: string, ownerDivision: string | undefined): Promise<string>;
  report(
    body: Extract<OutboxItem, { kind: 'report' }>['body'] & { attachments?: string[] },
    key: string,
  ): Promise<{
    id: string;
    number: string | null;
  }>;
  action(
    caseId: string,
    action: string,
    body: Extract<OutboxItem, { kind: 'action' }>['body'] & { attachments?: string[] },
    key: string,
  ): Promise<void>;
  patrolStart(body: Extract<OutboxItem, { kind: 'patrol-start' }>['body'], key: string): Promise<{ id: string }>;
  patrolPoints(patrolId: string, points: Extract<OutboxItem, { kind: 'patrol-points' }>['points']): Promise<void>;
  patrolEnd(patrolId: string, body: Extract<OutboxItem, { kind: 'patrol-end' }>['body']): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An item as the screens hand it over: the outbox adds the ids, keys, order and state. */
export type NewOutboxItem = DistributiveOmit<
  OutboxItem,
  'id' | 'seq' | 'createdAt' | 'key' | 'photos' | 'state' | 'attempts' | 'nextAttemptAt' | 'error'
>;
export interface NewPhoto {
  name: string;
  type: string;
  bytes: ArrayBuffer;
}

export interface OutboxOptions {
  db: Db;
  transport: Transport;
  runExclusive: ExclusiveRunner;
  newId: () => string;
  now?: () => number;
  random?: () => number;
  /** Announces changes to the other tabs (a BroadcastChannel in the app). */
  channel?: Pick<BroadcastChannel, 'postMessage' | 'addEventListener'> | null;
}

/** What one pass did; `stopped` says why it ended early (no connection, the session ended, the server asked to wait). */
export interface FlushReport {
  ran: boolean;
  sent: number;
  failed: number;
  stopped: 'offline' | 'signin' | 'throttled' | null;
}

export type OutboxEvent = { type: 'changed' } | { type: 'signin-required' } | { type: 'sent'; item: SentItem };

const SENT_KEPT = 30;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Whatever was thrown, as the item records it. */
export function toOutboxError(error: unknown): OutboxError & { details: unknown } {
  if (isRecord(error) && typeof error.status === 'number' && typeof error.code === 'string') {
    return {
      status: error.status,
      code: error.code,
      message: typeof error.message === 'string' ? error.message : '',
      details: error.details ?? null,
    };
  }
  return { status: 0, code: 'NETWORK', message: '', details: null };
}

/** Items that must reach the server in order: a patrol's start, points and end; the steps on one case. */
function streamOf(item: OutboxItem): string {
  if (item.kind === 'action') return `case:${item.caseId}`;
  if (item.kind === 'report') return `report:${item.id}`;
  return `patrol:${item.patrol}`;
}

/**
 * The outbox: everything the worker sends (reports, task results, patrols) is first written here, in IndexedDB, with
 * its Idempotency-Keys — one for the item, one per photo, generated once — and leaves it only when the server has
 * acknowledged it. `flush` sends what is due, oldest first, in one tab at a time; a failure is classified (retry
 * later, wait for sign-in, or needs the user's attention) and recorded on the item.
 */
export class Outbox {
  private readonly db: Db;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly listeners = new Set<(event: OutboxEvent) => void>();
  private inFlightId: string | null = null;

  constructor(private readonly options: OutboxOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    options.channel?.addEventListener('message', (event) => {
      const data = (event as MessageEvent).data as { inFlight?: string | null } | undefined;
      if (data && 'inFlight' in data) this.inFlightId = data.inFlight ?? null;
      this.emit({ type: 'changed' }, false);
    });
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: OutboxEvent, broadcast = true): void {
    for (const l of this.listeners) l(event);
    if (broadcast && event.type === 'changed') this.options.channel?.postMessage({ inFlight: this.inFlightId });
  }

  /** The item some tab is sending right now, if any. */
  inFlight(): string | null {
    return this.inFlightId;
  }

  private setInFlight(id: string | null): void {
    this.inFlightId = id;
    this.emit({ type: 'changed' });
  }

  /**
   * Saves an item and its photos on the device; from here on it survives closing the app. `trailPoints`: buffered
   * patrol points the item carries, taken out of the buffer in the same transaction (never in both, never in none).
   */
  async add(
    draft: NewOutboxItem,
    photos: readonly NewPhoto[] = [],
    options: { trailPoints?: readonly number[] } = {},
  ): Promise<OutboxItem> {
    const id = this.options.newId();
    const refs: PhotoRef[] = photos.map((p) => ({
      id: this.options.newId(),
      key: this.options.newId(),
      name: p.name,
      size: p.bytes.byteLength,
      uploaded: null,
    }));
    const tx = this.db.transaction(['outbox', 'photos', 'meta', 'trail'], 'readwrite');
    for (const n of options.trailPoints ?? []) await tx.objectStore('trail').delete(n);
    const seq = (((await tx.objectStore('meta').get('seq')) as number | undefined) ?? 0) + 1;
    await tx.objectStore('meta').put(seq, 'seq');
    const item = {
      ...draft,
      id,
      seq,
      createdAt: new Date(this.now()).toISOString(),
      key: this.options.newId(),
      photos: refs,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
    } as OutboxItem;
    await tx.objectStore('outbox').add(item);
    for (const [i, p] of photos.entries()) {
      const ref = refs[i];
      if (ref) await tx.objectStore('photos').add({ id: ref.id, item: id, name: p.name, type: p.type, bytes: p.bytes });
    }
    await tx.done;
    this.emit({ type: 'changed' });
    return item;
  }

  /** Everything waiting or needing attention, oldest first. */
  async list(): Promise<OutboxItem[]> {
    return this.db.getAllFromIndex('outbox', 'seq');
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    return this.db.get('outbox', id);
  }

  async photo(id: string): Promise<StoredPhoto | undefined> {
    return this.db.get('photos', id);
  }

  /** The last items the server acknowledged, newest first. */
  async sent(): Promise<SentItem[]> {
    return (await this.db.getAllFromIndex('sent', 'sentAt')).reverse();
  }

  /** Drops an item on the user's word (never on the outbox's own): the photos go with it. */
  async discard(id: string): Promise<void> {
    if (this.inFlightId === id) throw new Error('the item is being sent');
    const tx = this.db.transaction(['outbox', 'photos'], 'readwrite');
    await tx.objectStore('outbox').delete(id);
    for (const key of await tx.objectStore('photos').index('item').getAllKeys(id))
      await tx.objectStore('photos').delete(key);
    await tx.done;
    this.emit({ type: 'changed' });
  }

  /**
   * The user corrected an item the server refused (or just asks to try again): it waits to be sent again with the
   * same keys — a refused create leaves no trace of its key on the server, so the corrected body may use it.
   */
  async revise(id: string, change: (item: OutboxItem) => OutboxItem = (i) => i): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const item = await tx.store.get(id);
    if (item)
      await tx.store.put({
        ...change(item),
        state: 'waiting',
        attempts: 0,
        nextAttemptAt: 0,
        error: null,
      } as OutboxItem);
    await tx.done;
    this.emit({ type: 'changed' });
  }

  /** The connection is back (or the user asks): what waits for a retry is due now. */
  async wake(account: string): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const item of await tx.store.getAll())
      if (item.account === account && item.state === 'waiting' && item.nextAttemptAt > 0)
        await tx.store.put({ ...item, nextAttemptAt: 0 });
    await tx.done;
    this.emit({ type: 'changed' });
  }

  /** The same user signed in again: what waited for the session is due now. */
  async resume(account: string): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const item of await tx.store.getAll())
      if (item.account === account && item.state === 'signin')
        await tx.store.put({ ...item, state: 'waiting', nextAttemptAt: 0 });
    await tx.done;
    this.emit({ type: 'changed' });
  }

  /** The earliest time something of this account is due, or null when nothing waits. */
  async nextDue(account: string): Promise<number | null> {
    const due = (await this.list())
      .filter((i) => i.account === account && i.state === 'waiting')
      .map((i) => i.nextAttemptAt);
    return due.length ? Math.min(...due) : null;
  }

  /**
   * One pass: sends the due items of `account`, oldest first. An item whose stream (its patrol, its case) has an
   * earlier item still waiting stays behind it. No answer at all, a 429 or an ended session stops the pass.
   */
  async flush(account: string): Promise<FlushReport> {
    const report: FlushReport = { ran: false, sent: 0, failed: 0, stopped: null };
    report.ran = await this.options.runExclusive(async () => {
      const blocked = new Set<string>();
      for (const listed of await this.list()) {
        const item = await this.db.get('outbox', listed.id);
        if (!item || item.account !== account) continue;
        const stream = streamOf(item);
        if (blocked.has(stream) || item.state !== 'waiting' || item.nextAttemptAt > this.now()) {
          blocked.add(stream);
          continue;
        }
        const outcome = await this.sendOne(item);
        if (outcome === 'sent') {
          report.sent += 1;
          continue;
        }
        blocked.add(stream);
        if (outcome === 'blocked') continue;
        report.failed += 1;
        if (outcome !== 'next') {
          report.stopped = outcome;
          break;
        }
      }
    });
    return report;
  }

  private async sendOne(item: OutboxItem): Promise<'sent' | 'blocked' | 'next' | 'offline' | 'signin' | 'throttled'> {
    let patrolId: string | null = null;
    if (item.kind === 'patrol-points' || item.kind === 'patrol-end') {
      patrolId = (await this.db.get('patrols', item.patrol))?.serverId ?? null;
      // The start has not been acknowledged yet (it waits, or needs attention): nothing to attach the points to.
      if (!patrolId) return 'blocked';
    }
    this.setInFlight(item.id);
    let current = item;
    try {
      for (const [i, ref] of current.photos.entries()) {
        if (ref.uploaded) continue;
        const stored = await this.db.get('photos', ref.id);
        if (!stored) throw { status: 410, code: 'PHOTO_MISSING', message: '', details: null };
        const uploaded = await this.options.transport.upload(stored, ref.key, current.ownerDivision);
        const photos = current.photos.map((p, j) => (j === i ? { ...p, uploaded } : p));
        current = { ...current, photos } as OutboxItem;
        // Kept at once: a later failure does not upload it again (the key would make that harmless, but slow).
        await this.putIfPresent(current);
      }
      const attachments = current.photos.flatMap((p) => (p.uploaded ? [p.uploaded] : []));
      const sent: SentItem = {
        id: current.id,
        kind: current.kind,
        account: current.account,
        title: current.title,
        createdAt: current.createdAt,
        sentAt: this.now(),
        caseId: null,
        caseNumber: null,
      };
      let serverPatrol: string | null = null;
      switch (current.kind) {
        case 'report': {
          const opened = await this.options.transport.report(
            { ...current.body, ...(attachments.length ? { attachments } : {}) },
            current.key,
          );
          sent.caseId = opened.id;
          sent.caseNumber = opened.number;
          break;
        }
        case 'action':
          await this.options.transport.action(
            current.caseId,
            current.action,
            { ...current.body, ...(attachments.length ? { attachments } : {}) },
            current.key,
          );
          sent.caseId = current.caseId;
          sent.caseNumber = current.caseNumber;
          break;
        case 'patrol-start':
          serverPatrol = (await this.options.transport.patrolStart(current.body, current.key)).id;
          break;
        case 'patrol-points':
          await this.options.transport.patrolPoints(patrolId as string, current.points);
          break;
        case 'patrol-end':
          await this.options.transport.patrolEnd(patrolId as string, current.body);
          break;
      }
      await this.acknowledge(current, sent, serverPatrol);
      this.emit({ type: 'sent', item: sent });
      return 'sent';
    } catch (thrown) {
      return this.failed(current, toOutboxError(thrown));
    } finally {
      this.setInFlight(null);
    }
  }

  /** The server has it: the item, its photos and (for a patrol's start) the patrol's server id, in one transaction. */
  private async acknowledge(item: OutboxItem, sent: SentItem, serverPatrol: string | null): Promise<void> {
    const tx = this.db.transaction(['outbox', 'photos', 'sent', 'patrols'], 'readwrite');
    await tx.objectStore('outbox').delete(item.id);
    for (const ref of item.photos) await tx.objectStore('photos').delete(ref.id);
    await tx.objectStore('sent').put(sent);
    const older = await tx.objectStore('sent').index('sentAt').getAllKeys();
    for (const key of older.slice(0, Math.max(0, older.length - SENT_KEPT))) await tx.objectStore('sent').delete(key);
    if (item.kind === 'patrol-start' && serverPatrol) {
      const patrols = tx.objectStore('patrols');
      const local = await patrols.get(item.patrol);
      await patrols.put(
        local
          ? { ...local, serverId: serverPatrol }
          : {
              localId: item.patrol,
              account: item.account,
              serverId: serverPatrol,
              startedAt: item.body.startedAt,
              endedAt: null,
              gridName: null,
              distanceM: 0,
              pointCount: 0,
              last: null,
            },
      );
    }
    await tx.done;
  }

  private async failed(
    item: OutboxItem,
    error: OutboxError & { details: unknown },
  ): Promise<'next' | 'offline' | 'signin' | 'throttled'> {
    const { details, ...recorded } = error;
    if (item.kind === 'patrol-points' && error.code === 'PATROL_POINTS_REFUSED') {
      // The server names the points it cannot take and asks for the batch without them.
      const refused = new Set(
        (isRecord(details) && Array.isArray(details.problems) ? details.problems : []).flatMap((p: unknown) =>
          isRecord(p) && typeof p.index === 'number' ? [p.index] : [],
        ),
      );
      const points = item.points.filter((_, i) => !refused.has(i));
      if (refused.size > 0 && points.length < item.points.length) {
        if (points.length === 0) await this.db.delete('outbox', item.id);
        else await this.putIfPresent({ ...item, points, nextAttemptAt: 0 });
        this.emit({ type: 'changed' });
        return 'next';
      }
    }
    const kind = classifyFailure(error.status);
    if (kind === 'retry') {
      const attempts = item.attempts + 1;
      const retryAfter = isRecord(details) && typeof details.retryAfter === 'number' ? details.retryAfter * 1000 : 0;
      await this.putIfPresent({
        ...item,
        state: 'waiting',
        attempts,
        nextAttemptAt: this.now() + backoffMs(attempts, this.random, retryAfter),
        error: recorded,
      });
      this.emit({ type: 'changed' });
      if (error.status === 0) return 'offline';
      return error.status === 429 ? 'throttled' : 'next';
    }
    if (kind === 'signin') {
      await this.putIfPresent({ ...item, state: 'signin', error: recorded });
      this.emit({ type: 'changed' });
      this.emit({ type: 'signin-required' });
      return 'signin';
    }
    await this.putIfPresent({ ...item, state: 'attention', attempts: item.attempts + 1, error: recorded });
    this.emit({ type: 'changed' });
    return 'next';
  }

  /** Writes the item back unless the user discarded it meanwhile. */
  private async putIfPresent(item: OutboxItem): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    if (await tx.store.get(item.id)) await tx.store.put(item);
    await tx.done;
  }
}
