import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  getCiphers,
  getHashes,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * The only place personal data meets cryptographic algorithms. Everything else (key ring, sealed-value
 * format, blind indexes) is written against this interface, so a deployment whose security assessment
 * (等保/密评) requires other algorithms or a certified cryptographic module swaps the suite, not the code.
 *
 * Plugging in another suite (e.g. SM4-GCM from a newer OpenSSL, or a 密码机/HSM client):
 *  1. implement `CipherSuite`: `seal` must be authenticated encryption binding `aad` (throw from `open` on any
 *     change to the sealed bytes or the aad), `mac` a keyed PRF (HMAC or equivalent);
 *  2. give it a new `name` — it is written into every sealed value and must never change afterwards;
 *  3. pass it to `new PersonalDataProtector({ keys, suite, alsoOpen: [previous suites] })` in context.ts.
 * Values sealed with the previous suite still open (their name says which suite), `needsReseal` reports them
 * and a rotation job reseals them. Blind indexes depend on the suite's `mac`: switching suites means
 * recomputing every index column in the same job.
 */
export interface CipherSuite {
  /** Written into every sealed value: letters, digits and '-' only; never reuse a name for another construction. */
  readonly name: string;
  /** Length of the data and index keys this suite takes. */
  readonly keyBytes: number;
  /** Encrypts and authenticates `plaintext`, binding `aad` (not stored); a fresh random nonce every call. */
  seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer;
  /** The plaintext, or throws when the sealed bytes or the aad were changed, or the key is another. */
  open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer;
  /** A keyed, deterministic digest (blind indexes). */
  mac(key: Buffer, data: Buffer): Buffer;
}

function requireKey(suite: string, key: Buffer, bytes: number): void {
  if (key.length !== bytes) throw new Error(`${suite}: key must be ${bytes} bytes, got ${key.length}`);
}

const KEY_BYTES = 32;
const AES = 'aes-256-gcm';
const GCM_NONCE = 12;
const GCM_TAG = 16;

/**
 * AES-256-GCM with a random 96-bit nonce per value, HMAC-SHA256 for blind indexes. Layout: nonce ‖ ciphertext ‖ tag.
 * NIST SP 800-38D caps random nonces at 2^32 values per key; a city's registers hold millions, and each
 * rotation starts a fresh key.
 */
export const aesGcmSha256Suite: CipherSuite = {
  name: AES,
  keyBytes: KEY_BYTES,
  seal(key, plaintext, aad) {
    requireKey(AES, key, KEY_BYTES);
    const nonce = randomBytes(GCM_NONCE);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG });
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  },
  open(key, sealed, aad) {
    requireKey(AES, key, KEY_BYTES);
    if (sealed.length < GCM_NONCE + GCM_TAG) throw new Error(`${AES}: sealed value too short`);
    const nonce = sealed.subarray(0, GCM_NONCE);
    const tag = sealed.subarray(sealed.length - GCM_TAG);
    // authTagLength pins the tag length: a truncated tag must not be accepted as a shorter valid one.
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(GCM_NONCE, sealed.length - GCM_TAG)), decipher.final()]);
  },
  mac(key, data) {
    requireKey(AES, key, KEY_BYTES);
    return createHmac('sha256', key).update(data).digest();
  },
};

/**
 * Whether this Node's OpenSSL offers SM4-CBC and SM3 (GB/T 32907, GB/T 32905). Node 20 with OpenSSL 3.0 has
 * SM4 in CBC/CTR/ECB/CFB/OFB and SM3, but not SM4-GCM (OpenSSL 3.2+), hence the encrypt-then-MAC suite below.
 */
export const SM_SUITE_AVAILABLE = getCiphers().includes('sm4-cbc') && getHashes().includes('sm3');

const SM = 'sm4-cbc-hmac-sm3';
const SM4_BLOCK = 16;
const SM3_TAG = 32;
const SM4_ENC_LABEL = Buffer.from('civicgrid/personal-data/sm4-cbc/encryption');
const SM3_MAC_LABEL = Buffer.from('civicgrid/personal-data/hmac-sm3/authentication');

function hmacSm3(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sm3', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Two independent keys from one 32-byte data key: encrypting and authenticating with one key is unsound. */
function sm4SubKeys(key: Buffer): { enc: Buffer; mac: Buffer } {
  return { enc: hmacSm3(key, SM4_ENC_LABEL).subarray(0, SM4_BLOCK), mac: hmacSm3(key, SM3_MAC_LABEL) };
}

function sm3Tag(macKey: Buffer, aad: Buffer, ivAndBody: Buffer): Buffer {
  // The aad length goes first so that no split of (aad, ciphertext) can be shifted into another.
  const aadLength = Buffer.alloc(8);
  aadLength.writeBigUInt64BE(BigInt(aad.length));
  return hmacSm3(macKey, aadLength, aad, ivAndBody);
}

/**
 * The national algorithms: SM4-CBC (random IV, PKCS#7) then HMAC-SM3 over aad and IV ‖ ciphertext
 * (encrypt-then-MAC, tag checked in constant time before anything is decrypted); HMAC-SM3 for blind indexes.
 * Layout: IV ‖ ciphertext ‖ tag. The 32-byte data key gives the SM4 key and the MAC key through HMAC-SM3 with
 * fixed labels, so key rings are the same for every suite. This is OpenSSL's software implementation: where an
 * assessment demands a certified module, implement `CipherSuite` over that module instead.
 */
export const sm4CbcHmacSm3Suite: CipherSuite = {
  name: SM,
  keyBytes: KEY_BYTES,
  seal(key, plaintext, aad) {
    requireKey(SM, key, KEY_BYTES);
    const { enc, mac } = sm4SubKeys(key);
    const iv = randomBytes(SM4_BLOCK);
    const cipher = createCipheriv('sm4-cbc', enc, iv);
    const ivAndBody = Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([ivAndBody, sm3Tag(mac, aad, ivAndBody)]);
  },
  open(key, sealed, aad) {
    requireKey(SM, key, KEY_BYTES);
    const bodyLength = sealed.length - SM4_BLOCK - SM3_TAG;
    if (bodyLength < SM4_BLOCK || bodyLength % SM4_BLOCK !== 0) throw new Error(`${SM}: malformed sealed value`);
    const { enc, mac } = sm4SubKeys(key);
    const ivAndBody = sealed.subarray(0, sealed.length - SM3_TAG);
    const tag = sealed.subarray(sealed.length - SM3_TAG);
    if (!timingSafeEqual(tag, sm3Tag(mac, aad, ivAndBody))) throw new Error(`${SM}: authentication failed`);
    const decipher = createDecipheriv('sm4-cbc', enc, ivAndBody.subarray(0, SM4_BLOCK));
    return Buffer.concat([decipher.update(ivAndBody.subarray(SM4_BLOCK)), decipher.final()]);
  },
  mac(key, data) {
    requireKey(SM, key, KEY_BYTES);
    return hmacSm3(key, data);
  },
};

/** The suites this process can open values with, by name. */
export const BUILT_IN_SUITES: readonly CipherSuite[] = SM_SUITE_AVAILABLE
  ? [aesGcmSha256Suite, sm4CbcHmacSm3Suite]
  : [aesGcmSha256Suite];
