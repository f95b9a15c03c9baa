/**
 * 定时: which required duty hours no schedule covers. Times are local business time "HH:mm"; a day's
 * required periods minus the union of the periods of the schedules on that weekday.
 */
export interface DutyPeriod {
  weekdays: readonly number[];
  start: string;
  end: string;
}

export interface ScheduledPeriod {
  weekdays: readonly number[];
  startTime: string;
  endTime: string;
}

export interface UncoveredPeriod {
  weekday: number;
  from: string;
  to: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function uncoveredIntervals(
  required: readonly DutyPeriod[],
  schedules: readonly ScheduledPeriod[],
): UncoveredPeriod[] {
  const out: UncoveredPeriod[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const covered = schedules
      .filter((s) => s.weekdays.includes(weekday))
      .map((s) => [minutes(s.startTime), minutes(s.endTime)] as const)
      .sort((a, b) => a[0] - b[0]);
    const needed = required
      .filter((r) => r.weekdays.includes(weekday))
      .map((r) => [minutes(r.start), minutes(r.end)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (const [start, end] of needed) {
      let cursor = start;
      for (const [from, to] of covered) {
        if (to <= cursor || from >= end) continue;
        if (from > cursor) out.push({ weekday, from: clock(cursor), to: clock(from) });
        cursor = Math.max(cursor, to);
        if (cursor >= end) break;
      }
      if (cursor < end) out.push({ weekday, from: clock(cursor), to: clock(end) });
    }
  }
  return out;
}
