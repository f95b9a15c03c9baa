/** Crockford base32, as the server writes codes (portal.codes.ts): no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

export interface TypedCode {
  /** Upper case, no dashes or spaces, look-alikes read as digits: what the server looks up. */
  code: string;
  /** As printed for the citizen: `K7QM-2XPA-9D4C` (partial codes grouped as far as they go). */
  formatted: string;
  /** How far the typing is: too short, a full code whose check character fails, or one that may exist. */
  state: 'incomplete' | 'mistyped' | 'ok';
}

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i] as string);
  return ALPHABET[sum % 32] as string;
}

/**
 * What a resident typed, read the way the server reads it (case, dashes and spaces do not matter; O is 0,
 * I and L are 1), so a code copied from paper with a slip is caught before asking the server.
 */
export function readTrackingCode(typed: string): TypedCode {
  const code = typed
    .toUpperCase()
    .replace(/[\s\-—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const formatted = code.match(/.{1,4}/g)?.join('-') ?? '';
  if (code.length < LENGTH) return { code, formatted, state: 'incomplete' };
  const valid = code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c));
  return { code, formatted, state: valid && checkChar(code.slice(0, 11)) === code[11] ? 'ok' : 'mistyped' };
}

/** `K7QM2XPA9D4C` → `K7QM-2XPA-9D4C` (what the server answers is printed already; stored codes may not be). */
export function formatTrackingCode(code: string): string {
  return readTrackingCode(code).formatted;
}
