import {
  comparePositions,
  type EngineEvent,
  type EventBus,
  type EventPosition,
  parsePosition,
} from '../../engine/events.ts';
import type { Actor } from '../../platform/access.ts';
import { EventErrors, eventsPolicy } from './events.policy.ts';

/** At most this many outbox rows are replayed after a Last-Event-ID; further behind, the client is told to resync. */
export const REPLAY_LIMIT = 1000;
const REPLAY_PAGE = 500;

/** Where a stream's events go (the route writes them as SSE frames). */
export interface StreamSink {
  event(event: EngineEvent): void;
  /** The client was too far behind to replay everything it missed: it should reload what it shows. */
  resync(info: { reason: 'replay-limit'; limit: number }): void;
}

export interface StreamOptions {
  /** The Last-Event-ID header: replay from the outbox after it, then go live. */
  lastEventId?: string;
  /** Comma-separated event types to keep. */
  types?: string;
}

/**
 * Live updates for the console: the events of the case engine's bus that the caller may see, resumed after a
 * Last-Event-ID from the outbox, then live. The stream closes when the returned function is called.
 */
export class EventStreamService {
  constructor(private readonly deps: { events: EventBus }) {}

  /** The position a Last-Event-ID names, or null when there is none. */
  resumeAfter(lastEventId: string | undefined): EventPosition | null {
    if (lastEventId === undefined || lastEventId.trim() === '') return null;
    const position = parsePosition(lastEventId);
    if (!position) throw EventErrors.EVENT_ID_INVALID({ value: lastEventId.slice(0, 64) });
    return position;
  }

  async open(actor: Actor, options: StreamOptions, sink: StreamSink): Promise<() => void> {
    eventsPolicy.stream(actor);
    const after = this.resumeAfter(options.lastEventId);
    const types = options.types ? new Set(options.types.split(',')) : null;
    const wanted = (e: EngineEvent) => (!types || types.has(e.type)) && eventsPolicy.canSee(actor, e);
    const { events } = this.deps;

    // Subscribe first, holding live events back while the replay runs: an event committed meanwhile comes
    // either in the replay or live, and the live copy of a replayed one is dropped by its position.
    let pending: EngineEvent[] | null = after ? [] : null;
    let closed = false;
    const unsubscribe = events.subscribe((e) => {
      if (closed) return;
      if (pending) pending.push(e);
      else if (wanted(e)) sink.event(e);
    });
    const close = () => {
      closed = true;
      unsubscribe();
    };
    if (!after) return close;

    try {
      let cursor = after;
      let read = 0;
      for (;;) {
        const want = Math.min(REPLAY_PAGE, REPLAY_LIMIT - read);
        const batch = await events.readAfter(cursor, want);
        for (const e of batch) {
          if (!closed && wanted(e)) sink.event(e);
          cursor = { txId: e.txId, id: e.id };
        }
        read += batch.length;
        if (batch.length < want) break;
        if (read >= REPLAY_LIMIT) {
          if ((await events.readAfter(cursor, 1)).length > 0)
            sink.resync({ reason: 'replay-limit', limit: REPLAY_LIMIT });
          break;
        }
      }
      const held = pending ?? [];
      pending = null;
      for (const e of held) if (!closed && comparePositions(e, cursor) > 0 && wanted(e)) sink.event(e);
    } catch (err) {
      close();
      throw err;
    }
    return close;
  }
}
