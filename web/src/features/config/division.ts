/** GB/T 2260 / 10114 codes in significant form (province 2, city 4, county 6, town 9, village 12); '' = everywhere. */
export const DIVISION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/;

export function isDivisionCode(value: string): boolean {
  return DIVISION_CODE_PATTERN.test(value.trim());
}
