import { useCallback, useEffect, useRef, useState } from 'react';
import { mobileDb } from './db';

export interface Cached<T> {
  value: T;
  savedAt: number;
  /** False when the network failed and this is what was saved the last time. */
  fresh: boolean;
  /** Why the fresh copy could not be had (no connection, the session ended…). */
  error: unknown;
}

export async function readCache<T>(key: string): Promise<{ value: T; savedAt: number } | null> {
  const entry = await (await mobileDb()).get('cache', key);
  return entry ? { value: entry.value as T, savedAt: entry.savedAt } : null;
}

export async function writeCache(key: string, value: unknown): Promise<void> {
  await (await mobileDb()).put('cache', { key, value, savedAt: Date.now() });
}

/** Forgets what was read for an account (signing out): task lists and cases do not stay on a shared phone. */
export async function forgetCache(account: string): Promise<void> {
  const db = await mobileDb();
  const tx = db.transaction('cache', 'readwrite');
  for (const key of await tx.store.getAllKeys()) if (key.startsWith(`${account}:`)) await tx.store.delete(key);
  await tx.done;
}

/**
 * Asks the server and keeps the answer on the device; when the server cannot be reached (or the session ended) the
 * last answer is given instead, marked not fresh. Throws only when there is neither.
 */
export async function readThrough<T>(key: string, load: () => Promise<T>): Promise<Cached<T>> {
  try {
    const value = await load();
    await writeCache(key, value);
    return { value, savedAt: Date.now(), fresh: true, error: null };
  } catch (error) {
    const saved = await readCache<T>(key);
    if (!saved) throw error;
    return { ...saved, fresh: false, error };
  }
}

export interface CachedQuery<T> {
  data: Cached<T> | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * `readThrough` for a screen: shows the saved copy at once (a phone with a weak signal should not stare at a
 * spinner), then the fresh one when it arrives. `key` null: nothing to load yet.
 */
export function useCachedQuery<T>(key: string | null, load: () => Promise<T>): CachedQuery<T> {
  const [entry, setEntry] = useState<{ key: string; data: Cached<T> } | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: round asks for a reload
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setLoading(true);
    readCache<T>(key).then((saved) => {
      if (live && saved) setEntry((e) => (e?.key === key ? e : { key, data: { ...saved, fresh: false, error: null } }));
    });
    readThrough(key, () => loader.current()).then(
      (result) => {
        if (!live) return;
        setEntry({ key, data: result });
        setError(result.error);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: entry && entry.key === key ? entry.data : null, loading, error, reload };
}
