import { FEED_EVENT_TYPES, FEED_STREAM_URL } from './feed';

/**
 * Opens the command centre's stream (same origin: the session cookie goes with it; reconnecting and
 * Last-Event-ID are the browser's) and hands each feed event to `onEvent`, a `resync` or a reopen to
 * `onResync`. Returns the function that closes it.
 */
export function watchFeed(
  onEvent: (type: string, data: string) => void,
  onResync: () => void,
  onState?: (open: boolean) => void,
): () => void {
  if (typeof globalThis.EventSource !== 'function') return () => {};
  let source: EventSource;
  try {
    source = new EventSource(FEED_STREAM_URL);
  } catch {
    return () => {};
  }
  let opened = false;
  for (const type of FEED_EVENT_TYPES)
    source.addEventListener(type, (e) => onEvent(type, String((e as MessageEvent).data ?? '')));
  source.addEventListener('resync', onResync);
  source.addEventListener('open', () => {
    if (opened) onResync();
    opened = true;
    onState?.(true);
  });
  source.addEventListener('error', () => onState?.(source.readyState === 1));
  return () => source.close();
}
