import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type EventSourceLike,
  NOTIFICATION_STREAM_URL,
  POLL_INTERVAL_MS,
  REFRESH_DELAYS_MS,
  watchNotifications,
} from './live';

/** An EventSource the test drives: it opens, delivers named events, fails and is closed on command. */
class FakeStream implements EventSourceLike {
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'error') this.readyState = 0; // the browser is reconnecting
    for (const l of this.listeners.get(type) ?? []) l();
  }
}

function watch() {
  const refresh = vi.fn();
  let stream: FakeStream | undefined;
  const stop = watchNotifications(refresh, {
    openStream: (url) => {
      stream = new FakeStream(url);
      return stream;
    },
  });
  return { refresh, stop, stream: stream! };
}

describe('keeping the unread count fresh', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('listens only to the events that make notifications, on the same-origin stream', () => {
    const { stream, stop } = watch();
    expect(stream.url).toBe('/api/events/stream?types=case.task.assigned,case.deadline.status');
    expect(NOTIFICATION_STREAM_URL).toBe(stream.url);
    expect([...stream.listeners.keys()].sort()).toEqual([
      'case.deadline.status',
      'case.task.assigned',
      'open',
      'resync',
    ]);
    stop();
  });

  it('asks for the count shortly after an event, and again a little later (the notification is written after the event)', () => {
    const { stream, refresh, stop } = watch();
    stream.emit('open');
    stream.emit('case.task.assigned');
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REFRESH_DELAYS_MS[0]);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(REFRESH_DELAYS_MS[1] - REFRESH_DELAYS_MS[0]);
    expect(refresh).toHaveBeenCalledTimes(2);
    stop();
  });

  it('asks once for a burst of events (a replay after reconnecting), not once per event', () => {
    const { stream, refresh, stop } = watch();
    stream.emit('open');
    for (let i = 0; i < 50; i++) stream.emit(i % 2 ? 'case.deadline.status' : 'case.task.assigned');
    vi.advanceTimersByTime(REFRESH_DELAYS_MS[1]);
    expect(refresh).toHaveBeenCalledTimes(2);
    stop();
  });

  it('asks after a resync and after the browser reopens the stream, not at the first open', () => {
    const { stream, refresh, stop } = watch();
    stream.emit('open');
    vi.advanceTimersByTime(REFRESH_DELAYS_MS[1]);
    expect(refresh).not.toHaveBeenCalled();
    stream.emit('resync');
    vi.advanceTimersByTime(REFRESH_DELAYS_MS[1]);
    expect(refresh).toHaveBeenCalledTimes(2);
    refresh.mockClear();
    stream.emit('error');
    stream.emit('open');
    vi.advanceTimersByTime(REFRESH_DELAYS_MS[1]);
    expect(refresh).toHaveBeenCalledTimes(2);
    stop();
  });

  it('does not poll while the stream is open, and polls every minute while it is not', () => {
    const { stream, refresh, stop } = watch();
    stream.emit('open');
    vi.advanceTimersByTime(POLL_INTERVAL_MS * 3);
    expect(refresh).not.toHaveBeenCalled();
    stream.emit('error');
    vi.advanceTimersByTime(POLL_INTERVAL_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    stream.close(); // refused for good (401): the browser gives up; polling goes on
    vi.advanceTimersByTime(POLL_INTERVAL_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(3);
    stop();
  });

  it('polls every minute in a browser without EventSource', () => {
    const refresh = vi.fn();
    const stop = watchNotifications(refresh, { openStream: () => null });
    vi.advanceTimersByTime(POLL_INTERVAL_MS - 1);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(POLL_INTERVAL_MS);
    expect(refresh).toHaveBeenCalledTimes(2);
    stop();
  });

  it('closes the stream and stops every timer when stopped (sign-out, unmount)', () => {
    const { stream, refresh, stop } = watch();
    stream.emit('open');
    stream.emit('case.task.assigned');
    stop();
    expect(stream.closed).toBe(true);
    stream.emit('case.task.assigned');
    stream.emit('error');
    vi.advanceTimersByTime(POLL_INTERVAL_MS * 5);
    expect(refresh).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
