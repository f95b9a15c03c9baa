/**
 * The command centre's live feed: events from the server's stream (docs/ARCHITECTURE.md, "Events") turned
 * into list items, newest first. Pure, so it is tested without a browser.
 */

/** New cases and clocks changing colour; only red (overdue) is shown of the latter. */
export const FEED_EVENT_TYPES = ['case.opened', 'case.deadline.status'] as const;
export const FEED_STREAM_URL = `/api/events/stream?types=${FEED_EVENT_TYPES.join(',')}`;

/** How many items the list keeps. */
export const FEED_MAX = 50;

export interface FeedItem {
  /** The event id (`<txId>.<id>`), or `case:<id>` for an item read from the case list at start. */
  key: string;
  kind: 'opened' | 'overdue';
  caseId: string;
  number: string | null;
  title: string | null;
  category: string | null;
  gridCode: string | null;
  division: string;
  /** ISO 8601 (business time). */
  at: string;
}

interface StreamEvent {
  id?: unknown;
  type?: unknown;
  caseId?: unknown;
  payload?: Record<string, unknown> | null;
  at?: unknown;
  ownerDivision?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The feed item an event makes, or null when it makes none (another type, a clock turning yellow or
 * green, a case outside `division`, something unreadable).
 */
export function feedItemOf(type: string, data: string, division: string): FeedItem | null {
  let event: StreamEvent;
  try {
    event = JSON.parse(data) as StreamEvent;
  } catch {
    return null;
  }
  const payload = event.payload ?? {};
  const caseId = text(event.caseId) ?? text(payload.caseId);
  const owner = text(event.ownerDivision) ?? '';
  const key = text(event.id);
  const at = text(event.at);
  if (!caseId || !key || !at || !owner.startsWith(division)) return null;
  let kind: FeedItem['kind'];
  if (type === 'case.opened') kind = 'opened';
  else if (type === 'case.deadline.status' && payload.status === 'red') kind = 'overdue';
  else return null;
  return {
    key,
    kind,
    caseId,
    number: text(payload.number),
    title: text(payload.title),
    category: null,
    gridCode: text(payload.gridCode),
    division: owner,
    at,
  };
}

/**
 * Puts new items on top: an item already listed (same key, or the same case and kind) is not repeated —
 * a replayed event or one the start-up list already holds — and the list keeps its newest FEED_MAX.
 */
export function mergeFeed(list: readonly FeedItem[], items: readonly FeedItem[], max = FEED_MAX): FeedItem[] {
  const seen = new Set(list.map((i) => `${i.caseId}:${i.kind}`));
  const keys = new Set(list.map((i) => i.key));
  const fresh: FeedItem[] = [];
  for (const item of items) {
    const id = `${item.caseId}:${item.kind}`;
    if (keys.has(item.key) || seen.has(id)) continue;
    keys.add(item.key);
    seen.add(id);
    fresh.push(item);
  }
  if (fresh.length === 0) return list as FeedItem[];
  return [...fresh.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)), ...list].slice(0, max);
}
