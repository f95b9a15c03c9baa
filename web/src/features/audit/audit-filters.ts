import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { AuditFilterQuery, AuditOutcome } from './audit-api';

/** What the filter bar holds, as it sits in the address bar (so a filtered view can be bookmarked or shared). */
export interface AuditFilterValues {
  actorId?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** First and last day, inclusive, as YYYY-MM-DD on the business calendar. */
  fromDay?: string;
  toDay?: string;
}

dayjs.extend(utc);
dayjs.extend(timezone);

const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isOutcome(value: unknown): value is AuditOutcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** Midnight starting `day` in the business time zone, as an ISO instant with offset. */
function startOfDay(day: string, timeZone: string | undefined): string {
  if (timeZone) {
    try {
      return dayjs.tz(day, timeZone).format();
    } catch {
      // Unknown zone in this browser: the browser's own midnight below.
    }
  }
  return dayjs(day).format();
}

/**
 * The server's query for the filter bar: days become instants on the business calendar — `from` the start
 * of the first day (inclusive), `to` the start of the day after the last (exclusive) — so "1 to 3 October"
 * means the whole of the 3rd in Beijing time, whatever zone the browser is in. Empty fields are left out.
 */
export function auditFilterQuery(values: AuditFilterValues, timeZone: string | undefined): AuditFilterQuery {
  const query: AuditFilterQuery = {};
  const actorId = values.actorId?.trim();
  const action = values.action?.trim();
  if (actorId) query.actorId = actorId;
  if (action) query.action = action;
  if (values.outcome && isOutcome(values.outcome)) query.outcome = values.outcome;
  if (values.fromDay && DAY.test(values.fromDay)) query.from = startOfDay(values.fromDay, timeZone);
  if (values.toDay && DAY.test(values.toDay)) {
    const next = dayjs(values.toDay).add(1, 'day').format('YYYY-MM-DD');
    query.to = startOfDay(next, timeZone);
  }
  return query;
}

/** Reads the filter bar back from the address bar, ignoring anything malformed. */
export function auditFiltersFromParams(params: URLSearchParams): AuditFilterValues {
  const get = (k: string) => params.get(k) || undefined;
  const outcome = get('outcome');
  const fromDay = get('from');
  const toDay = get('to');
  return {
    actorId: get('actor'),
    action: get('action'),
    outcome: isOutcome(outcome) ? outcome : undefined,
    fromDay: fromDay && DAY.test(fromDay) ? fromDay : undefined,
    toDay: toDay && DAY.test(toDay) ? toDay : undefined,
  };
}

export function auditFiltersToParams(values: AuditFilterValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (values.actorId?.trim()) out.actor = values.actorId.trim();
  if (values.action?.trim()) out.action = values.action.trim();
  if (values.outcome) out.outcome = values.outcome;
  if (values.fromDay) out.from = values.fromDay;
  if (values.toDay) out.to = values.toDay;
  return out;
}
