import { normalizeAddress, normalizeIdCard, normalizePhone, type PersonalDataKind } from './normalize.ts';

// Masking is what every response shows unless the caller may unmask and asks to (GB/T 35273: personal
// information shown on screens is limited, 展示限制). The kept parts follow common practice on government and
// bank pages: enough to tell two people apart on a list or confirm with a caller, not enough to call or find
// them. Masking never throws.

/** A string of `n` stars. */
const stars = (n: number) => '*'.repeat(Math.max(0, n));

/**
 * Values we do not recognise: all stars but the last 2 characters, and all stars when that would leave fewer
 * stars than shown characters. Counted in code points, so a rare character is one star, not two.
 */
function maskMostly(value: string): string {
  const chars = Array.from(value);
  return chars.length < 5 ? stars(chars.length) : stars(chars.length - 2) + chars.slice(-2).join('');
}

/**
 * Mobile '13812345678' → '138****5678' (whatever way it was written); landline '0355-2021234' →
 * '0355-****234' (area code kept, local number all stars but the last 3); anything else mostly stars.
 */
export function maskPhone(value: string): string {
  const s = value.normalize('NFKC').trim();
  if (!s) return '';
  const digits = normalizePhone(s);
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (/^0\d{9,11}$/.test(digits)) {
    // Beijing (010) and the 02x cities have 3-digit area codes, everyone else 4.
    const areaLength = /^0(10|2\d)/.test(digits) ? 3 : 4;
    const local = digits.slice(areaLength);
    if (local.length === 7 || local.length === 8) {
      const separator = /\D/.test(s) ? '-' : '';
      return `${digits.slice(0, areaLength)}${separator}${stars(local.length - 3)}${local.slice(-3)}`;
    }
  }
  return maskMostly(s);
}

/** '140402199001011234' → '140402********1234': the region kept, the birth date hidden. */
export function maskIdCard(value: string): string {
  const chars = Array.from(normalizeIdCard(value));
  if (chars.length === 18) return `${chars.slice(0, 6).join('')}${stars(8)}${chars.slice(14).join('')}`;
  if (chars.length === 15) return `${chars.slice(0, 6).join('')}${stars(6)}${chars.slice(12).join('')}`;
  return maskMostly(chars.join(''));
}

// Street-level places: where an address stops being an area and starts leading to a door.
// 街 but not 街道 (a subdistrict, an administrative level).
const STREET = /大街|大道|胡同|路|街(?!道)|巷|弄|村/gu;
// Administrative levels; 区 but not 小区 (a housing estate, which leads to a door).
const ADMIN = /省|自治区|自治州|市|州|盟|地区|(?<!小)区|县|旗|镇|乡|街道/gu;

/**
 * Keeps the address down to its street or village and hides the rest:
 * '山西省长治市潞州区英雄中路123号4单元501室' → '山西省长治市潞州区英雄中路***'. The street is the first one after the
 * last administrative level (so 唐山市路南区学院路 keeps 学院路, not 路); with no street, the address is kept down to
 * its last administrative level; with neither, only '***' is shown.
 */
export function maskAddress(value: string): string {
  const s = normalizeAddress(value);
  if (!s) return '';
  const firstDigit = s.search(/\d/);
  const head = firstDigit === -1 ? s : s.slice(0, firstDigit);
  const adminEnd = Math.max(0, ...[...head.matchAll(ADMIN)].map((m) => m.index + m[0].length));
  const streets = [...head.matchAll(STREET)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const keep = (streets.find((x) => x.start >= adminEnd) ?? streets.at(-1))?.end ?? adminEnd;
  return `${s.slice(0, keep)}***`;
}

/** '张三丰' → '张**', '李四' → '李*': the first character and one star for each other character. */
export function maskName(value: string): string {
  const chars = Array.from(normalizeAddress(value));
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + stars(chars.length - 1);
}

/** The masked form of a value of `kind`; `null` stays `null`. */
export function mask(kind: PersonalDataKind, value: string | null): string | null {
  if (value === null) return null;
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'idCard':
      return maskIdCard(value);
    case 'address':
      return maskAddress(value);
    case 'name':
      return maskName(value);
    case 'credential':
      return '******';
  }
}
