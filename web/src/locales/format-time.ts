import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/**
 * An instant shown on the business clock (the installation's zone, e.g. Asia/Shanghai), not the
 * browser's: a dispatcher in Ürümqi and the server must agree on what "today" and "17:30" mean.
 * Falls back to the browser zone when the zone is unknown or the browser does not support it.
 */
export function formatInstant(iso: string | null | undefined, timeZone?: string, format = DATE_TIME_FORMAT): string {
  if (!iso) return '';
  const instant = dayjs(iso);
  if (!instant.isValid()) return iso;
  if (timeZone) {
    try {
      return instant.tz(timeZone).format(format);
    } catch {
      // RangeError from Intl for a zone this browser does not know.
    }
  }
  return instant.format(format);
}
