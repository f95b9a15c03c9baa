/** Byte order mark: without it, Excel reads UTF-8 CSV as the local code page and garbles Chinese. */
export const BOM = '\uFEFF';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A value starting
 * with = + - @ or a tab/CR would run as a formula in a spreadsheet (paths and names come from
 * callers), so it is prefixed with an apostrophe, which the spreadsheet shows as text.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
