import { useEffect, useState } from 'react';
import { newIdempotencyKey } from '../../features/config/idempotency';
import { getSession, refreshSession, sessionExpired, subscribeSession } from '../session';
import { mobileDb } from './db';
import { exclusiveRunner } from './lock';
import { type NewOutboxItem, type NewPhoto, Outbox } from './outbox';
import type { OutboxItem, SentItem } from './outbox-types';
import { httpTransport } from './transport';

/** How often the app looks for items due again (after a backoff) while it is open. */
const TICK_MS = 10_000;

let outbox: Promise<Outbox> | null = null;

/** The app's outbox (one per tab, sharing the device's IndexedDB with the others). */
export function appOutbox(): Promise<Outbox> {
  outbox ??= mobileDb().then((db) => {
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('civicgrid-m-outbox') : null;
    const box = new Outbox({
      db,
      transport: httpTransport,
      runExclusive: exclusiveRunner(db, newIdempotencyKey()),
      newId: newIdempotencyKey,
      channel,
    });
    box.subscribe((event) => {
      if (event.type === 'signin-required') sessionExpired();
    });
    return box;
  });
  return outbox;
}

const online = () => typeof navigator === 'undefined' || navigator.onLine;

let flushing: Promise<void> | null = null;
let again = false;

/** Sends what is due for the signed-in user, unless a pass is already running in this tab (then once more after). */
export function flushOutbox(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      const { user, status } = getSession();
      if (!user || status === 'expired' || status === 'signed-out' || !online()) return;
      await (await appOutbox()).flush(user.account.id);
    } while (again);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

/** Saves an item on the device and tries to send it at once. */
export async function enqueue(draft: NewOutboxItem, photos: readonly NewPhoto[] = []): Promise<OutboxItem> {
  const item = await (await appOutbox()).add(draft, photos);
  void flushOutbox();
  return item;
}

/**
 * Sending in the background while the app is open: at start, when the connection comes back (then what waited for a
 * backoff goes at once), every few seconds for what has come due, and when the same user signs in again.
 */
export function startOutboxSender(): () => void {
  let lastAccount: string | null = null;
  let lastStatus = getSession().status;
  const wake = async () => {
    const user = getSession().user;
    if (user) await (await appOutbox()).wake(user.account.id);
    void flushOutbox();
  };
  const onOnline = () => {
    // The session may have been checked while there was no connection: ask again, then send.
    if (getSession().status === 'offline') void refreshSession();
    void wake();
  };
  const tick = setInterval(async () => {
    const user = getSession().user;
    if (!user || !online()) return;
    const due = await (await appOutbox()).nextDue(user.account.id);
    if (due !== null && due <= Date.now()) void flushOutbox();
  }, TICK_MS);
  const unsubscribe = subscribeSession(async () => {
    const { user, status } = getSession();
    const account = user?.account.id ?? null;
    if (status === 'signed-in' && account && (lastStatus !== 'signed-in' || account !== lastAccount)) {
      await (await appOutbox()).resume(account);
      void flushOutbox();
    }
    lastAccount = account;
    lastStatus = status;
  });
  window.addEventListener('online', onOnline);
  void flushOutbox();
  return () => {
    clearInterval(tick);
    unsubscribe();
    window.removeEventListener('online', onOnline);
  };
}

export interface OutboxView {
  items: OutboxItem[];
  sent: SentItem[];
  inFlight: string | null;
  loaded: boolean;
}

/** The outbox as the screens show it, kept current as items are added, sent or refused (in any tab). */
export function useOutbox(): OutboxView {
  const [view, setView] = useState<OutboxView>({ items: [], sent: [], inFlight: null, loaded: false });
  useEffect(() => {
    let live = true;
    let box: Outbox | null = null;
    let unsubscribe = () => {};
    const load = async () => {
      if (!box) return;
      const [items, sent] = await Promise.all([box.list(), box.sent()]);
      if (live) setView({ items, sent, inFlight: box.inFlight(), loaded: true });
    };
    void appOutbox().then((b) => {
      box = b;
      unsubscribe = b.subscribe(() => void load());
      void load();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return view;
}
