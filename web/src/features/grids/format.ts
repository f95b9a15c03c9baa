/** Areas as people read them: square metres for a building plot, square kilometres for a town. */
export function formatArea(m2: number | null | undefined, locale = 'zh-CN'): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return '—';
  if (m2 >= 1_000_000)
    return `${(m2 / 1_000_000).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} km²`;
  return `${Math.round(m2).toLocaleString(locale)} m²`;
}

/** Share of `part` in `whole` as a percentage with one decimal (never rounds a gap up to 100 %). */
export function percent(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  const value = Math.floor((part / whole) * 1000) / 10;
  return `${Math.min(value, 100).toFixed(1)}%`;
}

export interface WeekdayWords {
  /** 1 = Monday … 7 = Sunday. */
  day: (weekday: number) => string;
  /** A run of three days or more: "周一至周五", "Mon–Fri". */
  through: (from: string, to: string) => string;
  separator: string;
}

/**
 * Weekdays 1–7 (ISO, Monday first) as a short phrase: runs of three or more days become a range,
 * shorter runs are listed. [1,2,3,4,5] → "周一至周五"; [1,3,6,7] → "周一、周三、周六、周日".
 */
export function formatWeekdays(weekdays: readonly number[], words: WeekdayWords): string {
  const days = [...new Set(weekdays)].filter((d) => Number.isInteger(d) && d >= 1 && d <= 7).sort((a, b) => a - b);
  if (days.length === 0) return '—';
  const runs: [number, number][] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  const parts: string[] = [];
  for (const [from, to] of runs) {
    if (to - from >= 2) parts.push(words.through(words.day(from), words.day(to)));
    else for (let d = from; d <= to; d++) parts.push(words.day(d));
  }
  return parts.join(words.separator);
}

/** "08:30–17:30"; the server keeps times as local business time HH:mm. */
export function formatTimeRange(start: string, end: string): string {
  return `${start.slice(0, 5)}–${end.slice(0, 5)}`;
}
