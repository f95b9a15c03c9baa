import { defineErrors } from '../errors.ts';

/** The personal data the platform seals; each kind is bound into its ciphertexts and blind indexes. */
/** 'credential' is a secret of the account itself (a TOTP seed): sealed like the rest, never indexed or shown. */
export const PERSONAL_DATA_KINDS = ['phone', 'idCard', 'address', 'name', 'credential'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export function isPersonalDataKind(kind: string): kind is PersonalDataKind {
  return (PERSONAL_DATA_KINDS as readonly string[]).includes(kind);
}

/** Refusals of values that cannot be indexed. Messages never quote the value: it is personal data. */
export const PersonalDataErrors = defineErrors({
  INVALID_PHONE: {
    status: 400,
    'zh-CN': '电话号码格式不正确',
    'en-US': 'The phone number is not valid',
  },
  INVALID_ID_CARD: {
    status: 400,
    'zh-CN': '身份证号码不正确:应为 18 位,出生日期和校验位正确',
    'en-US': 'The ID card number is not valid: 18 characters with a real birth date and a correct check digit',
  },
  INVALID_ADDRESS: { status: 400, 'zh-CN': '地址不能为空', 'en-US': 'The address is empty' },
  INVALID_NAME: { status: 400, 'zh-CN': '姓名不能为空', 'en-US': 'The name is empty' },
});

/**
 * A phone number as digits only, the same whatever way it was written: '+86 138-1234-5678', '0086 13812345678',
 * '8613812345678' and '13812345678' are all '13812345678'; '+86 355 2021234' and '(0355) 202-1234' are
 * '03552021234' (the trunk 0 restored after a country code). Other countries' numbers keep their code behind
 * '00' ('+1 415…' → '001415…') so they never look like a Chinese number. Does not validate.
 */
export function normalizePhone(value: string): string {
  const s = value.normalize('NFKC').trim();
  const digits = s.replace(/\D/g, '');
  const national = (rest: string) => (/^1\d{10}$/.test(rest) || rest.startsWith('0') ? rest : `0${rest}`);
  if (digits.startsWith('0086')) return national(digits.slice(4));
  if (s.startsWith('+')) return digits.startsWith('86') ? national(digits.slice(2)) : `00${digits}`;
  // '86' without '+' is only taken for a country code in front of a mobile number (13 digits in all).
  if (/^861[3-9]\d{9}$/.test(digits)) return digits.slice(2);
  return digits;
}

/** 18 characters, upper-case X, no spaces; full-width digits folded (NFKC). Does not validate. */
export function normalizeIdCard(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** NFKC (full-width digits and letters folded), whitespace collapsed to one space, trimmed. */
export function normalizeAddress(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** As an address, and the middle dots of transliterated names (阿依古丽·买买提) made one character. */
export function normalizeName(value: string): string {
  return normalizeAddress(value).replace(/\s*[·・•‧∙]\s*/g, '·');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character for the first 17 digits. */
export function idCardCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * A resident identity card number (GB 11643-1999): 17 digits and a check character, the birth date (digits
 * 7–14) a real date from 1900 on. The 15-digit first-generation numbers expired in 2013 and are not accepted.
 */
export function isValidIdCard(value: string): boolean {
  const id = normalizeIdCard(value);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return false;
  }
  return idCardCheckDigit(id) === id[17];
}

/** The form a blind index is computed over; throws a 400 `AppError` when the value cannot be indexed. */
export function normalizeForIndex(kind: PersonalDataKind, value: string): string {
  switch (kind) {
    case 'phone': {
      const phone = normalizePhone(value);
      if (phone.length < 5 || phone.length > 20) throw PersonalDataErrors.INVALID_PHONE();
      return phone;
    }
    case 'idCard': {
      if (!isValidIdCard(value)) throw PersonalDataErrors.INVALID_ID_CARD();
      return normalizeIdCard(value);
    }
    case 'address': {
      const address = normalizeAddress(value);
      if (!address) throw PersonalDataErrors.INVALID_ADDRESS();
      return address;
    }
    case 'name': {
      const name = normalizeName(value);
      if (!name) throw PersonalDataErrors.INVALID_NAME();
      return name;
    }
    case 'credential':
      // Finding an account by its secret would defeat the secret.
      throw new RangeError('credentials have no blind index');
  }
}
