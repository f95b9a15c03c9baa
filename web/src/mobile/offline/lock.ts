import type { Db } from './db';

/**
 * Runs `fn` only if no other tab (or window of the installed app) is sending: two tabs sending the same item at
 * once would both upload and post it. The keys would keep the server right, but the second answer arriving after
 * the first deleted the item would be lost work and double traffic on a thin connection.
 * Resolves to false, without running `fn`, when another holder has it.
 */
export type ExclusiveRunner = (fn: () => Promise<void>) => Promise<boolean>;

const LOCK_NAME = 'civicgrid-m-outbox';

/** The Web Locks API: released by the browser when the holding tab dies. Secure contexts only. */
export function webLockRunner(locks: LockManager): ExclusiveRunner {
  // The callback's promise is what `request` resolves to (the DOM typing wraps it once more).
  return (fn) =>
    locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await fn();
      return true;
    }) as unknown as Promise<boolean>;
}

export const LEASE_MS = 30_000;

/**
 * Where Web Locks are missing (plain-http intranets are not secure contexts): a lease in IndexedDB, taken in one
 * read-write transaction (IndexedDB runs overlapping ones one after another) and renewed while the work runs. A
 * tab that dies leaves a lease that runs out after LEASE_MS.
 */
export function leaseRunner(db: Db, owner: string, now: () => number = Date.now): ExclusiveRunner {
  const take = async (): Promise<boolean> => {
    const tx = db.transaction('meta', 'readwrite');
    const lease = (await tx.store.get('lease')) as { owner: string; until: number } | undefined;
    if (lease && lease.owner !== owner && lease.until > now()) {
      await tx.done;
      return false;
    }
    await tx.store.put({ owner, until: now() + LEASE_MS }, 'lease');
    await tx.done;
    return true;
  };
  const release = async () => {
    const tx = db.transaction('meta', 'readwrite');
    const lease = (await tx.store.get('lease')) as { owner: string } | undefined;
    if (lease?.owner === owner) await tx.store.delete('lease');
    await tx.done;
  };
  return async (fn) => {
    if (!(await take())) return false;
    const renew = setInterval(() => void take(), LEASE_MS / 3);
    try {
      await fn();
    } finally {
      clearInterval(renew);
      await release();
    }
    return true;
  };
}

export function exclusiveRunner(db: Db, owner: string): ExclusiveRunner {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? webLockRunner(locks) : leaseRunner(db, owner);
}
