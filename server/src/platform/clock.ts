import { DateTime } from 'luxon';

/**
 * The one source of business time. Nothing that is recorded as "when it happened" may come from
 * the database's now() or from `new Date()` elsewhere: tests move this clock, and deadlines,
 * case numbers and bulletins must agree on what "now" is.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests (and replays) set and move by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string = '2026-01-05T01:00:00Z') {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date | string): void {
    this.#now = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

/**
 * Business time in the configured zone. The machines run in UTC; "today", months, working hours and
 * case numbers are reckoned in the zone of the city (Asia/Shanghai by default).
 */
export class BusinessTime {
  constructor(
    readonly clock: Clock,
    readonly zone: string,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** The instant in the business zone, for calendar arithmetic. */
  local(at: Date = this.clock.now()): DateTime {
    return DateTime.fromJSDate(at, { zone: this.zone });
  }

  /** Local calendar date, YYYY-MM-DD. */
  today(at: Date = this.clock.now()): string {
    return this.local(at).toISODate()!;
  }

  /** Local month, YYYY-MM. */
  month(at: Date = this.clock.now()): string {
    return this.local(at).toFormat('yyyy-MM');
  }

  /** ISO 8601 with the zone's offset, e.g. 2026-11-29T20:41:06+08:00: what people and standards read. */
  format(at: Date = this.clock.now()): string {
    return this.local(at).toISO({ suppressMilliseconds: true })!;
  }

  /** Start of a local date (00:00 in the zone) as an instant. */
  startOfDay(date: string): Date {
    const d = DateTime.fromISO(date, { zone: this.zone });
    if (!d.isValid) throw new RangeError(`not a date: ${date}`);
    return d.startOf('day').toJSDate();
  }
}
