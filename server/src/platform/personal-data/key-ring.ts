import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** Length of every data key and of the blind-index key (all built-in suites take 32 bytes). */
export const DATA_KEY_BYTES = 32;
/** The environment variable that carries the keys; when unset they live in `keysFileIn(DATA_DIR)`. */
export const DATA_KEYS_ENV = 'CIVICGRID_DATA_KEYS';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const FIELDS = ['active', 'keys', 'index'];
const EXAMPLE =
  '{"active": "k1", "keys": {"k1": "<base64>"}, "index": "<base64>"}, keys from `openssl rand -base64 32`';

/**
 * The key ring's configuration is wrong or unreadable. The message is one line for the operator and never
 * contains key material (nor the JSON parser's message, which would quote it).
 */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

/** A ring's contents once checked. */
export interface KeyMaterial {
  active: string;
  keys: ReadonlyMap<string, Buffer>;
  index: Buffer;
}

/** `<DATA_DIR>/keys/personal-data-keys.json`: outside the database, so a dump or a stolen database holds no keys. */
export function keysFileIn(dataDir: string): string {
  return path.join(dataDir, 'keys', 'personal-data-keys.json');
}

/**
 * The keys that seal personal data, kept outside the database: from CIVICGRID_DATA_KEYS (JSON
 * `{"active": "k2", "keys": {"k1": "<base64>", "k2": "<base64>"}, "index": "<base64>"}`) or, when that is unset,
 * from a file in the data directory created on first use (mode 0600 in a 0700 directory).
 *
 * Old keys stay in the ring after a rotation so that values sealed with them still open; a rotation job
 * reseals them with the active key (`PersonalDataProtector.needsReseal`/`reseal`), after which an old key may be
 * removed. The blind-index key is separate and not rotated: changing it means recomputing every index.
 * Backups of the database do not contain these keys — back the keys file (or the secret) up separately.
 */
export class KeyRing {
  private material: KeyMaterial | null;

  private constructor(
    /** Where the keys come from: the environment, or the keys file in the data directory. */
    readonly source: 'env' | 'file',
    /** The keys file (source 'file'). */
    readonly file: string | null,
    material: KeyMaterial | null,
    readonly keyBytes: number,
  ) {
    this.material = material;
  }

  /** A ring from JSON (the value of CIVICGRID_DATA_KEYS); `where` names the source in error messages. */
  static fromJson(json: string, where = DATA_KEYS_ENV, keyBytes = DATA_KEY_BYTES): KeyRing {
    return new KeyRing('env', null, parseKeyRing(json, where, keyBytes), keyBytes);
  }

  /** A ring kept in `file`: read and checked now if it exists, otherwise created on first use. */
  static fromFile(file: string, keyBytes = DATA_KEY_BYTES): KeyRing {
    return new KeyRing('file', file, existsSync(file) ? readKeysFile(file, keyBytes) : null, keyBytes);
  }

  /** The id of the key new values are sealed with. */
  get activeId(): string {
    return this.loaded().active;
  }

  get activeKey(): Buffer {
    const m = this.loaded();
    return m.keys.get(m.active)!;
  }

  /** The key for blind indexes, separate from every data key. */
  get indexKey(): Buffer {
    return this.loaded().index;
  }

  get ids(): string[] {
    return [...this.loaded().keys.keys()];
  }

  /**
   * The key with this id. A keys-file ring that lacks it reads the file again once: another process (the
   * `civicgrid keys rotate` command) may have added it while this one was running.
   */
  key(id: string): Buffer | undefined {
    const found = this.loaded().keys.get(id);
    if (found || this.source !== 'file' || !KEY_ID.test(id)) return found;
    this.material = readKeysFile(this.file!, this.keyBytes);
    return this.material.keys.get(id);
  }

  /**
   * Adds a new random key and makes it active; returns its id. Old keys stay, so everything sealed so far still
   * opens. Only a keys-file ring can rotate itself (the file is rewritten atomically, re-read first so that a key
   * added meanwhile is not lost); keys from the environment are rotated by whoever manages that secret.
   * The `civicgrid keys rotate` command (to come) calls this, then a job reseals old values. Other running
   * processes keep sealing with their previous active key until restarted, and open new values by re-reading.
   */
  rotate(): string {
    if (this.source !== 'file') {
      throw new KeyRingError(
        `${DATA_KEYS_ENV} is set, so this process cannot rotate the keys: add a new key to it, make it "active" and restart`,
      );
    }
    const file = this.file!;
    const current = existsSync(file) ? readKeysFile(file, this.keyBytes) : this.loaded();
    const id = nextKeyId(current.keys);
    const keys = new Map(current.keys).set(id, randomBytes(this.keyBytes));
    const next: KeyMaterial = { active: id, keys, index: current.index };
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeSecret(tmp, serialize(next));
    renameSync(tmp, file);
    fsyncDir(path.dirname(file));
    this.material = next;
    return id;
  }

  private loaded(): KeyMaterial {
    if (!this.material) this.material = createKeysFile(this.file!, this.keyBytes);
    return this.material;
  }
}

/** Picks where the keys come from: CIVICGRID_DATA_KEYS if given, else the keys file in the data directory. */
export function loadKeyRing(options: { dataKeys: string | null; dataDir: string }): KeyRing {
  return options.dataKeys !== null ? KeyRing.fromJson(options.dataKeys) : KeyRing.fromFile(keysFileIn(options.dataDir));
}

/** A fresh ring as CIVICGRID_DATA_KEYS JSON: one data key 'k1' and a blind-index key. */
export function newKeyRingJson(keyBytes = DATA_KEY_BYTES): string {
  return serialize(freshMaterial(keyBytes));
}

function freshMaterial(keyBytes: number): KeyMaterial {
  return { active: 'k1', keys: new Map([['k1', randomBytes(keyBytes)]]), index: randomBytes(keyBytes) };
}

function serialize(m: KeyMaterial): string {
  const keys = Object.fromEntries([...m.keys].map(([id, k]) => [id, k.toString('base64')]));
  return `${JSON.stringify({ active: m.active, keys, index: m.index.toString('base64') }, null, 2)}\n`;
}

function nextKeyId(keys: ReadonlyMap<string, Buffer>): string {
  let n = Math.max(0, ...[...keys.keys()].map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
  while (keys.has(`k${n}`)) n++;
  return `k${n}`;
}

/** Strict check of a ring's JSON; every error is one line naming `where` and never quoting a key. */
export function parseKeyRing(json: string, where: string, keyBytes = DATA_KEY_BYTES): KeyMaterial {
  const fail = (why: string) => new KeyRingError(`${where}: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw fail(`not valid JSON (expected ${EXAMPLE})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw fail(`must be a JSON object (${EXAMPLE})`);
  }
  const obj = parsed as Record<string, unknown>;
  const unknown = Object.keys(obj).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined) throw fail(`unknown field ${quote(unknown)} (expected active, keys, index)`);

  const decode = (value: unknown, what: string): Buffer => {
    if (typeof value !== 'string') throw fail(`${what} must be a base64 string of ${keyBytes} bytes`);
    const bytes = Buffer.from(value, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || bytes.toString('base64') !== value || bytes.length !== keyBytes) {
      throw fail(`${what} must be ${keyBytes} bytes in base64 (e.g. from \`openssl rand -base64 ${keyBytes}\`)`);
    }
    return bytes;
  };

  if (typeof obj.keys !== 'object' || obj.keys === null || Array.isArray(obj.keys)) {
    throw fail(`"keys" must be an object of key id → base64 key (${EXAMPLE})`);
  }
  const keys = new Map<string, Buffer>();
  for (const [id, value] of Object.entries(obj.keys)) {
    if (!KEY_ID.test(id)) throw fail(`key id ${quote(id)} must be 1–32 letters, digits, '-' or '_'`);
    const key = decode(value, `key ${quote(id)}`);
    const twin = [...keys].find(([, k]) => k.equals(key));
    if (twin) throw fail(`keys ${quote(twin[0])} and ${quote(id)} are the same key`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw fail('"keys" is empty: at least one key is needed');
  if (typeof obj.active !== 'string') throw fail('"active" must name the key new values are sealed with');
  if (!keys.has(obj.active)) throw fail(`"active" key ${quote(obj.active)} is not in "keys"`);
  if (obj.index === undefined) throw fail('"index" (the blind-index key) is missing');
  const index = decode(obj.index, '"index"');
  if ([...keys.values()].some((k) => k.equals(index))) throw fail('"index" must differ from every data key');
  return { active: obj.active, keys, index };
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

function readKeysFile(file: string, keyBytes: number): KeyMaterial {
  let text: string;
  try {
    // Keys readable by other accounts are as good as published: refuse them, as ssh does.
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new KeyRingError(
        `${file}: readable by other users (mode 0${mode.toString(8)}); run chmod 600 on it as the account that runs the server`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof KeyRingError) throw err;
    throw new KeyRingError(`${file}: cannot read the personal-data keys (${(err as NodeJS.ErrnoException).code})`);
  }
  return parseKeyRing(text, file, keyBytes);
}

/**
 * First use: a random data key and index key. Written to a temporary file and hard-linked into place, so a
 * crash never leaves half a file and two processes starting together end up with the same keys.
 */
function createKeysFile(file: string, keyBytes: number): KeyMaterial {
  const dir = path.dirname(file);
  try {
    mkdirSync(path.dirname(dir), { recursive: true });
    // Only the keys directory is ours to restrict; the data directory keeps the mode it was given.
    if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dir, 0o700);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeSecret(tmp, serialize(freshMaterial(keyBytes)));
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
    fsyncDir(dir);
  } catch (err) {
    if (err instanceof KeyRingError) throw err;
    throw new KeyRingError(`${file}: cannot create the personal-data keys (${(err as NodeJS.ErrnoException).code})`);
  }
  return readKeysFile(file, keyBytes);
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
