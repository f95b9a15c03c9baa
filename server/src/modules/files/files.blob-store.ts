import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDir } from '../../platform/files.ts';

/** What a stored blob is known by: its SHA-256 (lowercase hex) and its length in bytes. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/** An inclusive byte range, as in HTTP Range and fs.createReadStream. */
export interface BlobRange {
  start: number;
  end: number;
}

/**
 * Content-addressed storage for attachment bytes. Callers only ever see SHA-256 names, never paths,
 * so a later S3-compatible store can implement the same interface. A `put` resolves only once the
 * bytes are durable: a row that points at a blob is never committed before the blob itself.
 */
export interface BlobStore {
  /** Stores the content once (identical content is stored once) and names it by its SHA-256. */
  put(content: Readable | Uint8Array, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** The content, or the given inclusive range of it. */
  open(sha256: string, range?: BlobRange): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number>;
  /** Every stored blob (backup walks it). */
  list(): AsyncIterable<string>;
}

/** The content went over `maxBytes`; nothing was stored. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
  }
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
  constructor(readonly sha256: string) {
    super(`blob ${sha256} not found`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const TWO_HEX = /^[0-9a-f]{2}$/;
const TEMP_DIR = '.tmp';

/**
 * Blobs on local disk at `<root>/<aa>/<bb>/<sha256>`. A write goes to a temporary file under the same
 * root (so the rename stays on one file system), is fsynced, renamed into place atomically and the
 * directory fsynced: after a crash a blob is either whole under its name or absent, never partial.
 */
export class LocalBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(content: Readable | Uint8Array, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const tempDir = path.join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    let handle: FileHandle | null = await open(temp, 'wx', 0o640);
    try {
      const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
        content instanceof Uint8Array ? [content] : content;
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        // Checked before writing, so an oversized upload is cut off at the limit, not after it.
        if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(bytes);
        await handle.write(bytes);
      }
      await handle.sync();
      await handle.close();
      handle = null;
      const sha256 = hash.digest('hex');
      const target = this.#pathOf(sha256);
      if (await exists(target)) {
        await unlink(temp);
      } else {
        const dir = path.dirname(target);
        const created = await mkdir(dir, { recursive: true });
        await rename(temp, target);
        await fsyncDir(dir);
        // New directories must be durable too, or the blob's name could vanish with them.
        if (created) {
          await fsyncDir(path.dirname(dir));
          if (created !== dir) await fsyncDir(this.root);
        }
      }
      return { sha256, size };
    } catch (err) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      if (!(content instanceof Uint8Array)) content.destroy();
      throw err;
    }
  }

  async open(sha256: string, range?: BlobRange): Promise<Readable> {
    let handle: FileHandle;
    try {
      handle = await open(this.#pathOf(sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw err;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.#pathOf(sha256));
  }

  async size(sha256: string): Promise<number> {
    try {
      return (await stat(this.#pathOf(sha256))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw err;
    }
  }

  async *list(): AsyncIterable<string> {
    for (const a of await listDir(this.root)) {
      if (!TWO_HEX.test(a)) continue;
      for (const b of await listDir(path.join(this.root, a))) {
        if (!TWO_HEX.test(b)) continue;
        for (const name of await listDir(path.join(this.root, a, b))) {
          if (SHA256.test(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }

  #pathOf(sha256: string): string {
    // The name is checked before it becomes a path: a caller can never reach outside the root.
    if (!SHA256.test(sha256)) throw new RangeError(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
