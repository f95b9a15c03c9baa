import { uuidv7 } from 'uuidv7';

/**
 * Time-ordered UUIDs made by the application, not by database sequences: rows keep their identity
 * when exported from the embedded database into a server, or when a county's rows move to a shard.
 */
export function newId(): string {
  return uuidv7();
}
