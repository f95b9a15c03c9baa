import { ApiError } from '../../api/errors';
import type { Translate } from '../../locales';

/** What to tell the user: the server's message (already in their language), or our own when there is none. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.message) return error.message;
    return error.status === 0 ? t('errors.network') : t('errors.unknown');
  }
  return t('errors.unknown');
}
