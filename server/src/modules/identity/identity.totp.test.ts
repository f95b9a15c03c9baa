import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  base32Decode,
  base32Encode,
  matchTotp,
  newTotpSecret,
  otpauthUrl,
  totpCode,
  totpStep,
} from './identity.totp.ts';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  test('base32 round-trips and matches RFC 4648', () => {
    assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.equal(base32Decode('mzxw 6ytb oi======').toString(), 'foobar');
    assert.equal(RFC_SECRET, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.throws(() => base32Decode('not base32!'));
  });

  test('the codes of the RFC test vectors, cut to six digits', () => {
    const vectors: [number, string][] = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ];
    for (const [seconds, code] of vectors) {
      assert.equal(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000))), code, `T=${seconds}`);
    }
  });

  test('a code one step early or late is accepted, two steps is not', () => {
    const at = new Date('2026-03-02T02:00:10Z');
    const step = totpStep(at);
    const secret = newTotpSecret();
    assert.equal(matchTotp(secret, totpCode(secret, step), at), step);
    assert.equal(matchTotp(secret, totpCode(secret, step - 1), at), step - 1);
    assert.equal(matchTotp(secret, totpCode(secret, step + 1), at), step + 1);
    const far = totpCode(secret, step - 2);
    if (![step - 1, step, step + 1].some((s) => totpCode(secret, s) === far)) {
      assert.equal(matchTotp(secret, far, at), null);
    }
    assert.equal(matchTotp(secret, 'abcdef', at), null);
    assert.equal(matchTotp(secret, '12345', at), null);
  });

  test('the otpauth URI names the issuer, the account and the parameters', () => {
    const text = otpauthUrl('CivicGrid', 'admin', 'ABC');
    assert.ok(text.startsWith('otpauth://totp/CivicGrid:admin?'), text);
    const url = new URL(text);
    assert.equal(url.searchParams.get('secret'), 'ABC');
    assert.equal(url.searchParams.get('issuer'), 'CivicGrid');
    assert.equal(url.searchParams.get('digits'), '6');
    assert.equal(url.searchParams.get('period'), '30');
  });
});
