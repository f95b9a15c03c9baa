/**
 * The synthetic open cases of the deadline-sweep benchmark, built in memory before they are written with SQL
 * (load.ts). Every due and yellow time comes from the engine's own `dueAt`/`yellowAt` on the real calendar;
 * the clocks meant to cross a threshold in the minute before "now" get their start found by walking the
 * working time backwards from the threshold, and are then checked forwards with the same functions.
 *
 * What a case looks like (the toy workflow, as the engine writes it):
 * - half the cases were only reported: state `new`, one `report` entry, the case clock `overall`
 *   (5 working days) running;
 * - the other half were also dispatched: state `assigned`, a `report` and an `assign` entry, a `work` task
 *   for the county's unit with its clock `work` (4–40 working hours) running beside `overall`;
 * - every clock that passed a threshold before the last sweep (one a minute, at :00) was recoloured by that
 *   sweep: its `$deadline.yellow` / `$deadline.red` entries and `case.deadline.status` events are there too.
 */
import { performance } from 'node:perf_hooks';
import type { WorkingCalendar } from '../../server/src/engine/calendar.ts';
import { dateOfDayNumber } from '../../server/src/engine/calendar.ts';
import {
  type ClockInput,
  dueAt,
  type Limit,
  type WorkingPeriod,
  type YellowRule,
  yellowAt,
} from '../../server/src/engine/deadlines.ts';

export const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32): the same seed gives the same data. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    /** Exponential with the given mean. */
    exp: (mean: number) => -mean * Math.log(1 - next()),
  };
}
type Random = ReturnType<typeof random>;

/** A UUID version 7 for an instant, as `newId()` makes them (time-ordered), from the seeded PRNG. */
export function uuidv7At(ms: number, rnd: Random): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const t = hex(Math.floor(ms), 12);
  const r = () => hex(rnd.int(0x10000), 4);
  const variant = hex(0x8000 | rnd.int(0x4000), 4);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r().slice(1)}-${variant}-${r()}${r()}${r()}`;
}

export interface ModelInput {
  cases: number;
  now: number;
  /** Share of running clocks whose yellow or due time falls in (now − 1 min, now]. */
  crossing: number;
  calendar: WorkingCalendar;
  periods: WorkingPeriod[];
  yellow: { working_days: YellowRule; working_hours: YellowRule };
  counties: { code: string; name: string }[];
  towns: { code: string; name: string; county: string }[];
  /** One org unit per county: the work tasks go to the county's unit. */
  unitOfCounty: Map<string, string>;
  seed: number;
}

export const OVERALL_DAYS = 5;
const WORK_HOURS = [4, 4, 8, 8, 8, 16, 24, 40];
const TOPICS = [
  '占道经营',
  '垃圾堆放',
  '井盖缺失',
  '违章停车',
  '噪音扰民',
  '路灯不亮',
  '私搭乱建',
  '污水外溢',
  '绿地损毁',
  '乱贴小广告',
  '道路破损',
  '渣土遗撒',
];

export interface Model {
  now: number;
  n: number;
  id: string[];
  number: string[];
  title: string[];
  division: string[];
  openedAt: Float64Array;
  /** NaN for cases only reported. */
  assignedAt: Float64Array;
  acceptor: Int32Array;
  dispatcher: Int32Array;
  taskId: (string | null)[];
  unit: (string | null)[];
  /** Clocks in case order: the case's `overall`, then its `work` if it has one. */
  firstClock: Int32Array;
  clocks: Clocks;
  /** Log entry ids, in the order of their business time (like a live system's). */
  reportId: Float64Array;
  assignId: Float64Array;
  actions: number;
  /** Clocks built to cross in the last minute, and how many of those the forward check placed elsewhere. */
  planted: number;
  plantedMisses: number;
  computeMs: number;
}

export interface Clocks {
  n: number;
  caseOf: Int32Array;
  /** 0 `overall` (working days, on the case), 1 `work` (working hours, on the task). */
  kind: Uint8Array;
  amount: Float64Array;
  start: Float64Array;
  due: Float64Array;
  yellow: Float64Array;
  /** When a past sweep turned it yellow / red (NaN: not yet), and the ids of those log entries. */
  yellowSwept: Float64Array;
  redSwept: Float64Array;
  yellowEntry: Float64Array;
  redEntry: Float64Array;
}

export const ACTORS = {
  acceptors: Array.from({ length: 40 }, (_, i) => ({
    id: `0190a000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
    name: `受理员${String(i + 1).padStart(2, '0')}`,
    role: i % 4 === 0 ? 'gridworker' : 'acceptor',
  })),
  dispatchers: Array.from({ length: 24 }, (_, i) => ({
    id: `0190a000-0000-7000-9000-${String(i + 1).padStart(12, '0')}`,
    name: `派遣员${String(i + 1).padStart(2, '0')}`,
    role: 'dispatcher',
  })),
};

const ceilMinute = (t: number) => Math.ceil(t / MINUTE) * MINUTE;

/**
 * The working intervals of a day, latest first: the whole day for working days, the working periods for
 * working hours (none on a day off).
 */
function intervalsOf(cal: WorkingCalendar, day: number, unit: 'working_days' | 'working_hours', periods: number[]) {
  if (!cal.isWorkingDayNumber(day)) return [];
  if (unit === 'working_days') return [[cal.startOfDayNumber(day), cal.startOfDayNumber(day + 1)] as const];
  const out: (readonly [number, number])[] = [];
  for (let k = periods.length - 2; k >= 0; k -= 2)
    out.push([cal.instantOfLocalTime(day, periods[k]!), cal.instantOfLocalTime(day, periods[k + 1]!)] as const);
  return out;
}

/** The start from which `amount` ms of the unit's measure run out exactly at `end` (end inside working time). */
function startBefore(
  cal: WorkingCalendar,
  end: number,
  amount: number,
  unit: 'working_days' | 'working_hours',
  periods: number[],
): number {
  let left = amount;
  for (let day = cal.dayNumberOf(end); ; day--) {
    for (const [lo, hi] of intervalsOf(cal, day, unit, periods)) {
      const top = Math.min(hi, end);
      if (top <= lo) continue;
      if (left <= top - lo) return top - left;
      left -= top - lo;
    }
  }
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Thresholds in ms of measure, exactly as deadlines.ts computes them. */
function thresholds(limit: Limit, rule: YellowRule): { total: number; yellow: number } {
  const unitMs = limit.unit === 'working_days' ? DAY : HOUR;
  const total = Math.round(limit.amount * unitMs);
  const byShare = Math.round(rule.share * total);
  const yellow =
    rule.remaining >= limit.amount ? byShare : Math.min(byShare, total - Math.round(rule.remaining * unitMs));
  return { total, yellow };
}

export function buildModel(input: ModelInput, firstActionId: number): Model {
  const started = performance.now();
  const { cases: n, now, calendar: cal, periods } = input;
  const rnd = random(input.seed);
  const periodMinutes = periods.flatMap((p) => [minutesOf(p.start), minutesOf(p.end)]);
  const prevSweep = now - MINUTE;

  const m: Model = {
    now,
    n,
    id: new Array(n),
    number: new Array(n),
    title: new Array(n),
    division: new Array(n),
    openedAt: new Float64Array(n),
    assignedAt: new Float64Array(n).fill(Number.NaN),
    acceptor: new Int32Array(n),
    dispatcher: new Int32Array(n),
    taskId: new Array(n).fill(null),
    unit: new Array(n).fill(null),
    firstClock: new Int32Array(n + 1),
    clocks: null as unknown as Clocks,
    reportId: new Float64Array(n),
    assignId: new Float64Array(n).fill(Number.NaN),
    actions: 0,
    planted: 0,
    plantedMisses: 0,
    computeMs: 0,
  };

  // Cases: who, where, when. Half are dispatched; ~crossing × 1.5 clocks per case are planted to cross.
  const assigned = new Uint8Array(n);
  const plantOverall = new Float64Array(n).fill(Number.NaN);
  const plantOverallTarget = new Uint8Array(n); // 0 yellow, 1 due
  const plantWork = new Float64Array(n).fill(Number.NaN);
  const plantWorkTarget = new Uint8Array(n);
  const workAmount = new Float64Array(n);
  const overallRule = input.yellow.working_days;
  const workRule = input.yellow.working_hours;
  const overallLimit: Limit = { amount: OVERALL_DAYS, unit: 'working_days' };
  const overallT = thresholds(overallLimit, overallRule);
  let clockCount = 0;
  for (let i = 0; i < n; i++) {
    assigned[i] = rnd.next() < 0.5 ? 1 : 0;
    workAmount[i] = assigned[i] ? rnd.pick(WORK_HOURS) : 0;
    clockCount += 1 + assigned[i]!;
  }
  // Planted crossings: each case gets at most one, on a clock chosen at random among its own.
  const perCase = (input.crossing * clockCount) / n;
  for (let i = 0; i < n; i++) {
    if (rnd.next() >= perCase) continue;
    const at = now - rnd.int(MINUTE); // (now − 1 min, now]
    const target = rnd.next() < 0.6 ? 0 : 1;
    if (assigned[i] && rnd.next() < 0.5) {
      plantWork[i] = at;
      plantWorkTarget[i] = target;
    } else {
      plantOverall[i] = at;
      plantOverallTarget[i] = target;
    }
  }

  const counties = input.counties;
  const townsOf = new Map(counties.map((x) => [x.code, input.towns.filter((t) => t.county === x.code)]));
  const countyOf: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    // Where: a third owned by a county, the rest by one of its towns/streets.
    const county = rnd.pick(counties);
    const countyTowns = townsOf.get(county.code) ?? [];
    const town = rnd.next() < 1 / 3 || countyTowns.length === 0 ? null : rnd.pick(countyTowns);
    countyOf[i] = county.code;
    m.division[i] = town ? town.code : county.code;
    m.title[i] = `${rnd.pick(TOPICS)} · ${town ? town.name : county.name}`;
    m.acceptor[i] = rnd.int(ACTORS.acceptors.length);
    m.dispatcher[i] = rnd.int(ACTORS.dispatchers.length);

    // When: most open cases are days old, a tail reaches back four weeks.
    let opened: number;
    let assign = Number.NaN;
    if (!Number.isNaN(plantOverall[i]!)) {
      const amount = plantOverallTarget[i] ? overallT.total : overallT.yellow;
      opened = startBefore(cal, plantOverall[i]!, amount, 'working_days', periodMinutes);
    } else if (!Number.isNaN(plantWork[i]!)) {
      const t = thresholds({ amount: workAmount[i]!, unit: 'working_hours' }, workRule);
      assign = startBefore(cal, plantWork[i]!, plantWorkTarget[i] ? t.total : t.yellow, 'working_hours', periodMinutes);
      opened = assign - Math.max(MINUTE, rnd.exp(3 * HOUR));
    } else {
      opened = now - Math.max(2 * MINUTE, Math.min(28 * DAY, rnd.exp(2.5 * DAY)));
    }
    opened = Math.floor(opened);
    if (assigned[i] && Number.isNaN(assign)) {
      assign = opened + Math.max(MINUTE, rnd.exp(3 * HOUR));
      if (assign > now - MINUTE) assign = opened + (now - MINUTE - opened) / 2;
    }
    m.openedAt[i] = opened;
    if (assigned[i]) m.assignedAt[i] = Math.floor(assign);
  }

  // Cases in the order they were opened, as a live system writes them (rows, ids and numbers follow time).
  const byTime = Array.from({ length: n }, (_, x) => x);
  byTime.sort((a, b) => m.openedAt[a]! - m.openedAt[b]! || a - b);
  const permute = <T extends { [k: number]: unknown; length: number }>(xs: T): void => {
    const copy = Array.from({ length: n }, (_, x) => xs[byTime[x]!]);
    for (let x = 0; x < n; x++) xs[x] = copy[x] as T[number];
  };
  for (const xs of [
    countyOf,
    m.division,
    m.title,
    m.acceptor,
    m.dispatcher,
    m.openedAt,
    m.assignedAt,
    assigned,
    workAmount,
    plantOverall,
    plantOverallTarget,
    plantWork,
    plantWorkTarget,
  ])
    permute(xs);
  const numberSeq = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const opened = m.openedAt[i]!;
    m.id[i] = uuidv7At(opened, rnd);
    if (assigned[i]) {
      m.taskId[i] = uuidv7At(m.assignedAt[i]!, rnd);
      m.unit[i] = input.unitOfCounty.get(countyOf[i]!)!;
    }
    const day = dateOfDayNumber(cal.dayNumberOf(opened)).replaceAll('-', '');
    const key = `${countyOf[i]}${day}`;
    const seq = (numberSeq.get(key) ?? 0) + 1;
    numberSeq.set(key, seq);
    m.number[i] = `${key}${String(seq).padStart(5, '0')}`;
  }

  // Clocks: due and yellow times from the engine's functions; the planted ones checked against their target.
  const c: Clocks = {
    n: clockCount,
    caseOf: new Int32Array(clockCount),
    kind: new Uint8Array(clockCount),
    amount: new Float64Array(clockCount),
    start: new Float64Array(clockCount),
    due: new Float64Array(clockCount),
    yellow: new Float64Array(clockCount),
    yellowSwept: new Float64Array(clockCount).fill(Number.NaN),
    redSwept: new Float64Array(clockCount).fill(Number.NaN),
    yellowEntry: new Float64Array(clockCount).fill(Number.NaN),
    redEntry: new Float64Array(clockCount).fill(Number.NaN),
  };
  m.clocks = c;
  const compute = (k: number, unit: 'working_days' | 'working_hours', amount: number, start: number) => {
    const clock: ClockInput = {
      calendar: cal,
      periods,
      limit: { amount, unit },
      segments: [{ from: new Date(start).toISOString(), to: null }],
    };
    c.due[k] = dueAt(clock)!.getTime();
    c.yellow[k] = yellowAt(clock, unit === 'working_days' ? overallRule : workRule)!.getTime();
  };
  let k = 0;
  for (let i = 0; i < n; i++) {
    m.firstClock[i] = k;
    c.caseOf[k] = i;
    c.kind[k] = 0;
    c.amount[k] = OVERALL_DAYS;
    c.start[k] = m.openedAt[i]!;
    compute(k, 'working_days', OVERALL_DAYS, c.start[k]!);
    if (!Number.isNaN(plantOverall[i]!)) {
      m.planted++;
      const got = plantOverallTarget[i] ? c.due[k] : c.yellow[k];
      if (got !== plantOverall[i]) m.plantedMisses++;
    }
    k++;
    if (assigned[i]) {
      c.caseOf[k] = i;
      c.kind[k] = 1;
      c.amount[k] = workAmount[i]!;
      c.start[k] = m.assignedAt[i]!;
      compute(k, 'working_hours', workAmount[i]!, c.start[k]!);
      if (!Number.isNaN(plantWork[i]!)) {
        m.planted++;
        const got = plantWorkTarget[i] ? c.due[k] : c.yellow[k];
        if (got !== plantWork[i]) m.plantedMisses++;
      }
      k++;
    }
  }
  m.firstClock[n] = k;

  // History: the sweep at each minute boundary recoloured what had crossed by then (straight to red when
  // both thresholds fell within one minute). Crossings after the last sweep are the work of this one.
  for (let j = 0; j < c.n; j++) {
    const y = c.yellow[j]!;
    const d = c.due[j]!;
    const ys = y <= prevSweep ? ceilMinute(y) : Number.NaN;
    const ds = d <= prevSweep ? ceilMinute(d) : Number.NaN;
    if (!Number.isNaN(ds)) c.redSwept[j] = ds;
    if (!Number.isNaN(ys) && ys !== ds) c.yellowSwept[j] = ys;
  }

  // Log entry ids in business-time order, as a live system hands them out.
  const times: number[] = [];
  const refs: number[] = []; // encoded: case*4 + 0 report, 1 assign; clock*4 + 2 yellow, 3 red
  for (let i = 0; i < n; i++) {
    times.push(m.openedAt[i]!);
    refs.push(i * 4);
    if (assigned[i]) {
      times.push(m.assignedAt[i]!);
      refs.push(i * 4 + 1);
    }
  }
  for (let j = 0; j < c.n; j++) {
    if (!Number.isNaN(c.yellowSwept[j]!)) {
      times.push(c.yellowSwept[j]!);
      refs.push(j * 4 + 2);
    }
    if (!Number.isNaN(c.redSwept[j]!)) {
      times.push(c.redSwept[j]!);
      refs.push(j * 4 + 3);
    }
  }
  const order = Array.from({ length: times.length }, (_, x) => x);
  order.sort((a, b) => times[a]! - times[b]! || a - b);
  for (let r = 0; r < order.length; r++) {
    const ref = refs[order[r]!]!;
    const id = firstActionId + r;
    const target = Math.floor(ref / 4);
    switch (ref % 4) {
      case 0:
        m.reportId[target] = id;
        break;
      case 1:
        m.assignId[target] = id;
        break;
      case 2:
        c.yellowEntry[target] = id;
        break;
      default:
        c.redEntry[target] = id;
    }
  }
  m.actions = order.length;
  m.computeMs = performance.now() - started;
  return m;
}

/** The state of the case at an instant (the sweep writes it as from/to state of its entries). */
export function stateAt(m: Model, i: number, at: number): 'new' | 'assigned' {
  const a = m.assignedAt[i]!;
  return !Number.isNaN(a) && a <= at ? 'assigned' : 'new';
}

export function clockStatus(c: Clocks, j: number): { status: 'green' | 'yellow' | 'red'; statusAt: number } {
  if (!Number.isNaN(c.redSwept[j]!)) return { status: 'red', statusAt: c.redSwept[j]! };
  if (!Number.isNaN(c.yellowSwept[j]!)) return { status: 'yellow', statusAt: c.yellowSwept[j]! };
  return { status: 'green', statusAt: c.start[j]! };
}
