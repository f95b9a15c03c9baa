import { randomBytes, randomInt } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 15–60 ms on one
 * core of a small county server, so a login burst on a 2-core machine stays responsive while an
 * offline guess stays expensive. Parameters are in each hash (PHC string), so raising them later
 * only affects new hashes.
 */
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (an ambient const enum, not reachable under isolatedModules)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Passwords longer than this are refused before hashing (an unbounded input is a denial of service). */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a stored value that is not an argon2 hash (never throws). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * Spends the time a real verification costs, so "no such user" answers as slowly as "wrong
 * password" and the response time does not tell which usernames exist.
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
}

export type PasswordRule = 'too-short' | 'too-long' | 'too-simple' | 'contains-username' | 'too-common';

/** Which rules a new password breaks, in the order they are reported (empty: acceptable). */
export function passwordProblems(
  password: string,
  policy: { minLength: number; requireClasses: number },
  username: string,
): PasswordRule[] {
  const problems: PasswordRule[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push('too-short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  if (characterClasses(password) < policy.requireClasses) problems.push('too-simple');
  const lower = password.toLowerCase();
  const user = username.trim().toLowerCase();
  if (user.length >= 3 && lower.includes(user)) problems.push('contains-username');
  if (isCommon(lower)) problems.push('too-common');
  return problems;
}

/** Of upper case, lower case, digits and anything else (symbols, Chinese characters…), how many occur. */
export function characterClasses(password: string): number {
  let n = 0;
  if (/\p{Lu}/u.test(password)) n++;
  if (/\p{Ll}/u.test(password)) n++;
  if (/\p{Nd}/u.test(password)) n++;
  if (/[^\p{Lu}\p{Ll}\p{Nd}]/u.test(password)) n++;
  return n;
}

/**
 * Passwords that lead every leaked-password list, worldwide and in China (pinyin, keyboard walks, dates),
 * and the product's own name: compared after lower-casing, and with the digits and symbols stripped off
 * the end ('Password123!' is 'password').
 */
const COMMON = new Set([
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  '1qaz2wsx',
  '1q2w3e4r',
  'qwertyuiop',
  'qwerty',
  'asdfghjkl',
  'zxcvbnm',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'admin',
  'administrator',
  'root',
  'welcome',
  'letmein',
  'iloveyou',
  'abc',
  'abcd',
  'abcdef',
  'abcdefg',
  'qazwsx',
  'woaini',
  'woaini1314',
  'aini1314',
  'changeme',
  'civicgrid',
  'wanggeyuan',
  'zhangsan',
  'wangge',
  'test',
  'guest',
  'huawei',
  'dragon',
  'monkey',
  'master',
  'sunshine',
  'princess',
  'football',
  'shadow',
  'superman',
  'trustno1',
]);

function isCommon(lower: string): boolean {
  if (COMMON.has(lower)) return true;
  const stem = lower.replace(/[^\p{L}]+$/u, '').replace(/^[^\p{L}]+/u, '');
  if (stem.length > 0 && COMMON.has(stem)) return true;
  // Runs like '1111111111' or 'aaaaaaaaaa' and plain counting.
  if (/^(.)\1*$/u.test(lower)) return true;
  return '01234567890123456789'.includes(lower) || 'abcdefghijklmnopqrstuvwxyz'.includes(lower);
}

/**
 * A temporary password an administrator reads out or sends: 16 characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I), always mixing upper, lower, digits and a symbol so it passes any policy.
 */
export function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+-=@'];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
