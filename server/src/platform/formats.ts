/**
 * Stricter JSON Schema formats than ajv-formats', matching what PostgreSQL and the business accept:
 * a value that passes validation must never fail later in the database or in rendering (fuzzing found
 * `urn:uuid:` ids, year 0000, leap seconds and year 9999 times that did).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
/** Business dates lie in this range; beyond it a value is a typo, and far-future years break rendering. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

function validDate(y: number, m: number, d: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  return Number.isFinite(Date.parse(s));
}

interface FormatRegistry {
  addFormat(name: string, format: RegExp | ((value: string) => boolean)): unknown;
}

export function strictFormats<A extends FormatRegistry>(ajv: A): A {
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('date', isDate);
  ajv.addFormat('date-time', isDateTime);
  return ajv;
}
