/**
 * The working calendar: Monday to Friday, except the State Council's holidays, plus its make-up workdays
 * (调休). Three layers, each overriding the one before: what the chinese-days package ships (`builtin`),
 * the `official` rows loaded for a year the package does not know yet (or got wrong), and `local`
 * decisions (a county closing its offices for a typhoon, a Saturday worked for an inspection).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { DateTime, IANAZone } from 'luxon';

export type CalendarSource = 'builtin' | 'official' | 'local';

export interface CalendarException {
  /** YYYY-MM-DD, a local date. */
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: CalendarSource;
}

export interface DayInfo {
  date: string;
  working: boolean;
  /** `workday`: a make-up workday on a weekend, or any day a workday row makes working. */
  kind: 'weekday' | 'weekend' | 'holiday' | 'workday';
  name: string | null;
  source: CalendarSource | null;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date (no zone): the calendar's internal day key. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over to 03-02; a date that does not round-trip does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  return ms / DAY_MS;
}

/** The civil date of a day number (inverse of `dayNumber`). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(day: number): boolean {
  // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays.
  const w = (((day + 4) % 7) + 7) % 7;
  return w === 0 || w === 6;
}

// chinese-days names some festivals by their short form (中秋, 端午, 清明); people read the full name.
const FULL_NAMES: Record<string, string> = { 中秋: '中秋节', 端午: '端午节', 清明: '清明节' };

interface BuiltinData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let builtinCache: { exceptions: CalendarException[]; years: number[] } | null = null;

function builtin(): { exceptions: CalendarException[]; years: number[] } {
  if (builtinCache) return builtinCache;
  // The package's JSON is the same data its functions use, without paying for its date library per call.
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as BuiltinData;
  const exceptions: CalendarException[] = [];
  const years = new Set<number>();
  for (const [kind, entries] of [
    ['holiday', data.holidays],
    ['workday', data.workdays],
  ] as const) {
    for (const [date, value] of Object.entries(entries)) {
      // "National Day,国庆节,3": English name, Chinese name, days of the festival.
      const zh = value.split(',')[1] ?? value;
      exceptions.push({ date, kind, name: FULL_NAMES[zh] ?? zh, source: 'builtin' });
      years.add(Number(date.slice(0, 4)));
    }
  }
  exceptions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  builtinCache = { exceptions, years: [...years].sort((a, b) => a - b) };
  return builtinCache;
}

/** Years the chinese-days package has the State Council's arrangement for (2004–2026 in 1.5.7). */
export function builtinYears(): number[] {
  return [...builtin().years];
}

// Per-day caches cover 1900–2199 in flat arrays (the hot path of the deadline sweep); days outside are
// computed each time.
const CACHE_FIRST_DAY = dayNumber('1900-01-01');
const CACHE_DAYS = dayNumber('2200-01-01') - CACHE_FIRST_DAY;

export interface WorkingCalendarOptions {
  /** IANA zone the local dates are reckoned in (Asia/Shanghai in production). */
  zone: string;
  /** The State Council's arrangement loaded for whole years: they replace the built-in data of those years. */
  official?: readonly CalendarException[];
  /** Local decisions, overriding both. */
  local?: readonly CalendarException[];
}

export class WorkingCalendar {
  readonly zone: string;
  readonly #exceptions = new Map<number, CalendarException>();
  readonly #years: Set<number>;
  readonly #starts = new Float64Array(CACHE_DAYS).fill(Number.NaN);
  /** 0 unknown, 1 working, 2 not working. */
  readonly #working = new Int8Array(CACHE_DAYS);
  #fingerprint: string | null = null;

  constructor(options: WorkingCalendarOptions) {
    if (!IANAZone.isValidZone(options.zone)) throw new RangeError(`unknown time zone: ${options.zone}`);
    this.zone = options.zone;
    const official = (options.official ?? []).map((e) => checked(e, 'official'));
    const local = (options.local ?? []).map((e) => checked(e, 'local'));
    // The State Council publishes a year's arrangement as a whole, so loaded official rows replace the
    // package's data for their year entirely: a day it wrongly calls a holiday must become a weekday again.
    const officialYears = new Set(official.map((e) => Number(e.date.slice(0, 4))));
    const base = builtin();
    for (const e of base.exceptions) {
      if (!officialYears.has(Number(e.date.slice(0, 4)))) this.#exceptions.set(dayNumber(e.date), e);
    }
    for (const e of official) this.#exceptions.set(dayNumber(e.date), e);
    for (const e of local) this.#exceptions.set(dayNumber(e.date), e);
    this.#years = new Set([...base.years, ...officialYears]);
  }

  day(date: string): DayInfo {
    const n = dayNumber(date);
    const e = this.#exceptions.get(n);
    if (e) return { date, working: e.kind === 'workday', kind: e.kind, name: e.name, source: e.source };
    const weekend = isWeekend(n);
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday', name: null, source: null };
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /** Years with official data (built-in or loaded). Outside them only weekends are known. */
  knowsYear(year: number): boolean {
    return this.#years.has(year);
  }

  /** Epoch ms of 00:00 of the local date in the zone (cached: this is the hot path). */
  startOfDay(date: string): number {
    return this.startOfDayNumber(dayNumber(date));
  }

  /** Local date (YYYY-MM-DD) of an instant (epoch ms) in the zone. */
  dateOf(epochMs: number): string {
    return dateOfDayNumber(this.dayNumberOf(epochMs));
  }

  /** The local date after `date`. */
  nextDate(date: string): string {
    return dateOfDayNumber(dayNumber(date) + 1);
  }

  /** Holidays and make-up workdays (with their source) in [from, to], for explanations and for finding which deadlines a change touches. */
  exceptionsBetween(from: string, to: string): CalendarException[] {
    const lo = dayNumber(from);
    const hi = dayNumber(to);
    const out: CalendarException[] = [];
    for (const [n, e] of this.#exceptions) if (n >= lo && n <= hi) out.push(e);
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** A stable fingerprint of every exception (so two calendars can be compared). */
  get fingerprint(): string {
    if (this.#fingerprint === null) {
      const h = createHash('sha256');
      for (const n of [...this.#exceptions.keys()].sort((a, b) => a - b)) {
        const e = this.#exceptions.get(n)!;
        h.update(`${e.date}\t${e.kind}\t${e.source}\t${e.name}\n`);
      }
      this.#fingerprint = h.digest('hex').slice(0, 32);
    }
    return this.#fingerprint;
  }

  // Day-number forms of the above, for the deadline arithmetic: integers instead of date strings keep a
  // sweep over a million deadlines free of string work and of luxon.

  /** Whether the day (see `dayNumber`) is a working day. */
  isWorkingDayNumber(day: number): boolean {
    const i = day - CACHE_FIRST_DAY;
    if (i >= 0 && i < CACHE_DAYS) {
      const cached = this.#working[i]!;
      if (cached !== 0) return cached === 1;
      const working = this.#computeWorking(day);
      this.#working[i] = working ? 1 : 2;
      return working;
    }
    return this.#computeWorking(day);
  }

  /** Epoch ms of 00:00 of the day in the zone (the first instant of the day where midnight is skipped). */
  startOfDayNumber(day: number): number {
    const i = day - CACHE_FIRST_DAY;
    if (i >= 0 && i < CACHE_DAYS) {
      const cached = this.#starts[i]!;
      if (!Number.isNaN(cached)) return cached;
      const start = this.#computeStart(day);
      this.#starts[i] = start;
      return start;
    }
    return this.#computeStart(day);
  }

  /** The local day (see `dayNumber`) an instant falls on. */
  dayNumberOf(epochMs: number): number {
    if (!Number.isFinite(epochMs)) throw new RangeError(`not an instant: ${epochMs}`);
    // Start from the UTC day and step: zone offsets are under a day, so this takes at most one step.
    let day = Math.floor(epochMs / DAY_MS);
    while (epochMs < this.startOfDayNumber(day)) day--;
    while (epochMs >= this.startOfDayNumber(day + 1)) day++;
    return day;
  }

  /**
   * The instant of a local time of day (minutes after midnight; 1440 is the next midnight) on a day.
   * On days of ordinary length this is plain addition; on days a clock change shortens or lengthens,
   * luxon places the wall time (a time skipped by the change moves forward).
   */
  instantOfLocalTime(day: number, minuteOfDay: number): number {
    const start = this.startOfDayNumber(day);
    const next = this.startOfDayNumber(day + 1);
    if (minuteOfDay >= 1440) return next;
    if (next - start === DAY_MS) return start + minuteOfDay * 60_000;
    const [y, mo, d] = dateOfDayNumber(day).split('-').map(Number) as [number, number, number];
    const wall = DateTime.fromObject(
      { year: y, month: mo, day: d, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
      { zone: this.zone },
    );
    return Math.min(Math.max(wall.toMillis(), start), next);
  }

  #computeWorking(day: number): boolean {
    const e = this.#exceptions.get(day);
    return e ? e.kind === 'workday' : !isWeekend(day);
  }

  #computeStart(day: number): number {
    const [y, mo, d] = dateOfDayNumber(day).split('-').map(Number) as [number, number, number];
    return DateTime.fromObject({ year: y, month: mo, day: d }, { zone: this.zone }).toMillis();
  }
}

function checked(e: CalendarException, source: 'official' | 'local'): CalendarException {
  dayNumber(e.date);
  if (e.kind !== 'holiday' && e.kind !== 'workday') throw new RangeError(`not a calendar day kind: ${e.kind}`);
  // The list a row arrives in decides its layer, whatever the row says.
  return { date: e.date, kind: e.kind, name: e.name, source };
}
