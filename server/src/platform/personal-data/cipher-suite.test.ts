import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { aesGcmSha256Suite, type CipherSuite, SM_SUITE_AVAILABLE, sm4CbcHmacSm3Suite } from './cipher-suite.ts';

const suites: [CipherSuite, boolean][] = [
  [aesGcmSha256Suite, true],
  [sm4CbcHmacSm3Suite, SM_SUITE_AVAILABLE],
];

for (const [suite, available] of suites) {
  describe(`cipher suite ${suite.name}`, () => {
    test('is offered by this Node.js build', () => assert.equal(available, true));

    const key = randomBytes(suite.keyBytes);
    const aad = Buffer.from('pd1|phone');
    const plain = Buffer.from('13812345678');

    test('what is sealed opens with the same key and aad', () => {
      const sealed = suite.seal(key, plain, aad);
      assert.deepEqual(suite.open(key, sealed, aad), plain);
      assert.deepEqual(suite.open(key, suite.seal(key, Buffer.alloc(0), aad), aad), Buffer.alloc(0));
    });

    test('the same value sealed twice gives different bytes (fresh nonce)', () => {
      assert.notDeepEqual(suite.seal(key, plain, aad), suite.seal(key, plain, aad));
    });

    test('any flipped byte, another aad or another key is refused', () => {
      const sealed = suite.seal(key, plain, aad);
      for (let i = 0; i < sealed.length; i++) {
        const bad = Buffer.from(sealed);
        bad[i] = (bad[i] ?? 0) ^ 0x01;
        assert.throws(() => suite.open(key, bad, aad), Error, `byte ${i} flipped`);
      }
      assert.throws(() => suite.open(key, sealed, Buffer.from('pd1|idCard')));
      assert.throws(() => suite.open(randomBytes(suite.keyBytes), sealed, aad));
      assert.throws(() => suite.open(key, sealed.subarray(0, sealed.length - 1), aad));
      assert.throws(() => suite.open(key, Buffer.alloc(4), aad));
    });

    test('a key of the wrong length is refused', () => {
      assert.throws(() => suite.seal(randomBytes(16), plain, aad), /key must be 32 bytes/);
    });

    test('the mac is deterministic and keyed', () => {
      assert.deepEqual(suite.mac(key, plain), suite.mac(key, plain));
      assert.notDeepEqual(suite.mac(key, plain), suite.mac(randomBytes(suite.keyBytes), plain));
    });
  });
}

// Node.js ships OpenSSL 3 with SM3 and SM4 (CBC): the national suite is part of what the platform offers,
// so its tests run everywhere rather than being skipped where it would be missing.
describe('national algorithms', () => {
  test('SM3 and SM4 give the standards’ test vectors (GB/T 32905, GB/T 32907)', () => {
    assert.equal(
      createHash('sm3').update('abc').digest('hex'),
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    const k = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const ecb = createCipheriv('sm4-ecb', k, null).setAutoPadding(false);
    assert.equal(Buffer.concat([ecb.update(k), ecb.final()]).toString('hex'), '681edf34d206965e86b3e94f536e4246');
  });
});
