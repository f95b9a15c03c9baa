import dayjs from 'dayjs';

/**
 * The last day a version is in force. The server stores `effectiveTo` exclusive (the day the next
 * version starts); people read "有效期至 4月30日" as inclusive, so the console shows the day before.
 */
export function lastDayInForce(effectiveTo: string | null): string | null {
  return effectiveTo === null ? null : dayjs(effectiveTo).subtract(1, 'day').format('YYYY-MM-DD');
}
