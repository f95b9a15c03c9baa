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

export interface NearbyCase {
  id: string;
  number: string | null;
  state: string;
  data: Record<string, unknown>;
  openedAt: Date;
  openedBy: string;
  ownerDivision: string;
  distanceM: number;
}

/**
 * Open cases of a workflow whose `data.category.code` is the given one and whose `data.location` lies
 * within a radius, opened since a time, owned inside the given divisions (prefixes), nearest first.
 * A bounding box on the stored coordinates keeps the haversine to the few cases around the point.
 */
export async function openNear(
  db: Db,
  q: {
    workflow: string;
    categoryCode: string;
    lng: number;
    lat: number;
    radiusM: number;
    since: Date;
    excludeId: string;
    divisions: readonly string[];
  },
): Promise<NearbyCase[]> {
  const dLat = q.radiusM / 111_320;
  const dLng = q.radiusM / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const prefixes = q.divisions.map((d) => `${d}%`);
  const found = await rows<{
    id: string;
    number: string | null;
    state: string;
    data: Record<string, unknown>;
    opened_at: Date;
    opened_by: string;
    owner_division: string;
    distance_m: number;
  }>(
    db,
    sql`with near as (
          select id, number, state, data, opened_at, opened_by, owner_division,
            (data->'location'->>'lng')::float8 as lng, (data->'location'->>'lat')::float8 as lat
          from case_file
          where workflow = ${q.workflow} and closed_at is null and id <> ${q.excludeId}::uuid
            and opened_at >= ${q.since} and data->'category'->>'code' = ${q.categoryCode}
            and exists (select 1 from jsonb_array_elements_text(${JSON.stringify(prefixes)}::jsonb) p
                        where owner_division like p)
            and (data->'location'->>'lat')::float8 between ${q.lat - dLat} and ${q.lat + dLat}
            and (data->'location'->>'lng')::float8 between ${q.lng - dLng} and ${q.lng + dLng}
        )
        select *, 2 * 6371008.8 * asin(sqrt(
            power(sin(radians(lat - ${q.lat}) / 2), 2)
            + cos(radians(${q.lat})) * cos(radians(lat)) * power(sin(radians(lng - ${q.lng}) / 2), 2))) as distance_m
        from near order by distance_m limit 50`,
  );
  return found
    .map((r) => ({
      id: r.id,
      number: r.number,
      state: r.state,
      data: r.data,
      openedAt: new Date(r.opened_at),
      openedBy: r.opened_by,
      ownerDivision: r.owner_division,
      distanceM: Number(r.distance_m),
    }))
    .filter((r) => r.distanceM <= q.radiusM);
}

/** Open or closed cases whose `data.duplicateOf` names this one and which are merged into it. */
export async function mergedInto(
  db: Db,
  id: string,
): Promise<{ id: string; number: string | null; openedBy: string; openedAt: Date }[]> {
  const found = await rows<{ id: string; number: string | null; opened_by: string; opened_at: Date }>(
    db,
    sql`select id, number, opened_by, opened_at from case_file
        where state = 'merged' and data->>'duplicateOf' = ${id} order by opened_at`,
  );
  return found.map((r) => ({ id: r.id, number: r.number, openedBy: r.opened_by, openedAt: new Date(r.opened_at) }));
}
