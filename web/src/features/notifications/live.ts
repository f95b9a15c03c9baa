/**
 * Keeping the unread count fresh: the server's event stream (SSE) says when something that makes a
 * notification happened; without a stream (no EventSource, or the server refused it) the count is polled.
 */

/** The events the notifications consumer turns into notifications (docs/ARCHITECTURE.md, "Notifications"). */
export const NOTIFICATION_EVENT_TYPES = ['case.task.assigned', 'case.deadline.status'] as const;

/** Same origin, so the session cookie goes with it; the types narrow the stream to what matters here. */
export const NOTIFICATION_STREAM_URL = `/api/events/stream?types=${NOTIFICATION_EVENT_TYPES.join(',')}`;

/** How often the count is asked for while no stream is open. */
export const POLL_INTERVAL_MS = 60_000;

/**
 * When to ask again after an event. The server hands an event to live streams before its notifications
 * consumer has written the notification (a separate transaction, moments later), so an immediate count
 * could miss it: ask shortly after, and once more a little later.
 */
export const REFRESH_DELAYS_MS = [1_000, 5_000] as const;

/** The part of `EventSource` this module uses (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: () => void): void;
  close(): void;
}

/** `EventSource.OPEN`. */
const OPEN = 1;

export interface WatchOptions {
  /** Opens the stream; null when this browser has none. Default: `new EventSource(url)` where available. */
  openStream?: (url: string) => EventSourceLike | null;
}

function defaultOpenStream(url: string): EventSourceLike | null {
  if (typeof globalThis.EventSource !== 'function') return null;
  try {
    return new globalThis.EventSource(url);
  } catch {
    return null;
  }
}

/**
 * Calls `refresh` whenever the unread count may have changed: after notification events on the stream
 * (debounced, see REFRESH_DELAYS_MS), after a resync or a reconnect, and every POLL_INTERVAL_MS while the
 * stream is not open. Reconnecting is the browser's (it resends Last-Event-ID). Returns the function
 * that closes the stream and stops every timer: call it on sign-out and unmount.
 */
export function watchNotifications(refresh: () => void, options: WatchOptions = {}): () => void {
  const source = (options.openStream ?? defaultOpenStream)(NOTIFICATION_STREAM_URL);
  let pending: ReturnType<typeof setTimeout>[] = [];
  let opened = false;
  let stopped = false;

  const soon = () => {
    if (stopped) return;
    for (const timer of pending) clearTimeout(timer);
    pending = REFRESH_DELAYS_MS.map((delay) => setTimeout(() => !stopped && refresh(), delay));
  };

  if (source) {
    for (const type of NOTIFICATION_EVENT_TYPES) source.addEventListener(type, soon);
    // Too far behind for the server to replay: whatever was missed, the count says it.
    source.addEventListener('resync', soon);
    source.addEventListener('open', () => {
      // The first open follows the caller's own first count; a reopen may have missed reads elsewhere.
      if (opened) soon();
      opened = true;
    });
  }
  const poll = setInterval(() => {
    if (!source || source.readyState !== OPEN) refresh();
  }, POLL_INTERVAL_MS);

  return () => {
    stopped = true;
    clearInterval(poll);
    for (const timer of pending) clearTimeout(timer);
    source?.close();
  };
}
