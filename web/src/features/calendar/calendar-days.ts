import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { CalendarDay, DaySource, LocalDayKind } from './calendar-api';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The years the server accepts (`/api/calendar/years/{year}`). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a year, a month (1–12) and a day. */
export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** 0 = Sunday … 6 = Saturday: the weekday of a calendar date, whatever the browser's zone. */
export function weekdayOf(date: string): number {
  return utcDate(date).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = weekdayOf(date);
  return d === 0 || d === 6;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar date after `date`. */
export function nextDate(date: string): string {
  const d = utcDate(date);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The weeks of a month as a wall calendar shows them, Monday first (as Chinese work calendars do): every
 * week has seven places, the days before the 1st and after the last day are null.
 */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const lead = (weekdayOf(isoDate(year, month, 1)) + 6) % 7; // Monday = 0
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= daysInMonth(year, month); d++) cells.push(isoDate(year, month, d));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The year's exceptional days by date. */
export function indexDays(days: readonly CalendarDay[]): Map<string, CalendarDay> {
  return new Map(days.map((d) => [d.date, d]));
}

/** A run of consecutive dates, `from` and `to` included. */
export interface DateSpan {
  from: string;
  to: string;
}

/** The days of a month that share kind, name and source (春节 休: 10–17), as spans of consecutive dates. */
export interface DayGroup {
  kind: 'holiday' | 'workday';
  name: string | null;
  source: DaySource | null;
  spans: DateSpan[];
}

/**
 * The holidays and workdays of one month, grouped for the line under its calendar: a group per kind, name
 * and source, in the order of their first date; consecutive dates merged into spans. Ordinary weekdays
 * and weekends (the server does not list them) are left out.
 */
export function monthGroups(days: readonly CalendarDay[], year: number, month: number): DayGroup[] {
  const prefix = `${pad(year, 4)}-${pad(month)}-`;
  const groups = new Map<string, DayGroup>();
  const inMonth = days.filter((d) => d.date.startsWith(prefix)).sort((a, b) => (a.date < b.date ? -1 : 1));
  for (const day of inMonth) {
    if (day.kind !== 'holiday' && day.kind !== 'workday') continue;
    const key = `${day.kind}\t${day.name ?? ''}\t${day.source ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { kind: day.kind, name: day.name, source: day.source, spans: [] };
      groups.set(key, group);
    }
    const last = group.spans.at(-1);
    if (last && nextDate(last.to) === day.date) last.to = day.date;
    else group.spans.push({ from: day.date, to: day.date });
  }
  return [...groups.values()];
}

/** `10–17`, `4、18`: the days of a month in spans (`separator` between spans, by language). */
export function spanText(spans: readonly DateSpan[], separator: string): string {
  const day = (date: string) => String(Number(date.slice(8, 10)));
  return spans.map((s) => (s.from === s.to ? day(s.from) : `${day(s.from)}–${day(s.to)}`)).join(separator);
}

/** What a local decision for a date most likely is: a day off on a weekday, a working day on a weekend. */
export function defaultLocalKind(date: string): LocalDayKind {
  return isWeekend(date) ? 'workday' : 'holiday';
}

/** A year from the address bar or an input, or null when the server would refuse it. */
export function parseYear(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
}

/**
 * The instant the user means by a wall-clock time (`YYYY-MM-DDTHH:mm`) on the business clock, as the
 * server's format wants it (ISO 8601 with offset): 16:00 in Shanghai is 16:00+08:00 even in a browser
 * set to another zone. Falls back to the browser's zone when the business zone is unknown.
 */
export function businessInstant(wallClock: string, timeZone: string | undefined): string {
  if (timeZone) {
    try {
      return dayjs.tz(wallClock, timeZone).format();
    } catch {
      // A zone this browser does not know.
    }
  }
  return dayjs(wallClock).format();
}
