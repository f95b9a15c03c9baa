import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * PGlite lets a second process open the same data directory and then silently loses rows, so the
 * embedded engine holds an exclusive lock on the data directory for as long as the process lives.
 * The lock is a directory created atomically (proper-lockfile) and refreshed; a crashed holder's lock
 * turns stale after STALE_MS and is taken over.
 */
const STALE_MS = 10_000;

/** The lock lives inside the data directory, so everything the installation owns is in one place. */
const lockPath = (dataDir: string) => path.join(dataDir, 'lock');

/** Another process took the directory: continuing would corrupt data, so stop at once. */
function onLockCompromised(dataDir: string) {
  return (err: Error) => {
    process.stderr.write(`fatal: lost the lock on ${dataDir}: ${err.message}\n`);
    process.exit(70);
  };
}

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** Where the holder serves HTTP, so CLI commands can go through it (backup while serving). */
  url: string | null;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
  ) {
    super(
      `data directory ${dataDir} is in use by process ${owner ? `${owner.pid} on ${owner.host}` : 'unknown'}` +
        (owner?.url ? ` (serving ${owner.url})` : ''),
    );
  }
}

const ownerFile = (dataDir: string) => path.join(dataDir, 'owner.json');

export function readLockOwner(dataDir: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isLocked(dataDir: string): boolean {
  return (
    existsSync(dataDir) &&
    lockfile.checkSync(dataDir, { stale: STALE_MS, realpath: false, lockfilePath: lockPath(dataDir) })
  );
}

export class DataDirLock {
  #release: (() => Promise<void>) | null = null;
  private constructor(readonly dataDir: string) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    mkdirSync(dataDir, { recursive: true });
    const lock = new DataDirLock(dataDir);
    const attempt = () =>
      lockfile.lock(dataDir, {
        stale: STALE_MS,
        realpath: false,
        lockfilePath: lockPath(dataDir),
        onCompromised: onLockCompromised(dataDir),
      });
    try {
      lock.#release = await attempt();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const owner = readLockOwner(dataDir);
      // A holder killed with -9 leaves its lock behind; wait for it to go stale rather than refuse.
      if (owner && owner.host === hostname() && !isProcessAlive(owner.pid)) {
        lock.#release = await lockfile.lock(dataDir, {
          stale: STALE_MS,
          realpath: false,
          lockfilePath: lockPath(dataDir),
          onCompromised: onLockCompromised(dataDir),
          retries: { retries: 20, minTimeout: 1000, maxTimeout: 1000, factor: 1 },
        });
      } else {
        throw new DataDirInUseError(dataDir, owner);
      }
    }
    lock.writeOwner(null);
    return lock;
  }

  writeOwner(url: string | null): void {
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), url };
    writeFileSync(ownerFile(this.dataDir), `${JSON.stringify(owner)}\n`);
  }

  async release(): Promise<void> {
    const r = this.#release;
    this.#release = null;
    if (r) await r();
  }
}
