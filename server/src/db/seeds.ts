import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Db } from './database.ts';
import { seedRuns } from './platform.tables.ts';

/** A named, run-once data setup step. Demo seeders only run with `seed --demo` or CIVICGRID_DEMO. */
export interface Seeder {
  name: string;
  demo: boolean;
  run(ctx: AppContext, tx: Db): Promise<string>;
}

/** An arbitrary constant shared by every process seeding this database. */
const SEED_LOCK = 7_340_002;

/** Runs each seeder not yet recorded, each in its own transaction with its record: never twice. */
export async function runSeeders(ctx: AppContext, seeders: Seeder[], options: { demo: boolean }): Promise<string[]> {
  const done: string[] = [];
  for (const seeder of seeders) {
    if (seeder.demo && !options.demo) continue;
    const summary = await ctx.database.db.transaction(async (tx) => {
      // Servers starting together on one PostgreSQL: the second waits here, then finds the seeder done.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
      const [already] = await tx.select().from(seedRuns).where(eq(seedRuns.name, seeder.name)).for('update');
      if (already) return null;
      const result = await seeder.run(ctx, tx);
      await tx.insert(seedRuns).values({ name: seeder.name, appliedAt: ctx.time.now() });
      return result;
    });
    if (summary !== null) done.push(`${seeder.name}: ${summary}`);
  }
  return done;
}
