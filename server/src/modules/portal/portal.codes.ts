import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so a code read out or typed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i] as string);
  return ALPHABET[sum % 32] as string;
}

/** A new tracking code: 11 random characters (55 bits) and a check character, 12 in all. */
export function newTrackingCode(): string {
  const bytes = randomBytes(11);
  let body = '';
  for (const b of bytes) body += ALPHABET[b % 32];
  return body + checkChar(body);
}

/** `K7QM2XPA9D4C` → `K7QM-2XPA-9D4C`, as printed for the citizen. */
export function formatTrackingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * What the citizen typed, normalised: case-insensitive, dashes and spaces ignored, Crockford's look-alikes
 * read as digits (O → 0, I/L → 1). Null when it cannot be a code (wrong length or check character).
 */
export function parseTrackingCode(typed: string): string | null {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(clean)) return null;
  return checkChar(clean.slice(0, 11)) === clean[11] ? clean : null;
}
