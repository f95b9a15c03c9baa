/**
 * What a failed send means for the item. `retry`: the request may not have arrived or the server could not take it
 * now (no answer, 408, 425, 429, 5xx) — send again later with the same keys, which the server recognises. `signin`:
 * the session ended (401) — wait for the user, lose nothing. `attention`: the server refused what was sent (any other
 * 4xx) — sending it again unchanged would be refused again, so the user corrects or discards it.
 */
export type FailureClass = 'retry' | 'signin' | 'attention';

export function classifyFailure(status: number): FailureClass {
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  if (status === 401) return 'signin';
  return 'attention';
}

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The wait before attempt `attempts + 1`: 5 s doubling to 5 min, with ±20 % jitter so phones that lost the same
 * tower do not all come back in the same second. A server's Retry-After (429) is honoured when it is longer.
 */
export function backoffMs(attempts: number, random: () => number = Math.random, retryAfterMs = 0): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exp * (0.8 + 0.4 * random()));
  return Math.max(jittered, retryAfterMs);
}
