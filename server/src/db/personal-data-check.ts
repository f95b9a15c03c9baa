import { eq } from 'drizzle-orm';
import { SettingsError } from '../config/settings.ts';
import type { PersonalDataProtector } from '../platform/personal-data/index.ts';
import type { Db } from './database.ts';
import { personalDataKeyChecks } from './platform.tables.ts';

const CHECK = 'installation';
const PLAIN = 'civicgrid personal-data key check';

/**
 * Makes sure the personal-data keys this process holds are the ones the database's data was sealed
 * with. The first start records a sealed value; later starts must open it. Called by `serve`, not by
 * `restore`/`import` (which load the recorded value from the dump).
 */
export async function ensureKeysMatchData(db: Db, protector: PersonalDataProtector, now: Date): Promise<void> {
  const [row] = await db.select().from(personalDataKeyChecks).where(eq(personalDataKeyChecks.name, CHECK));
  if (!row) {
    await db
      .insert(personalDataKeyChecks)
      .values({ name: CHECK, sealed: protector.seal('credential', PLAIN), createdAt: now })
      .onConflictDoNothing();
    return;
  }
  let opened: string | null = null;
  try {
    opened = protector.open('credential', row.sealed);
  } catch {
    opened = null;
  }
  if (opened !== PLAIN) {
    throw new SettingsError(
      'the personal-data keys do not open this database (restored without its keys?): copy keys/personal-data-keys.json ' +
        'from the original data directory, or set CIVICGRID_DATA_KEYS to the keys it was written with',
    );
  }
}
