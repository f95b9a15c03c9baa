/** SQL for the working calendar's stored exceptions (`calendar_day`): official years and local decisions. */
import { and, asc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { type CalendarException, WorkingCalendar } from './calendar.ts';
import { calendarDays } from './engine.tables.ts';

export type CalendarDayRow = typeof calendarDays.$inferSelect;
export type StoredSource = 'official' | 'local';

/** Stored days in date order (official before local on the same date), optionally within [from, to]. */
export async function listDays(
  db: Db,
  filter: { from?: string; to?: string; source?: StoredSource } = {},
): Promise<CalendarDayRow[]> {
  const conditions: SQL[] = [];
  if (filter.from !== undefined) conditions.push(gte(calendarDays.date, filter.from));
  if (filter.to !== undefined) conditions.push(lte(calendarDays.date, filter.to));
  if (filter.source !== undefined) conditions.push(eq(calendarDays.source, filter.source));
  return db
    .select()
    .from(calendarDays)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(calendarDays.date), asc(calendarDays.source));
}

/** Inserts the day of a source, or replaces what that source said about the date. */
export async function upsertDay(
  db: Db,
  row: {
    date: string;
    source: StoredSource;
    kind: 'holiday' | 'workday';
    name: string;
    updatedAt: Date;
    updatedBy: string;
  },
): Promise<void> {
  await db
    .insert(calendarDays)
    .values(row)
    .onConflictDoUpdate({
      target: [calendarDays.date, calendarDays.source],
      set: { kind: row.kind, name: row.name, updatedAt: row.updatedAt, updatedBy: row.updatedBy },
    });
}

/** Deletes what a source said about a date; false when it said nothing. */
export async function deleteDay(db: Db, date: string, source: StoredSource): Promise<boolean> {
  const deleted = await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.date, date), eq(calendarDays.source, source)))
    .returning({ date: calendarDays.date });
  return deleted.length > 0;
}

/** Replaces every official row of a year (a newly published State Council calendar). */
export async function replaceOfficialYear(
  db: Db,
  year: number,
  days: readonly { date: string; kind: 'holiday' | 'workday'; name: string }[],
  updatedAt: Date,
  updatedBy: string,
): Promise<void> {
  const first = `${String(year).padStart(4, '0')}-01-01`;
  const last = `${String(year).padStart(4, '0')}-12-31`;
  // A row of another year would silently escape the next replacement of either year.
  const stray = days.find((d) => d.date < first || d.date > last);
  if (stray) throw new RangeError(`${stray.date} is not in ${year}`);
  // A savepoint when the caller is already in a transaction: the year is never seen half replaced.
  await db.transaction(async (tx) => {
    await tx
      .delete(calendarDays)
      .where(and(eq(calendarDays.source, 'official'), gte(calendarDays.date, first), lte(calendarDays.date, last)));
    if (days.length > 0) {
      await tx.insert(calendarDays).values(
        days.map((d) => ({
          date: d.date,
          source: 'official' as const,
          kind: d.kind,
          name: d.name,
          updatedAt,
          updatedBy,
        })),
      );
    }
  });
}

/** The working calendar in force: the built-in data overridden by the stored official years and local days. */
export async function loadCalendar(db: Db, zone: string): Promise<WorkingCalendar> {
  const rows = await listDays(db);
  const official: CalendarException[] = [];
  const local: CalendarException[] = [];
  for (const r of rows) {
    (r.source === 'official' ? official : local).push({ date: r.date, kind: r.kind, name: r.name, source: r.source });
  }
  return new WorkingCalendar({ zone, official, local });
}
