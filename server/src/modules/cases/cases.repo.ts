import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/database.ts';

/** The next number of a county's day; the row lock makes concurrent reports wait their turn. */
export async function nextNumber(db: Db, county: string, day: string): Promise<number> {
  const [row] = await rows<{ last: number }>(
    db,
    sql`insert into case_number_counter (county, day, last) values (${county}, ${day}, 1)
        on conflict (county, day) do update set last = case_number_counter.last + 1
        returning last`,
  );
  return Number(row?.last);
}
