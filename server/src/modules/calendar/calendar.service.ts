import type { Db } from '../../db/database.ts';
import * as calendarRepo from '../../engine/calendar.repo.ts';
import { builtinYears, type CalendarSource, type DayInfo } from '../../engine/calendar.ts';
import type { CaseEngine } from '../../engine/case-engine.ts';
import {
  checkWorkingPeriods,
  type DeadlineExplanation,
  type DeadlineUnit,
  describeDeadline,
  explainDeadline,
  type WorkingPeriod,
} from '../../engine/deadlines.ts';
import type { EventBus } from '../../engine/events.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { divisionCodeParam } from '../../platform/divisions.ts';
import { type Locale, messageFor } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { WorkingHours } from '../config/config.registry.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { SchedulerService } from '../scheduler/scheduler.service.ts';
import { CalendarErrors, calendarPolicy } from './calendar.policy.ts';
import { DAY_NAME_MAX } from './calendar.schemas.ts';

export type DayKind = 'holiday' | 'workday';
export type { CalendarSource, DayInfo } from '../../engine/calendar.ts';

/** The job type (registered with the case engine) that recomputes open deadlines after a calendar change. */
export const RECOMPUTE_JOB = 'cases.recompute-deadlines';
/** The event every calendar change emits, in the transaction of the change. */
export const CALENDAR_CHANGED_EVENT = 'calendar.changed';

/** What the service needs of the case engine (`ctx.engine`): the cached calendar, and dropping it. */
export type CalendarEngine = Pick<CaseEngine, 'calendar' | 'calendarChanged'>;
/** What the service needs of the event bus (`ctx.events`). */
export type CalendarEventBus = Pick<EventBus, 'append' | 'committed'>;

export interface CalendarDeps {
  db: Db;
  time: BusinessTime;
  audit: AuditService;
  config: ConfigService;
  events: CalendarEventBus;
  engine: CalendarEngine;
  scheduler: SchedulerService;
}

export interface WorkingHoursInForce {
  division: string;
  at: string;
  periods: WorkingPeriod[];
}

export interface YearResult {
  year: number;
  known: boolean;
  sources: CalendarSource[];
  days: DayInfo[];
  counts: { holidays: number; workdays: number; workingDays: number };
  workingHours: WorkingHoursInForce;
}

export interface StoredDayView {
  source: 'official' | 'local';
  kind: DayKind;
  name: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface DayResult extends DayInfo {
  stored: StoredDayView[];
}

export interface ChangeResult {
  changed: number;
  dates: string[];
  recomputing: boolean;
  job: { id: string; key: string } | null;
  message: string;
}

export interface OfficialDayInput {
  date: string;
  kind: DayKind;
  name: string;
}

/** One thing wrong with an official calendar's entry (entry counts from 1, as people number lines). */
export interface OfficialProblem {
  entry: number;
  date: string;
  problem:
    | 'ENTRY_INVALID'
    | 'DATE_INVALID'
    | 'NOT_IN_YEAR'
    | 'DUPLICATE'
    | 'KIND_INVALID'
    | 'NAME_MISSING'
    | 'HOLIDAY_ON_WEEKEND'
    | 'WORKDAY_ON_WEEKDAY';
  message: string;
}

export interface DeadlineQueryInput {
  from: Date;
  amount: number;
  unit: DeadlineUnit;
  division?: string;
}

export interface DeadlineResult {
  from: Date;
  limit: { amount: number; unit: DeadlineUnit };
  workingHours: WorkingHoursInForce;
  dueAt: Date | null;
  explanation: DeadlineExplanation;
  sentence: string;
  calendar: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 0 = Sunday … 6 = Saturday, or null when the text is not a real date. */
function weekdayOf(date: string): number | null {
  if (!DATE.test(date)) return null;
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return null;
  return d.getUTCDay();
}

/**
 * The working calendar's administration (工作日历): reading a year or a day as the engine counts it, local
 * overrides, loading the State Council's calendar for a newly published year, and the "how is this
 * counted" helper for deadlines.
 *
 * The calendar is installation-wide. Each change writes its rows, an audit record, the event
 * `calendar.changed` and the durable job that recomputes open deadlines, all in one transaction: when the
 * change is there, so is the recompute, even if the process dies right after answering. After the commit
 * the engine drops its cached calendar.
 */
export class CalendarService {
  constructor(private readonly deps: CalendarDeps) {}

  // ------------------------------------------------------------------ reading

  /** Every day of a year that is not an ordinary weekday or weekend, and the working hours in force today. */
  async year(actor: Actor, year: number, division = '', db: Db = this.deps.db): Promise<YearResult> {
    calendarPolicy.read(actor);
    const calendar = await this.deps.engine.calendar();
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const days = calendar.exceptionsBetween(from, to).map((e) => calendar.day(e.date));
    const stored = await calendarRepo.listDays(db, { from, to });
    const sources = new Set<CalendarSource>(stored.map((r) => r.source));
    // An official load replaces the shipped data of its year; otherwise the shipped data is there if it knows the year.
    if (!sources.has('official') && builtinYears().includes(year)) sources.add('builtin');
    let workingDays = 0;
    for (let d = from; d <= to; d = calendar.nextDate(d)) if (calendar.isWorkingDay(d)) workingDays++;
    return {
      year,
      known: calendar.knowsYear(year),
      sources: (['builtin', 'official', 'local'] as const).filter((s) => sources.has(s)),
      days,
      counts: {
        holidays: days.filter((d) => d.kind === 'holiday').length,
        workdays: days.filter((d) => d.kind === 'workday').length,
        workingDays,
      },
      workingHours: await this.workingHours(division, this.deps.time.today(), db),
    };
  }

  /** One date as the engine counts it, with the rows kept for it. */
  async day(actor: Actor, date: string, db: Db = this.deps.db): Promise<DayResult> {
    calendarPolicy.read(actor);
    const calendar = await this.deps.engine.calendar();
    const rows = await calendarRepo.listDays(db, { from: date, to: date });
    return {
      ...calendar.day(date),
      stored: rows
        .sort((a, b) => (a.source < b.source ? 1 : -1)) // local first: it wins
        .map((r) => ({ source: r.source, kind: r.kind, name: r.name, updatedAt: r.updatedAt, updatedBy: r.updatedBy })),
    };
  }

  /** The working periods (calendar.working-hours) in force for a division on a date. */
  async workingHours(division: string, at: string, db: Db = this.deps.db): Promise<WorkingHoursInForce> {
    const code = divisionCodeParam(division);
    const value = await this.deps.config.get(WorkingHours, code, at, db);
    return { division: code, at, periods: value.periods.map((p) => ({ start: p.start, end: p.end })) };
  }

  // ------------------------------------------------------------------ changes

  /** A local decision for one date (upsert): a day off, or a working day. */
  async setLocal(
    actor: Actor,
    date: string,
    input: { kind: DayKind; name: string },
    locale: Locale = 'zh-CN',
  ): Promise<ChangeResult & { day: DayInfo }> {
    calendarPolicy.manage(actor);
    const name = input.name.trim();
    if (name === '') throw CalendarErrors.CALENDAR_DAY_NAME_EMPTY();
    const result = await this.#change(actor, locale, 'local', async (tx, now) => {
      const [existing] = await calendarRepo.listDays(tx, { from: date, to: date, source: 'local' });
      if (existing && existing.kind === input.kind && existing.name === name) return null;
      await calendarRepo.upsertDay(tx, {
        date,
        source: 'local',
        kind: input.kind,
        name,
        updatedAt: now,
        updatedBy: actorId(actor),
      });
      return {
        dates: [date],
        audit: {
          action: 'calendar.day.set',
          target: { type: 'calendar_day', id: date },
          details: { source: 'local', kind: input.kind, replaced: existing ? existing.kind : null },
        },
      };
    });
    return { ...result, day: (await this.deps.engine.calendar()).day(date) };
  }

  /** Removes the local decision for a date (404 when there is none): the date is as the State Council says again. */
  async removeLocal(actor: Actor, date: string, locale: Locale = 'zh-CN'): Promise<ChangeResult & { day: DayInfo }> {
    calendarPolicy.manage(actor);
    const result = await this.#change(actor, locale, 'local', async (tx) => {
      const [existing] = await calendarRepo.listDays(tx, { from: date, to: date, source: 'local' });
      if (!existing || !(await calendarRepo.deleteDay(tx, date, 'local')))
        throw CalendarErrors.CALENDAR_DAY_NOT_OVERRIDDEN({ date });
      return {
        dates: [date],
        audit: {
          action: 'calendar.day.removed',
          target: { type: 'calendar_day', id: date },
          details: { source: 'local', kind: existing.kind },
        },
      };
    });
    return { ...result, day: (await this.deps.engine.calendar()).day(date) };
  }

  /**
   * Loads the State Council's calendar for a year: the holidays that fall on Monday–Friday and the make-up
   * workdays (weekends), replacing the year's previous official rows — and, for the engine, what
   * CivicGrid ships for that year. Every entry is checked first; anything wrong is a 422 listing each bad
   * entry, and nothing is written.
   */
  async loadOfficial(
    actor: Actor,
    year: number,
    days: readonly OfficialDayInput[],
    locale: Locale = 'zh-CN',
  ): Promise<ChangeResult & { year: number; known: boolean }> {
    calendarPolicy.manage(actor);
    const problems = officialYearProblems(year, days, locale);
    if (problems.length > 0)
      throw CalendarErrors.CALENDAR_OFFICIAL_INVALID({ year, count: problems.length }, { problems });
    const clean = days.map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }));
    const result = await this.#change(actor, locale, 'official', async (tx, now) => {
      const before = await calendarRepo.listDays(tx, {
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        source: 'official',
      });
      const old = new Map(before.map((r) => [r.date, `${r.kind}\t${r.name}`]));
      const next = new Map(clean.map((d) => [d.date, `${d.kind}\t${d.name}`]));
      const dates = [...new Set([...old.keys(), ...next.keys()])].filter((d) => old.get(d) !== next.get(d)).sort();
      if (dates.length === 0) return null;
      await calendarRepo.replaceOfficialYear(tx, year, clean, now, actorId(actor));
      return {
        dates,
        audit: {
          action: 'calendar.official.loaded',
          target: { type: 'calendar_year', id: String(year) },
          details: {
            year,
            holidays: clean.filter((d) => d.kind === 'holiday').length,
            workdays: clean.filter((d) => d.kind === 'workday').length,
            changedDates: dates.length,
            firstLoad: before.length === 0,
          },
        },
      };
    });
    return { ...result, year, known: (await this.deps.engine.calendar()).knowsYear(year) };
  }

  /**
   * One change: its rows, the audit record, the `calendar.changed` event and the recompute job in one
   * transaction; then the engine forgets its calendar and the bus learns of the commit. `write` returns
   * null when nothing would change (nothing is written, nothing recomputed).
   */
  async #change(
    actor: Actor,
    locale: Locale,
    source: 'official' | 'local',
    write: (
      tx: Db,
      now: Date,
    ) => Promise<{
      dates: string[];
      audit: { action: string; target: { type: string; id: string }; details: Record<string, unknown> };
    } | null>,
  ): Promise<ChangeResult> {
    const { db, time, audit, events, scheduler, engine } = this.deps;
    const now = time.now();
    const done = await db.transaction(async (tx) => {
      const change = await write(tx, now);
      if (!change) return null;
      await audit.record({ actor, ...change.audit, ownerDivision: '' }, tx);
      await events.append(tx, [
        { type: CALENDAR_CHANGED_EVENT, payload: { dates: change.dates, source }, at: now, ownerDivision: '' },
      ]);
      // Durable, in the change's transaction: the recompute happens even if this process dies after the commit.
      const key = `${RECOMPUTE_JOB}:${now.toISOString()}`;
      const job = await scheduler.scheduleOnce(
        { type: RECOMPUTE_JOB, key, runAt: now, payload: { reason: 'calendar.changed', dates: change.dates } },
        tx,
      );
      return { dates: change.dates, job: { id: job.id, key } };
    });
    if (!done) {
      return {
        changed: 0,
        dates: [],
        recomputing: false,
        job: null,
        message: messageFor('CALENDAR_UNCHANGED', locale),
      };
    }
    engine.calendarChanged();
    events.committed();
    return {
      changed: done.dates.length,
      dates: done.dates,
      recomputing: true,
      job: done.job,
      message: messageFor('CALENDAR_CHANGED', locale, { count: done.dates.length }),
    };
  }

  // ------------------------------------------------------------------ the "how is this counted" helper

  /** When a deadline started at `from` would be due, and why, on the calendar and working hours in force. */
  async deadline(
    actor: Actor,
    input: DeadlineQueryInput,
    locale: Locale = 'zh-CN',
    db: Db = this.deps.db,
  ): Promise<DeadlineResult> {
    calendarPolicy.read(actor);
    const calendar = await this.deps.engine.calendar();
    const hours = await this.workingHours(input.division ?? '', this.deps.time.today(input.from), db);
    const periodProblems = checkWorkingPeriods(hours.periods);
    if (periodProblems.length > 0)
      throw CalendarErrors.CALENDAR_WORKING_HOURS_INVALID({
        division: hours.division || '—',
        problems: periodProblems.join('; '),
      });
    const limit = { amount: input.amount, unit: input.unit };
    const clock = { calendar, periods: hours.periods, limit, segments: [{ from: input.from.toISOString(), to: null }] };
    let explanation: DeadlineExplanation;
    try {
      explanation = explainDeadline(clock);
    } catch (err) {
      if (err instanceof RangeError) throw CalendarErrors.CALENDAR_DEADLINE_UNCOUNTABLE();
      throw err;
    }
    const dueAt = explanation.dueAt === null ? null : new Date(explanation.dueAt);
    return {
      from: input.from,
      limit,
      workingHours: hours,
      dueAt,
      explanation,
      sentence: describeDeadline(explanation, locale, this.deps.time.zone),
      calendar: calendar.fingerprint,
    };
  }
}

function actorId(actor: Actor): string {
  return actor.id ?? actor.kind;
}

/** What is wrong with one entry of an official calendar (`year` null: only its own shape and date). */
function officialEntryProblems(
  day: { date?: unknown; kind?: unknown; name?: unknown },
  entry: number,
  year: number | null,
  locale: Locale,
): OfficialProblem[] {
  const out: OfficialProblem[] = [];
  const date = typeof day.date === 'string' ? day.date : '';
  const add = (problem: OfficialProblem['problem'], params: Record<string, string | number> = {}) =>
    out.push({
      entry,
      date,
      problem,
      message: messageFor(`CALENDAR_PROBLEM_${problem}`, locale, { entry, date, year: year ?? '', ...params }),
    });
  const weekday = weekdayOf(date);
  if (weekday === null) add('DATE_INVALID');
  else if (year !== null && date.slice(0, 4) !== String(year)) add('NOT_IN_YEAR');
  if (day.kind !== 'holiday' && day.kind !== 'workday') add('KIND_INVALID', { kind: String(day.kind) });
  if (typeof day.name !== 'string' || day.name.trim() === '' || day.name.length > DAY_NAME_MAX)
    add('NAME_MISSING', { max: DAY_NAME_MAX });
  if (weekday !== null) {
    const names = { weekdayZh: WEEKDAYS_ZH[weekday]!, weekdayEn: WEEKDAYS_EN[weekday]! };
    const weekend = weekday === 0 || weekday === 6;
    if (day.kind === 'holiday' && weekend) add('HOLIDAY_ON_WEEKEND', names);
    if (day.kind === 'workday' && !weekend) add('WORKDAY_ON_WEEKDAY', names);
  }
  return out;
}

/**
 * Every problem of a year's official calendar, in entry order: entries that are not objects, dates that are not
 * real or not in the year, repeated dates, unknown kinds, missing names, holidays on weekends (rest days anyway)
 * and make-up workdays on weekdays (working days anyway). Empty when the calendar can be loaded. Takes anything
 * (a file's contents): the API's schema has checked the shapes already, the CLI's file has not.
 */
export function officialYearProblems(
  year: number,
  days: readonly unknown[],
  locale: Locale = 'zh-CN',
): OfficialProblem[] {
  const out: OfficialProblem[] = [];
  const first = new Map<string, number>();
  days.forEach((day, i) => {
    const entry = i + 1;
    if (day === null || typeof day !== 'object' || Array.isArray(day)) {
      out.push({
        entry,
        date: '',
        problem: 'ENTRY_INVALID',
        message: messageFor('CALENDAR_PROBLEM_ENTRY_INVALID', locale, { entry }),
      });
      return;
    }
    const fields = day as { date?: unknown; kind?: unknown; name?: unknown };
    out.push(...officialEntryProblems(fields, entry, year, locale));
    if (typeof fields.date !== 'string') return;
    const seen = first.get(fields.date);
    if (seen !== undefined)
      out.push({
        entry,
        date: fields.date,
        problem: 'DUPLICATE',
        message: messageFor('CALENDAR_PROBLEM_DUPLICATE', locale, { entry, date: fields.date, first: seen }),
      });
    else first.set(fields.date, entry);
  });
  return out;
}
