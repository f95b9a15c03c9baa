import { useSyncExternalStore } from 'react';
import { newIdempotencyKey } from '../../features/config/idempotency';
import { distanceM, TRAIL_ACCURACY_LIMIT_M } from '../geo/geo';
import type { Fix } from '../geo/position';
import { type LocalPatrol, mobileDb } from '../offline/db';
import { appOutbox, flushOutbox } from '../offline/runtime';

/** The server takes at most this many points a request. */
const BATCH_MAX = 500;
/** Points go into the outbox this often while a patrol runs (the outbox sends them when it can). */
const BATCH_EVERY_MS = 60_000;
/** A fix this coarse is no trail point (a cell tower's guess across the street block). */
const POINT_ACCURACY_MAX_M = 200;
/** Standing still: a new point only after moving this far, or after this long. */
const MIN_STEP_M = 5;
const MIN_INTERVAL_MS = 30_000;

export interface PatrolState {
  patrol: LocalPatrol | null;
  /** Points on the device not yet put into the outbox. */
  buffered: number;
  /** The GPS could not be used while recording. */
  gpsError: boolean;
}

let state: PatrolState = { patrol: null, buffered: 0, gpsError: false };
const listeners = new Set<() => void>();
let watchId: number | null = null;
let batchTimer: ReturnType<typeof setInterval> | null = null;
let account: string | null = null;
let lastPoint: { lon: number; lat: number; at: number } | null = null;
let writing: Promise<void> = Promise.resolve();

function set(next: Partial<PatrolState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

export function usePatrol(): PatrolState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
    () => state,
  );
}

async function openPatrolOf(who: string): Promise<LocalPatrol | null> {
  const all = await (await mobileDb()).getAll('patrols');
  return all.find((p) => p.account === who && p.endedAt === null) ?? null;
}

async function countBuffered(localId: string): Promise<number> {
  return (await mobileDb()).countFromIndex('trail', 'patrol', localId);
}

function watch(): void {
  if (watchId !== null || !navigator.geolocation) return;
  watchId = navigator.geolocation.watchPosition(
    (p) => {
      set({ gpsError: false });
      // One write after another: two fixes in quick succession must not both read the same distance.
      writing = writing.then(() =>
        record({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy, at: p.timestamp }),
      );
    },
    () => set({ gpsError: true }),
    { enableHighAccuracy: true, maximumAge: 5_000, timeout: 60_000 },
  );
  batchTimer = setInterval(() => void batch(), BATCH_EVERY_MS);
}

function unwatch(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  if (batchTimer) clearInterval(batchTimer);
  watchId = null;
  batchTimer = null;
}

/** A fix of the running patrol: into the trail buffer, and the patrol's distance and count, in one transaction. */
async function record(fix: Fix): Promise<void> {
  const patrol = state.patrol;
  if (!patrol || fix.accuracy > POINT_ACCURACY_MAX_M) return;
  if (
    lastPoint &&
    (fix.at <= lastPoint.at || (distanceM(lastPoint, fix) < MIN_STEP_M && fix.at - lastPoint.at < MIN_INTERVAL_MS))
  )
    return;
  const db = await mobileDb();
  const tx = db.transaction(['patrols', 'trail'], 'readwrite');
  const current = await tx.objectStore('patrols').get(patrol.localId);
  if (!current || current.endedAt) {
    await tx.done;
    return;
  }
  const step =
    current.last && fix.accuracy <= TRAIL_ACCURACY_LIMIT_M
      ? distanceM(current.last, { lon: fix.lon, lat: fix.lat })
      : 0;
  const at = new Date(fix.at).toISOString();
  await tx.objectStore('trail').add({
    patrol: patrol.localId,
    at,
    lon: fix.lon,
    lat: fix.lat,
    accuracy: Math.round(fix.accuracy),
  });
  const updated: LocalPatrol = {
    ...current,
    distanceM: current.distanceM + step,
    pointCount: current.pointCount + 1,
    last: fix.accuracy <= TRAIL_ACCURACY_LIMIT_M ? { lon: fix.lon, lat: fix.lat, at } : current.last,
  };
  await tx.objectStore('patrols').put(updated);
  await tx.done;
  lastPoint = { lon: fix.lon, lat: fix.lat, at: fix.at };
  set({ patrol: updated, buffered: state.buffered + 1 });
}

/** Moves what the buffer holds into the outbox, in batches the server accepts. */
async function batch(): Promise<void> {
  const patrol = state.patrol;
  if (!patrol) return;
  const db = await mobileDb();
  const box = await appOutbox();
  for (;;) {
    const keys = await db.getAllKeysFromIndex('trail', 'patrol', patrol.localId, BATCH_MAX);
    if (!keys.length) break;
    const points = await Promise.all(keys.map((k) => db.get('trail', k)));
    await box.add(
      {
        kind: 'patrol-points',
        account: patrol.account,
        title: '',
        patrol: patrol.localId,
        points: points.flatMap((p) =>
          p
            ? [{ at: p.at, lon: p.lon, lat: p.lat, ...(p.accuracy !== undefined ? { accuracy: p.accuracy } : {}) }]
            : [],
        ),
      },
      [],
      { trailPoints: keys },
    );
  }
  set({ buffered: await countBuffered(patrol.localId) });
  void flushOutbox();
}

/** The signed-in user changed (or the app opened): pick up their patrol if one runs on this phone. */
export async function attachPatrols(who: string | null): Promise<void> {
  if (who === account) return;
  unwatch();
  account = who;
  lastPoint = null;
  const patrol = who ? await openPatrolOf(who) : null;
  set({ patrol, buffered: patrol ? await countBuffered(patrol.localId) : 0, gpsError: false });
  if (patrol) watch();
}

const position = (fix: Fix) => ({ lon: fix.lon, lat: fix.lat, accuracy: Math.round(fix.accuracy) });

/** 开始巡查: recorded here at once; the server hears of it when there is a connection (with the phone's start time). */
export async function startPatrol(who: string, fix: Fix, gridName: string | null, title: string): Promise<void> {
  if (state.patrol) return;
  const startedAt = new Date().toISOString();
  const patrol: LocalPatrol = {
    localId: newIdempotencyKey(),
    account: who,
    serverId: null,
    startedAt,
    endedAt: null,
    gridName,
    distanceM: 0,
    pointCount: 0,
    last: null,
  };
  await (await mobileDb()).put('patrols', patrol);
  account = who;
  lastPoint = null;
  set({ patrol, buffered: 0, gpsError: false });
  await (await appOutbox()).add({
    kind: 'patrol-start',
    account: who,
    title,
    patrol: patrol.localId,
    body: { position: position(fix), startedAt },
  });
  void flushOutbox();
  watch();
  // The start's position is the trail's first point, at the start (the fix may be some seconds older: the server
  // refuses points before the start).
  await record({ ...fix, at: Date.parse(startedAt) });
}

/** 结束巡查: the last points, then the end, in that order in the outbox. */
export async function stopPatrol(fix: Fix | null, title: string): Promise<void> {
  const patrol = state.patrol;
  if (!patrol) return;
  unwatch();
  await writing;
  await batch();
  const endedAt = new Date().toISOString();
  const db = await mobileDb();
  const current = (await db.get('patrols', patrol.localId)) ?? patrol;
  await db.put('patrols', { ...current, endedAt });
  await (await appOutbox()).add({
    kind: 'patrol-end',
    account: patrol.account,
    title,
    patrol: patrol.localId,
    body: { endedAt, ...(fix ? { position: position(fix) } : {}) },
  });
  set({ patrol: null, buffered: 0 });
  void flushOutbox();
  await forgetOldPatrols(patrol.account);
}

/** Patrols kept on the phone for the list; older ones go once nothing of theirs waits in the outbox. */
const PATROLS_KEPT = 20;

async function forgetOldPatrols(who: string): Promise<void> {
  const db = await mobileDb();
  const waiting = new Set((await db.getAll('outbox')).flatMap((i) => ('patrol' in i ? [i.patrol] : [])));
  const ended = (await recentPatrols(who)).slice(PATROLS_KEPT);
  for (const p of ended) if (!waiting.has(p.localId)) await db.delete('patrols', p.localId);
}

/** The patrols this phone recorded for the user, newest first (the server's log has them all). */
export async function recentPatrols(who: string): Promise<LocalPatrol[]> {
  const all = await (await mobileDb()).getAll('patrols');
  return all
    .filter((p) => p.account === who && p.endedAt !== null)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
