/**
 * Deadline arithmetic on the working calendar: pure functions, no database.
 *
 * Every unit is a measure of time: natural hours count every instant, working days every instant of a
 * working day (24 hours each), working hours every instant inside the working periods of a working day.
 * A clock consumes its measure while one of its segments runs; it is due at the earliest instant the
 * consumed measure reaches the limit. Internally everything is whole milliseconds, so the instant found
 * and the measure at that instant agree exactly (a status at `dueAt` is red, a millisecond before is not).
 */
import { DateTime } from 'luxon';
import { dateOfDayNumber, type WorkingCalendar } from './calendar.ts';

/** 工作时 (minutes inside the working periods of working days), 工作日 (whole working days), 自然时. */
export type DeadlineUnit = 'working_hours' | 'working_days' | 'natural_hours';
export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['working_hours', 'working_days', 'natural_hours'];

export interface Limit {
  /** Positive; fractions allowed (0.5 natural hours = 30 minutes). */
  amount: number;
  unit: DeadlineUnit;
}

/** A working period of a day in the business zone, 'HH:MM' to 'HH:MM' (end after start). */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/** A period a clock ran: ISO instants; `to` null while it is running. */
export interface Segment {
  from: string;
  to: string | null;
}

export type DeadlineState = 'running' | 'paused' | 'stopped';
export type DeadlineStatus = 'green' | 'yellow' | 'red';

/** When a deadline turns yellow: a share of the limit used, or an amount left (in the limit's unit). */
export interface YellowRule {
  /** 0 < share < 1, e.g. 0.8. */
  share: number;
  /** e.g. 1 (working day, working hour or natural hour, the limit's own unit); applies only when less than the limit. */
  remaining: number;
}

export interface ClockInput {
  calendar: WorkingCalendar;
  periods: readonly WorkingPeriod[];
  limit: Limit;
  segments: readonly Segment[];
}

const MINUTE_MS = 60_000;
/** A calendar with no working time for this long is broken, not slow: fail instead of looping. */
const IDLE_DAYS_LIMIT = 3653;
/** No limit a workflow sets runs a century; beyond it the input is wrong. */
const SEARCH_DAYS_LIMIT = 36_525;

/** The limit in minutes of its unit's measure (working_days: amount × 1440). */
export function limitMinutes(limit: Limit): number {
  if (!(Number.isFinite(limit.amount) && limit.amount > 0)) {
    throw new RangeError(`a limit must be a positive amount: ${limit.amount}`);
  }
  return limit.amount * unitMinutes(limit.unit);
}

function unitMinutes(unit: DeadlineUnit): number {
  switch (unit) {
    case 'working_days':
      return 1440;
    case 'working_hours':
    case 'natural_hours':
      return 60;
    default:
      throw new RangeError(`not a deadline unit: ${String(unit)}`);
  }
}

/** Minutes of the unit's measure consumed by the segments up to `at` (open segment counted up to `at`). */
export function consumedMinutes(input: ClockInput, at: Date): number {
  return consumedMs(prepare(input), at.getTime()) / MINUTE_MS;
}

/** The instant at which the consumed measure reaches `minutes`, counting only the segments; null if the last segment is closed (paused/stopped) before reaching it. */
export function instantAtConsumed(input: ClockInput, minutes: number): Date | null {
  if (!(Number.isFinite(minutes) && minutes >= 0)) throw new RangeError(`not an amount of minutes: ${minutes}`);
  const at = instantAtMs(prepare(input), Math.round(minutes * MINUTE_MS));
  return at === null ? null : new Date(at);
}

/** When the limit runs out; null while paused (last segment closed) and not already used up. */
export function dueAt(input: ClockInput): Date | null {
  const at = instantAtMs(prepare(input), limitMs(input.limit));
  return at === null ? null : new Date(at);
}

/**
 * When it turns yellow: the earlier of (share × limit used) and (limit − remaining used, only when
 * remaining < limit — so a 2-working-hour case with "1 working hour left" turns yellow after 1 hour, and
 * with remaining ≥ limit only the share applies: never yellow at birth). Null while paused before the
 * threshold; a clock paused after it keeps the instant it turned yellow (as `dueAt` keeps a used-up limit).
 */
export function yellowAt(input: ClockInput, rule: YellowRule): Date | null {
  const at = instantAtMs(prepare(input), yellowThresholdMs(input.limit, rule));
  return at === null ? null : new Date(at);
}

/** Status at an instant: red when consumed ≥ limit, yellow when past yellowAt (or consumed ≥ the yellow threshold), else green. Works for paused clocks too (from consumed minutes). */
export function statusAt(input: ClockInput, rule: YellowRule, at: Date): DeadlineStatus {
  const consumed = consumedMs(prepare(input), at.getTime());
  if (consumed >= limitMs(input.limit)) return 'red';
  if (consumed >= yellowThresholdMs(input.limit, rule)) return 'yellow';
  return 'green';
}

function limitMs(limit: Limit): number {
  return Math.round(limitMinutes(limit) * MINUTE_MS);
}

function yellowThresholdMs(limit: Limit, rule: YellowRule): number {
  if (!(Number.isFinite(rule.share) && rule.share > 0 && rule.share < 1)) {
    throw new RangeError(`a yellow share must be between 0 and 1: ${rule.share}`);
  }
  if (!(Number.isFinite(rule.remaining) && rule.remaining >= 0)) {
    throw new RangeError(`a yellow remaining amount must not be negative: ${rule.remaining}`);
  }
  const total = limitMs(limit);
  const byShare = Math.round(rule.share * total);
  // "1 working day left" says nothing about a 1-day limit: it would be yellow the moment it starts.
  if (rule.remaining >= limit.amount) return byShare;
  return Math.min(byShare, total - Math.round(rule.remaining * unitMinutes(limit.unit) * MINUTE_MS));
}

// ---- the measures ----------------------------------------------------------------------------------

interface Prepared {
  calendar: WorkingCalendar;
  unit: DeadlineUnit;
  /** Working periods as minutes of the day, [start, end, start, end…]; working_hours only. */
  periods: number[];
  from: number[];
  /** NaN for the open (last) segment. */
  to: number[];
}

function prepare(input: ClockInput): Prepared {
  const unit = input.limit.unit;
  unitMinutes(unit);
  const from: number[] = [];
  const to: number[] = [];
  const segments = input.segments;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const a = Date.parse(s.from);
    const b = s.to === null ? Number.NaN : Date.parse(s.to);
    if (Number.isNaN(a) || (s.to !== null && Number.isNaN(b))) {
      throw new RangeError(`segment ${i + 1} has an invalid instant: ${s.from} – ${s.to}`);
    }
    if (s.to === null && i !== segments.length - 1) throw new RangeError(`segment ${i + 1} is open but not the last`);
    if (b < a) throw new RangeError(`segment ${i + 1} ends before it starts`);
    // Overlapping segments would count the same time twice.
    if (i > 0 && a < to[i - 1]!) throw new RangeError(`segment ${i + 1} starts before segment ${i} ends`);
    from.push(a);
    to.push(b);
  }
  return {
    calendar: input.calendar,
    unit,
    periods: unit === 'working_hours' ? parsePeriods(input.periods) : [],
    from,
    to,
  };
}

function parsePeriods(periods: readonly WorkingPeriod[]): number[] {
  const out: number[] = [];
  let previousEnd = -1;
  for (const p of periods) {
    const start = minuteOfDay(p.start, false);
    const end = minuteOfDay(p.end, true);
    if (start < 0 || end < 0 || end <= start || start < previousEnd) {
      throw new RangeError(`invalid working periods: ${checkWorkingPeriods(periods).join('; ')}`);
    }
    out.push(start, end);
    previousEnd = end;
  }
  if (out.length === 0) throw new RangeError('working hours need at least one working period');
  return out;
}

/** Minutes after midnight of 'HH:MM', or -1; 24:00 is allowed as an end only (a round-the-clock service). */
function minuteOfDay(text: string, isEnd: boolean): number {
  // Character codes rather than a regular expression: this runs for every deadline of a sweep.
  if (typeof text !== 'string' || text.length !== 5 || text.charCodeAt(2) !== 58) return -1;
  const h1 = text.charCodeAt(0) - 48;
  const h2 = text.charCodeAt(1) - 48;
  const m1 = text.charCodeAt(3) - 48;
  const m2 = text.charCodeAt(4) - 48;
  if (h1 < 0 || h1 > 9 || h2 < 0 || h2 > 9 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) return -1;
  const minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
  if (minutes > 1440 || (minutes === 1440 && !isEnd)) return -1;
  return minutes;
}

/** Validates working periods: HH:MM, end after start, sorted, not overlapping; returns problems (empty when fine). */
export function checkWorkingPeriods(periods: readonly WorkingPeriod[]): string[] {
  const problems: string[] = [];
  if (periods.length === 0) problems.push('no working period');
  // The latest end so far: a period starting before it overlaps one before it or is out of order.
  let previousEnd = -1;
  let previousText = '';
  for (const [i, p] of periods.entries()) {
    const n = i + 1;
    const start = minuteOfDay(p.start, false);
    const end = minuteOfDay(p.end, true);
    if (start < 0) problems.push(`period ${n}: start "${p.start}" is not a time HH:MM (00:00–23:59)`);
    if (end < 0) problems.push(`period ${n}: end "${p.end}" is not a time HH:MM (00:01–24:00)`);
    if (start < 0 || end < 0) continue;
    if (end <= start) problems.push(`period ${n}: end ${p.end} is not after start ${p.start}`);
    if (start < previousEnd) {
      problems.push(`period ${n} (${p.start}–${p.end}) overlaps or comes before ${previousText}`);
    }
    if (end > previousEnd) {
      previousEnd = end;
      previousText = `period ${n} (${p.start}–${p.end})`;
    }
  }
  return problems;
}

/** Measure consumed in [a, b). */
function measureMs(p: Prepared, a: number, b: number): number {
  if (b <= a) return 0;
  if (p.unit === 'natural_hours') return b - a;
  const cal = p.calendar;
  let total = 0;
  let day = cal.dayNumberOf(a);
  let start = cal.startOfDayNumber(day);
  while (start < b) {
    const next = cal.startOfDayNumber(day + 1);
    if (cal.isWorkingDayNumber(day)) {
      if (p.unit === 'working_days') {
        total += Math.min(next, b) - Math.max(start, a);
      } else {
        const periods = p.periods;
        for (let k = 0; k < periods.length; k += 2) {
          const lo = Math.max(cal.instantOfLocalTime(day, periods[k]!), a);
          const hi = Math.min(cal.instantOfLocalTime(day, periods[k + 1]!), b);
          if (hi > lo) total += hi - lo;
        }
      }
    }
    day++;
    start = next;
  }
  return total;
}

/** The earliest instant t ≥ a with measure [a, t) = amount (amount > 0): the clock runs on from a. */
function advanceMs(p: Prepared, a: number, amount: number): number {
  if (p.unit === 'natural_hours') return a + amount;
  const cal = p.calendar;
  let left = amount;
  const first = cal.dayNumberOf(a);
  let idleSince = first;
  for (let day = first; ; day++) {
    if (day - idleSince > IDLE_DAYS_LIMIT || day - first > SEARCH_DAYS_LIMIT) {
      throw new RangeError(
        `no due time found counting ${amount / MINUTE_MS} minutes of ${p.unit} from ${new Date(a).toISOString()}: ` +
          (day - idleSince > IDLE_DAYS_LIMIT
            ? 'the calendar or the working periods leave no working time for 10 years'
            : 'the limit runs beyond 100 years'),
      );
    }
    if (!cal.isWorkingDayNumber(day)) continue;
    if (p.unit === 'working_days') {
      const from = Math.max(cal.startOfDayNumber(day), a);
      const available = cal.startOfDayNumber(day + 1) - from;
      if (available <= 0) continue;
      if (left <= available) return from + left;
      left -= available;
      idleSince = day;
    } else {
      const periods = p.periods;
      for (let k = 0; k < periods.length; k += 2) {
        const from = Math.max(cal.instantOfLocalTime(day, periods[k]!), a);
        const available = cal.instantOfLocalTime(day, periods[k + 1]!) - from;
        if (available <= 0) continue;
        // `<=`: a limit used up exactly at a period's end is due at that end, not the next morning.
        if (left <= available) return from + left;
        left -= available;
        idleSince = day;
      }
    }
  }
}

function consumedMs(p: Prepared, at: number): number {
  let total = 0;
  for (let i = 0; i < p.from.length; i++) {
    const a = p.from[i]!;
    if (a >= at) break;
    const b = Number.isNaN(p.to[i]!) ? at : Math.min(p.to[i]!, at);
    total += measureMs(p, a, b);
  }
  return total;
}

/** The instant the segments have consumed `target` ms of the measure; null if they stop short. */
function instantAtMs(p: Prepared, target: number): number | null {
  const n = p.from.length;
  if (n === 0) return null;
  if (target <= 0) return p.from[0]!;
  let left = target;
  for (let i = 0; i < n; i++) {
    const a = p.from[i]!;
    const b = p.to[i]!;
    if (Number.isNaN(b)) return advanceMs(p, a, left);
    const consumed = measureMs(p, a, b);
    if (left <= consumed) return advanceMs(p, a, left);
    left -= consumed;
  }
  return null;
}

// ---- explanations ----------------------------------------------------------------------------------

export interface DeadlineExplanation {
  unit: DeadlineUnit;
  amount: number;
  /** ISO instant the clock first started. */
  startedAt: string;
  dueAt: string | null;
  /** Runs of consecutive non-working days inside the counted window, as local dates. */
  skipped: { from: string; to: string; reason: 'weekend' | 'holiday' | 'mixed'; names: string[] }[];
  /** Make-up workdays (or local workdays) inside the window. */
  makeupDays: string[];
  /** The gaps between segments before the due time; `to` null while paused. */
  pauses: { from: string; to: string | null }[];
  /** The working hours counted, for working_hours only. */
  periods: WorkingPeriod[] | null;
  /** Years in the window the calendar has no official data for (only weekends were known there). */
  unknownYears: number[];
}

/** What went into a due time: the days skipped and counted, the pauses, the calendar's gaps. */
export function explainDeadline(input: ClockInput): DeadlineExplanation {
  const p = prepare(input);
  if (p.from.length === 0) throw new RangeError('a clock that never ran has no deadline to explain');
  const due = instantAtMs(p, limitMs(input.limit));
  const end = due ?? Number.POSITIVE_INFINITY;
  const cal = p.calendar;

  const pauses: DeadlineExplanation['pauses'] = [];
  for (let i = 0; i < p.from.length; i++) {
    const stop = p.to[i]!;
    if (Number.isNaN(stop) || stop >= end) break;
    const resume = p.from[i + 1];
    pauses.push({ from: iso(stop), to: resume === undefined ? null : iso(resume) });
  }

  const skipped: DeadlineExplanation['skipped'] = [];
  const makeupDays: string[] = [];
  const unknownYears: number[] = [];
  if (p.unit !== 'natural_hours') {
    // The local days the clock ran on, up to the due time.
    const days = new Set<number>();
    for (let i = 0; i < p.from.length; i++) {
      const a = p.from[i]!;
      if (a >= end) break;
      const b = Math.min(Number.isNaN(p.to[i]!) ? end : p.to[i]!, end);
      if (b <= a) continue;
      for (let d = cal.dayNumberOf(a), last = cal.dayNumberOf(b - 1); d <= last; d++) days.add(d);
    }
    const sorted = [...days].sort((x, y) => x - y);
    let run: { days: number[]; kinds: Set<string>; names: Map<string, number> } | null = null;
    const flush = () => {
      if (!run) return;
      const kinds = run.kinds;
      skipped.push({
        from: dateOfDayNumber(run.days[0]!),
        to: dateOfDayNumber(run.days[run.days.length - 1]!),
        reason: kinds.size > 1 ? 'mixed' : kinds.has('weekend') ? 'weekend' : 'holiday',
        // The festival that takes most of the run first: 国庆节 before the 中秋节 it absorbed in 2023.
        names: [...run.names].sort((x, y) => y[1] - x[1]).map(([name]) => name),
      });
      run = null;
    };
    for (const d of sorted) {
      const info = cal.day(dateOfDayNumber(d));
      if (info.working) {
        flush();
        if (info.kind === 'workday') makeupDays.push(info.date);
        continue;
      }
      if (run && run.days[run.days.length - 1] !== d - 1) flush();
      run ??= { days: [], kinds: new Set(), names: new Map() };
      run.days.push(d);
      run.kinds.add(info.kind);
      if (info.name) run.names.set(info.name, (run.names.get(info.name) ?? 0) + 1);
    }
    flush();
    if (sorted.length > 0) {
      const firstYear = Number(dateOfDayNumber(sorted[0]!).slice(0, 4));
      const lastYear = Number(dateOfDayNumber(sorted[sorted.length - 1]!).slice(0, 4));
      for (let y = firstYear; y <= lastYear; y++) if (!cal.knowsYear(y)) unknownYears.push(y);
    }
  }

  return {
    unit: p.unit,
    amount: input.limit.amount,
    startedAt: iso(p.from[0]!),
    dueAt: due === null ? null : iso(due),
    skipped,
    makeupDays,
    pauses,
    periods: p.unit === 'working_hours' ? input.periods.map((x) => ({ start: x.start, end: x.end })) : null,
    unknownYears,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const UNIT_WORDS: Record<DeadlineUnit, { en: [string, string]; zh: string }> = {
  working_days: { en: ['working day', 'working days'], zh: '个工作日' },
  working_hours: { en: ['working hour', 'working hours'], zh: '个工作时' },
  natural_hours: { en: ['natural hour', 'natural hours'], zh: '小时' },
};

/** A limit as people say it: zh-CN "4 个工作时", en-US "4 working hours" (the words describeDeadline uses). */
export function describeLimit(limit: Limit, locale: 'zh-CN' | 'en-US'): string {
  const words = UNIT_WORDS[limit.unit];
  if (locale === 'zh-CN') return `${limit.amount} ${words.zh}`;
  return `${limit.amount} ${limit.amount === 1 ? words.en[0] : words.en[1]}`;
}

/** One line people read, e.g. en-US: "3 working days from 2023-09-28 16:00, skipping 09-29…10-06, counting make-up days 10-07 and 10-08 → due 2023-10-09 16:00"; zh-CN: "自 2023-09-28 16:00 起 3 个工作日,跳过 09-29…10-06(国庆节、中秋节),计入调休上班日 10-07、10-08 → 2023-10-09 16:00 到期". Mentions pauses, the working hours (working_hours only) and the years the calendar does not know. Times in `zone` (the calendar's). */
export function describeDeadline(explanation: DeadlineExplanation, locale: 'zh-CN' | 'en-US', zone: string): string {
  const e = explanation;
  const zh = locale === 'zh-CN';
  const started = DateTime.fromISO(e.startedAt, { zone });
  if (!started.isValid) throw new RangeError(`cannot show ${e.startedAt} in zone ${zone}`);
  const year = started.year;
  // Month-day is enough within the year the clock started; other years are spelt out.
  const date = (d: string) => (Number(d.slice(0, 4)) === year ? d.slice(5) : d);
  const time = (isoText: string, full: boolean) => {
    const t = DateTime.fromISO(isoText, { zone });
    const clock = t.second !== 0 || t.millisecond !== 0 ? 'HH:mm:ss' : 'HH:mm';
    return t.toFormat(full || t.year !== year ? `yyyy-MM-dd ${clock}` : `MM-dd ${clock}`);
  };
  const list = (items: string[]) =>
    zh ? items.join('、') : items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  const span = (from: string, to: string) => (from === to ? date(from) : `${date(from)}…${date(to)}`);

  const amount = String(e.amount);
  const words = UNIT_WORDS[e.unit];
  const hours = e.periods?.map((x) => `${x.start}–${x.end}`) ?? null;
  const parts: string[] = [];
  if (zh) {
    parts.push(
      `自 ${time(e.startedAt, true)} 起 ${amount} ${words.zh}${hours ? `(作息时间 ${hours.join('、')})` : ''}`,
    );
  } else {
    const word = e.amount === 1 ? words.en[0] : words.en[1];
    parts.push(`${amount} ${word}${hours ? ` (${hours.join(', ')})` : ''} from ${time(e.startedAt, true)}`);
  }
  if (e.skipped.length > 0) {
    // Names stay out of the English line: they are Chinese (and local ones cannot be translated).
    const runs = e.skipped.map((r) =>
      zh && r.names.length > 0 ? `${span(r.from, r.to)}(${r.names.join('、')})` : span(r.from, r.to),
    );
    parts.push(zh ? `跳过 ${list(runs)}` : `skipping ${list(runs)}`);
  }
  if (e.makeupDays.length > 0) {
    const days = e.makeupDays.map(date);
    parts.push(
      zh ? `计入调休上班日 ${list(days)}` : `counting make-up ${days.length === 1 ? 'day' : 'days'} ${list(days)}`,
    );
  }
  if (e.pauses.length > 0) {
    const closed = e.pauses.filter((x) => x.to !== null).map((x) => `${time(x.from, false)}–${time(x.to!, false)}`);
    const open = e.pauses.find((x) => x.to === null);
    if (closed.length > 0) parts.push(zh ? `暂停 ${list(closed)}` : `paused ${list(closed)}`);
    if (open) parts.push(zh ? `自 ${time(open.from, false)} 起暂停` : `paused since ${time(open.from, false)}`);
  }
  if (e.unknownYears.length > 0) {
    const years = e.unknownYears.map(String);
    parts.push(
      zh
        ? `日历缺少 ${list(years)} 年的节假日数据(仅按周末计算)`
        : `no holiday data for ${list(years)} (only weekends skipped)`,
    );
  }
  const head = parts.join(zh ? ',' : ', ');
  if (e.dueAt === null) return zh ? `${head} → 暂停中,暂无到期时间` : `${head} → no due time while paused`;
  return zh ? `${head} → ${time(e.dueAt, true)} 到期` : `${head} → due ${time(e.dueAt, true)}`;
}
