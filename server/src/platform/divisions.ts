import { PlatformErrors } from './errors.ts';

/**
 * Division codes are kept in their significant form: 2 digits province, 4 city, 6 county,
 * 9 town/street, 12 village/community (GB/T 2260 + GB/T 10114 + statistical codes). A prefix is an
 * ancestor, so inheritance (city → county → town) is a matter of cutting the code.
 * The empty string stands for the whole installation.
 */
export const DIVISION_LEVELS = [2, 4, 6, 9, 12] as const;
/** 网格编码: the 12-digit village/community code + a 3-character sequence (GB/T 47678 allows [0-9A-Z]). */
export const GRID_CODE_PATTERN = '^[0-9]{12}[0-9A-Z]{3}$';
export const DIVISION_CODE_PATTERN = '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$';

/** Accept padded 6-digit forms (140400 → 1404, 140000 → 14) as people often write them. */
export function normalizeDivisionCode(code: string): string {
  const c = code.trim();
  if (!/^[0-9]+$/.test(c)) throw new RangeError(`division code must be digits: ${code}`);
  if (c.length === 6) {
    if (c.endsWith('0000')) return c.slice(0, 2);
    if (c.endsWith('00')) return c.slice(0, 4);
  }
  if (!(DIVISION_LEVELS as readonly number[]).includes(c.length)) {
    throw new RangeError(`division code must have 2, 4, 6, 9 or 12 digits: ${code}`);
  }
  return c;
}

/** The code itself and every ancestor, most specific first, ending with '' (the installation). */
export function divisionLineage(code: string): string[] {
  const c = normalizeDivisionCode(code);
  const out = DIVISION_LEVELS.filter((n) => n <= c.length)
    .map((n) => c.slice(0, n))
    .reverse();
  out.push('');
  return out;
}

/** The county (6 digits) a code belongs to, or null above county level: the future partition key. */
export function countyOf(code: string): string | null {
  const c = normalizeDivisionCode(code);
  return c.length >= 6 ? c.slice(0, 6) : null;
}

export function isWithin(code: string, ancestor: string): boolean {
  return ancestor === '' || code.startsWith(ancestor);
}

/** A division code from a request ('' = the installation), normalised; anything else is a 400. */
export function divisionCodeParam(code: string): string {
  if (code === '') return '';
  try {
    return normalizeDivisionCode(code);
  } catch (err) {
    throw PlatformErrors.BAD_REQUEST({ reason: (err as Error).message });
  }
}

/** The most specific division every code lies in ('' when they share none, or there are none). */
export function commonDivision(codes: readonly string[]): string {
  let prefix = codes[0] ?? '';
  for (const c of codes) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const level = [...DIVISION_LEVELS].reverse().find((n) => n <= prefix.length);
  return level ? prefix.slice(0, level) : '';
}
