import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/database.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { escapeLike } from '../../platform/sort.ts';

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

export const CASE_SORT_FIELDS = ['openedAt', 'updatedAt', 'number', 'dueAt'] as const;
export type CaseSortField = (typeof CASE_SORT_FIELDS)[number];

export interface CaseFilter {
  workflow?: string;
  states?: string[];
  /** A division code: the case's owning division is it or lies under it. */
  division?: string;
  grid?: string;
  category?: string;
  channel?: string;
  /** An org unit with an open task on the case (the lead unit, an assisting unit, a checker's unit). */
  unit?: string;
  /** The worst colour among the case's running clocks. */
  deadlineStatus?: 'green' | 'yellow' | 'red';
  openedFrom?: Date;
  openedBefore?: Date;
  /** Part of the number or of the title. */
  q?: string;
  open?: boolean;
  /** An open task of one of these kinds for one of these units or this account (a work queue's "mine"). */
  tasksFor?: { kinds: readonly string[]; units: readonly string[]; account: string | null };
}

/** Who may see which cases: owned in their divisions or grids, or with a task for their units or themselves. */
export interface CaseVisibility {
  divisions: readonly string[];
  grids: readonly string[];
  units: readonly string[];
  account: string | null;
}

export interface CaseListRow {
  id: string;
  workflow: string;
  number: string | null;
  state: string;
  data: Record<string, unknown>;
  ownerDivision: string;
  gridCode: string | null;
  openedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  deadlineStatus: 'green' | 'yellow' | 'red' | null;
  dueAt: Date | null;
  leadUnit: string | null;
}

const SORT_SQL: Record<CaseSortField, SQL> = {
  openedAt: sql`f.opened_at`,
  updatedAt: sql`f.updated_at`,
  number: sql`f.number`,
  dueAt: sql`d.due_at`,
};

/** One page of cases matching the filter that the reader may see, with their clocks' worst colour and lead unit. */
export async function listCases(
  db: Db,
  filter: CaseFilter,
  visibility: CaseVisibility,
  req: PageRequest<CaseSortField>,
): Promise<PageOf<CaseListRow>> {
  const json = (v: readonly string[]) => JSON.stringify(v);
  const where: SQL[] = [
    sql`(exists (select 1 from jsonb_array_elements_text(${json(visibility.divisions)}::jsonb) p
                 where f.owner_division like p || '%')
         or f.grid_code in (select jsonb_array_elements_text(${json(visibility.grids)}::jsonb))
         or exists (select 1 from case_task t where t.case_id = f.id and t.closed_at is null
                    and (t.assignee_unit::text in (select jsonb_array_elements_text(${json(visibility.units)}::jsonb))
                         or t.assignee_account::text = ${visibility.account ?? ''})))`,
  ];
  if (filter.workflow) where.push(sql`f.workflow = ${filter.workflow}`);
  if (filter.states?.length)
    where.push(sql`f.state in (select jsonb_array_elements_text(${json(filter.states)}::jsonb))`);
  if (filter.division) where.push(sql`f.owner_division like ${`${filter.division}%`}`);
  if (filter.grid) where.push(sql`f.grid_code = ${filter.grid}`);
  if (filter.category) where.push(sql`f.data->'category'->>'code' = ${filter.category}`);
  if (filter.channel) where.push(sql`f.data->>'channel' = ${filter.channel}`);
  if (filter.unit)
    where.push(sql`exists (select 1 from case_task t where t.case_id = f.id and t.closed_at is null
                           and t.assignee_unit = ${filter.unit}::uuid)`);
  if (filter.tasksFor) {
    const { kinds, units, account } = filter.tasksFor;
    where.push(sql`exists (select 1 from case_task t where t.case_id = f.id and t.closed_at is null
      and t.kind in (select jsonb_array_elements_text(${json(kinds)}::jsonb))
      and (t.assignee_unit::text in (select jsonb_array_elements_text(${json(units)}::jsonb))
           or t.assignee_account::text = ${account ?? ''}))`);
  }
  if (filter.deadlineStatus) where.push(sql`d.status = ${filter.deadlineStatus}`);
  if (filter.openedFrom) where.push(sql`f.opened_at >= ${filter.openedFrom}`);
  if (filter.openedBefore) where.push(sql`f.opened_at < ${filter.openedBefore}`);
  if (filter.open === true) where.push(sql`f.closed_at is null`);
  if (filter.open === false) where.push(sql`f.closed_at is not null`);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    where.push(sql`(f.number like ${like} or f.data->>'title' like ${like})`);
  }
  const order = req.sort.map((s) => sql`${SORT_SQL[s.field]} ${s.descending ? sql`desc` : sql`asc`} nulls last`);
  // Ids are time-ordered (UUIDv7): ties break the way the first key runs, so "newest first" stays newest first.
  order.push(req.sort[0]?.descending ? sql`f.id desc` : sql`f.id asc`);
  const from = sql`from case_file f
    left join lateral (
      select case when bool_or(c.status = 'red') then 'red' when bool_or(c.status = 'yellow') then 'yellow'
                  when count(*) > 0 then 'green' end as status,
             min(c.due_at) as due_at
      from case_deadline c where c.case_id = f.id and c.state = 'running'
    ) d on true
    where ${sql.join(where, sql` and `)}`;
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n ${from}`);
  const found = await rows<{
    id: string;
    workflow: string;
    number: string | null;
    state: string;
    data: Record<string, unknown>;
    owner_division: string;
    grid_code: string | null;
    opened_at: Date;
    updated_at: Date;
    closed_at: Date | null;
    status: 'green' | 'yellow' | 'red' | null;
    due_at: Date | null;
    lead_unit: string | null;
  }>(
    db,
    sql`select f.id, f.workflow, f.number, f.state, f.data, f.owner_division, f.grid_code, f.opened_at, f.updated_at,
          f.closed_at, d.status, d.due_at,
          (select t.assignee_unit::text from case_task t where t.case_id = f.id and t.kind = 'lead'
             and t.closed_at is null order by t.opened_at desc limit 1) as lead_unit
        ${from}
        order by ${sql.join(order, sql`, `)}
        limit ${req.pageSize} offset ${(req.page - 1) * req.pageSize}`,
  );
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    items: found.map((r) => ({
      id: r.id,
      workflow: r.workflow,
      number: r.number,
      state: r.state,
      data: r.data,
      ownerDivision: r.owner_division,
      gridCode: r.grid_code,
      openedAt: new Date(r.opened_at),
      updatedAt: new Date(r.updated_at),
      closedAt: at(r.closed_at),
      deadlineStatus: r.status,
      dueAt: at(r.due_at),
      leadUnit: r.lead_unit,
    })),
    page: req.page,
    pageSize: req.pageSize,
    total: Number(count?.n ?? 0),
  };
}

/** Open and overdue cases per row of a division (the command centre's map), with today's and recent counts. */
export interface SituationQuery {
  /** Only cases owned in one of these divisions ('' = all). */
  scope: readonly string[];
  /** Only cases owned in this division (and below); '' for the installation. */
  division: string;
  /** Rows: `left(owner_division, n)` for a number, or the grid code for `'grid'`. */
  rows: number | 'grid';
  /** Start of each business day, oldest first, the last one being today's start: the trend's buckets. */
  dayStarts: readonly Date[];
}

export interface SituationCounts {
  rows: { key: string; open: number; overdue: number }[];
  today: { opened: number; closed: number; open: number; overdue: number };
  /** One per entry of `dayStarts`. */
  trend: { opened: number; closed: number }[];
}

export async function caseSituation(db: Db, q: SituationQuery): Promise<SituationCounts> {
  const json = (v: readonly string[]) => JSON.stringify(v);
  const where = sql`exists (select 1 from jsonb_array_elements_text(${json(q.scope)}::jsonb) p
                             where f.owner_division like p || '%')
    and f.owner_division like ${`${q.division}%`}`;
  const overdue = sql`exists (select 1 from case_deadline d where d.case_id = f.id and d.state = 'running'
                              and d.status = 'red')`;
  const key = q.rows === 'grid' ? sql`coalesce(f.grid_code, '')` : sql`left(f.owner_division, ${q.rows})`;
  const perRow = await rows<{ key: string; open: number; overdue: number }>(
    db,
    sql`select ${key} as key, count(*)::int as open, (count(*) filter (where ${overdue}))::int as overdue
        from case_file f where ${where} and f.closed_at is null group by 1 order by 1`,
  );
  // Bucket bounds as epoch seconds: numbers we computed, so they are written into the statement as such.
  const bounds = q.dayStarts.map((d) => Math.floor(d.getTime() / 1000));
  const first = q.dayStarts[0] ?? new Date();
  const array = sql.raw(`array[${bounds.map((b) => String(b)).join(',')}]::float8[]`);
  const opened = await rows<{ bucket: number; n: number }>(
    db,
    sql`select width_bucket(extract(epoch from f.opened_at)::float8, ${array}) as bucket, count(*)::int as n
        from case_file f where ${where} and f.opened_at >= ${first} group by 1`,
  );
  const closed = await rows<{ bucket: number; n: number }>(
    db,
    sql`select width_bucket(extract(epoch from f.closed_at)::float8, ${array}) as bucket, count(*)::int as n
        from case_file f where ${where} and f.closed_at >= ${first} group by 1`,
  );
  const trend = q.dayStarts.map(() => ({ opened: 0, closed: 0 }));
  for (const r of opened) {
    const slot = trend[Number(r.bucket) - 1];
    if (slot) slot.opened = Number(r.n);
  }
  for (const r of closed) {
    const slot = trend[Number(r.bucket) - 1];
    if (slot) slot.closed = Number(r.n);
  }
  const last = trend[trend.length - 1] ?? { opened: 0, closed: 0 };
  return {
    rows: perRow.map((r) => ({ key: r.key, open: Number(r.open), overdue: Number(r.overdue) })),
    today: {
      opened: last.opened,
      closed: last.closed,
      open: perRow.reduce((s, r) => s + Number(r.open), 0),
      overdue: perRow.reduce((s, r) => s + Number(r.overdue), 0),
    },
    trend,
  };
}
