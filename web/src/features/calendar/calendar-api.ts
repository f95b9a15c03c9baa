import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

/** 工作日历 of a year: its holidays, make-up workdays and local days, and the working hours in force today. */
export function fetchCalendarYear(year: number, signal?: AbortSignal) {
  return unwrap(api.GET('/api/calendar/years/{year}', { params: { path: { year } }, signal }));
}

export type LocalDayInput = paths['/api/calendar/days/{date}']['put']['requestBody']['content']['application/json'];

/** A local decision for a date (replaces an earlier one); the answer says whether deadlines are recomputed. */
export function setLocalDay(date: string, body: LocalDayInput) {
  return unwrap(api.PUT('/api/calendar/days/{date}', { params: { path: { date } }, body }));
}

/** Removes the local decision for a date: the State Council calendar applies again. */
export function removeLocalDay(date: string) {
  return unwrap(api.DELETE('/api/calendar/days/{date}', { params: { path: { date } } }));
}

export type DeadlineQuery = NonNullable<paths['/api/calendar/deadline']['get']['parameters']['query']>;

/** "How is this counted": when a deadline started at `from` would be due, and the sentence that explains it. */
export function fetchDeadline(query: DeadlineQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/calendar/deadline', { params: { query }, signal }));
}

export type CalendarYear = Awaited<ReturnType<typeof fetchCalendarYear>>;
export type CalendarDay = CalendarYear['days'][number];
export type DayKind = CalendarDay['kind'];
export type DaySource = NonNullable<CalendarDay['source']>;
export type LocalDayKind = LocalDayInput['kind'];
export type LocalDayChange = Awaited<ReturnType<typeof setLocalDay>>;
export type DeadlineUnit = DeadlineQuery['unit'];
export type DeadlineAnswer = Awaited<ReturnType<typeof fetchDeadline>>;
