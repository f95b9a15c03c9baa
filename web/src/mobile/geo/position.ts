import { useEffect, useSyncExternalStore } from 'react';

export interface Fix {
  lon: number;
  lat: number;
  accuracy: number;
  /** Epoch ms of the fix. */
  at: number;
}

/** locating: asked, no fix yet; denied: the user or the browser refused; unavailable: no fix could be had. */
export type PositionStatus = 'idle' | 'locating' | 'ok' | 'denied' | 'unavailable';

export interface PositionState {
  fix: Fix | null;
  status: PositionStatus;
}

let state: PositionState = { fix: null, status: 'idle' };
const listeners = new Set<() => void>();
let users = 0;
let watchId: number | null = null;
let stopTimer: ReturnType<typeof setTimeout> | null = null;

function set(next: PositionState): void {
  state = next;
  for (const l of listeners) l();
}

function start(): void {
  if (watchId !== null) return;
  const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
  if (!geo) {
    set({ fix: state.fix, status: 'unavailable' });
    return;
  }
  if (!state.fix) set({ fix: null, status: 'locating' });
  watchId = geo.watchPosition(
    (p) =>
      set({
        fix: { lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy, at: p.timestamp },
        status: 'ok',
      }),
    (error) => {
      // A fix already had stays (a timeout under a roof does not make the last position wrong).
      set({
        fix: state.fix,
        status: error.code === error.PERMISSION_DENIED ? 'denied' : state.fix ? 'ok' : 'unavailable',
      });
    },
    { enableHighAccuracy: true, maximumAge: 30_000, timeout: 30_000 },
  );
}

function stop(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
}

/**
 * The phone's position while some screen wants it: the first screen that asks starts the GPS, the last one to
 * leave stops it a little later (going from the home screen to the report form must not lose the fix).
 */
export function usePosition(): PositionState {
  useEffect(() => {
    users += 1;
    if (stopTimer) clearTimeout(stopTimer);
    start();
    return () => {
      users -= 1;
      if (users === 0) stopTimer = setTimeout(stop, 60_000);
    };
  }, []);
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
    () => state,
  );
}

/** Ask again after the user allowed the location or moved outside. */
export function relocate(): void {
  stop();
  set({ fix: state.fix, status: 'locating' });
  start();
}

export function currentFix(): Fix | null {
  return state.fix;
}
