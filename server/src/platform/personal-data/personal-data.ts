import { aesGcmSha256Suite, BUILT_IN_SUITES, type CipherSuite } from './cipher-suite.ts';
import type { KeyRing } from './key-ring.ts';
import { isPersonalDataKind, normalizeForIndex, type PersonalDataKind } from './normalize.ts';

/**
 * A sealed value cannot be opened: malformed, tampered with, sealed as another kind, or its key or suite is not
 * here. A server fault (500), never the caller's: messages name the kind and key id, never the value.
 */
export class PersonalDataError extends Error {
  override name = 'PersonalDataError';
}

const VERSION = 'pd1';
const NAME = /^[A-Za-z0-9-]{1,40}$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface PersonalDataProtectorOptions {
  keys: KeyRing;
  /** The suite new values are sealed with and blind indexes computed with (default AES-256-GCM + HMAC-SHA256). */
  suite?: CipherSuite;
  /** Further suites that older values may name (default: the built-in ones this Node supports). */
  alsoOpen?: readonly CipherSuite[];
}

interface Parsed {
  suite: string;
  keyId: string;
  body: Buffer;
}

/**
 * Seals, opens and indexes phone numbers, ID-card numbers, addresses and names, so that the database holds
 * only `pd1.<suite>.<keyId>.<base64url>` strings and hex blind indexes.
 *
 * - The kind is authenticated with the ciphertext (with the version, suite and key id): a sealed phone number
 *   copied into an ID-card column does not open.
 * - Blind indexes are an HMAC, under a key of their own, of the kind and the normalised value: equal values
 *   give equal indexes ('+86 138-1234-5678' and '13812345678'), so a column can be searched without
 *   decrypting it, while the ciphertexts differ on every write. Because phone numbers are few (under 10^10 mobiles),
 *   the index is only as safe as the index key: it must live where the database does not.
 */
export class PersonalDataProtector {
  readonly suite: CipherSuite;
  private readonly keys: KeyRing;
  private readonly suites: ReadonlyMap<string, CipherSuite>;

  constructor(options: PersonalDataProtectorOptions) {
    this.keys = options.keys;
    this.suite = options.suite ?? aesGcmSha256Suite;
    const all = [this.suite, ...(options.alsoOpen ?? BUILT_IN_SUITES)];
    const suites = new Map<string, CipherSuite>();
    for (const s of all) {
      if (!NAME.test(s.name)) throw new Error(`cipher suite name ${JSON.stringify(s.name)}: letters, digits, '-'`);
      if (s.keyBytes !== this.keys.keyBytes) {
        throw new Error(`cipher suite ${s.name} takes ${s.keyBytes}-byte keys, the key ring has ${this.keys.keyBytes}`);
      }
      const known = suites.get(s.name);
      if (known && known !== s) throw new Error(`two cipher suites are named ${s.name}`);
      suites.set(s.name, s);
    }
    this.suites = suites;
  }

  /** Encrypts `value` with the active key; a different string every call, even for the same value. */
  seal(kind: PersonalDataKind, value: string): string {
    requireKind(kind);
    const keyId = this.keys.activeId;
    const sealed = this.suite.seal(this.keys.activeKey, Buffer.from(value, 'utf8'), aad(this.suite.name, keyId, kind));
    return `${VERSION}.${this.suite.name}.${keyId}.${sealed.toString('base64url')}`;
  }

  /** The value `seal(kind, …)` sealed; throws `PersonalDataError` when it cannot be opened as that kind. */
  open(kind: PersonalDataKind, sealed: string): string {
    requireKind(kind);
    const p = parse(sealed);
    const suite = this.suites.get(p.suite);
    if (!suite) throw new PersonalDataError(`a sealed ${kind} names cipher suite ${p.suite}, which is not configured`);
    const key = this.keys.key(p.keyId);
    if (!key) {
      throw new PersonalDataError(
        `a sealed ${kind} names key ${p.keyId}, which is not in the key ring (keys file or CIVICGRID_DATA_KEYS)`,
      );
    }
    let plain: Buffer;
    try {
      plain = suite.open(key, p.body, aad(p.suite, p.keyId, kind));
    } catch {
      throw new PersonalDataError(
        `a sealed ${kind} (key ${p.keyId}) does not open: altered, sealed as another kind, or the key is not the one used`,
      );
    }
    try {
      return utf8.decode(plain);
    } catch {
      throw new PersonalDataError(`a sealed ${kind} (key ${p.keyId}) is not UTF-8 text`);
    }
  }

  /**
   * The search key for `value`: hex HMAC (index key) of the kind and the normalised value. Throws a 400
   * `AppError` (INVALID_PHONE, INVALID_ID_CARD, …) when the value cannot be normalised.
   */
  blindIndex(kind: PersonalDataKind, value: string): string {
    requireKind(kind);
    const normalised = normalizeForIndex(kind, value);
    return this.suite.mac(this.keys.indexKey, Buffer.from(`${kind}\u0000${normalised}`, 'utf8')).toString('hex');
  }

  /** Whether `sealed` was sealed with another key or suite than the active ones (a rotation job reseals it). */
  needsReseal(sealed: string): boolean {
    const p = parse(sealed);
    return p.keyId !== this.keys.activeId || p.suite !== this.suite.name;
  }

  /** The same value sealed with the active key and suite. */
  reseal(kind: PersonalDataKind, sealed: string): string {
    return this.seal(kind, this.open(kind, sealed));
  }

  /** Whether a string has the shape of a sealed value (a cheap check; it may still not open). */
  static isSealed(value: string): boolean {
    try {
      parse(value);
      return true;
    } catch {
      return false;
    }
  }
}

function requireKind(kind: string): void {
  if (!isPersonalDataKind(kind)) throw new PersonalDataError(`unknown kind of personal data ${JSON.stringify(kind)}`);
}

function aad(suite: string, keyId: string, kind: PersonalDataKind): Buffer {
  return Buffer.from(`${VERSION}|${suite}|${keyId}|${kind}`, 'utf8');
}

function parse(sealed: string): Parsed {
  const parts = sealed.split('.');
  const [version, suite, keyId, body] = parts;
  if (
    parts.length !== 4 ||
    version !== VERSION ||
    !suite ||
    !NAME.test(suite) ||
    !keyId ||
    !KEY_ID.test(keyId) ||
    !body ||
    !BASE64URL.test(body)
  ) {
    throw new PersonalDataError(`not a sealed value (expected ${VERSION}.<suite>.<key id>.<base64url>)`);
  }
  return { suite, keyId, body: Buffer.from(body, 'base64url') };
}
